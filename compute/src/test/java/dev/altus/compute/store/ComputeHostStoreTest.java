package dev.altus.compute.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.Server;
import dev.altus.compute.store.ComputeHostStore.Amount;
import dev.altus.compute.virt.HostResources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Claims: guarded, never overbooked under concurrency, released at most once. */
class ComputeHostStoreTest {
  private final StoreFixture f = new StoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private void host(String name, int vcpus, int ram, int disk) {
    f.hosts.register(name, "nova", new HostResources("QEMU", 1, vcpus, ram, disk, "x86_64",
        "127.0.0.1"), 1.0, 1.0, 1.0);
  }

  @Test
  void registersHostAndRefreshesCapacity() {
    host("h1", 4, 4096, 40);
    var row = f.hosts.host("h1").orElseThrow();
    assertThat(row.memoryMb()).isEqualTo(4096);
    assertThat(row.lastSeenUp()).isNotNull();
    host("h1", 8, 8192, 80);
    assertThat(f.hosts.hosts()).hasSize(1);
    assertThat(f.hosts.host("h1").orElseThrow().vcpus()).isEqualTo(8);
  }

  @Test
  void concurrentClaimsNeverOverbook() throws Exception {
    host("h1", 100, 10 * 512, 100);
    Flavor tiny = StoreFixture.flavor(1, 512, 1);
    List<Server> servers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      servers.add(f.insert(tiny));
    }
    var pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> results = new ArrayList<>();
    for (Server s : servers) {
      results.add(pool.submit(() -> f.hosts.claim(s.id(), "h1", Amount.of(tiny))));
    }
    int won = 0;
    for (Future<Boolean> r : results) {
      won += r.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(won).isEqualTo(10);
    var row = f.hosts.host("h1").orElseThrow();
    assertThat(row.memoryMbUsed()).isEqualTo(5120);
    assertThat(row.runningVms()).isEqualTo(10);
  }

  @Test
  void aServerHoldsOneClaimAndReleasesItOnce() {
    host("h1", 4, 4096, 40);
    Flavor f1 = StoreFixture.flavor(1, 1024, 10);
    Server s = f.insert(f1);
    assertThat(f.hosts.claim(s.id(), "h1", Amount.of(f1))).isTrue();
    assertThat(f.hosts.claim(s.id(), "h1", Amount.of(f1))).as("second claim").isFalse();
    assertThat(f.hosts.host("h1").orElseThrow().memoryMbUsed()).isEqualTo(1024);
    assertThat(f.hosts.release(s.id())).isTrue();
    assertThat(f.hosts.release(s.id())).isFalse();
    assertThat(f.hosts.host("h1").orElseThrow().memoryMbUsed()).isZero();
  }

  @Test
  void resizeHoldsBothClaimsUntilOneIsDropped() {
    host("h1", 8, 8192, 100);
    Flavor small = StoreFixture.flavor(1, 1024, 10);
    Flavor big = StoreFixture.flavor(2, 2048, 20);
    Server s = f.insert(small);
    f.hosts.claim(s.id(), "h1", Amount.of(small));
    assertThat(f.hosts.claimResize(s.id(), "h1", Amount.of(big))).isTrue();
    assertThat(f.hosts.host("h1").orElseThrow().memoryMbUsed()).isEqualTo(3072);
    assertThat(f.hosts.releaseResize(s.id())).isTrue();
    assertThat(f.hosts.host("h1").orElseThrow().memoryMbUsed()).isEqualTo(1024);
    assertThat(f.hosts.releaseResize(s.id())).isFalse();
  }

  @Test
  void recountHealsDrift() {
    host("h1", 8, 8192, 100);
    Flavor small = StoreFixture.flavor(1, 1024, 10);
    Server s = f.insert(small);
    f.hosts.claim(s.id(), "h1", Amount.of(small));
    f.db.jdbi().useHandle(h -> h.execute("UPDATE compute_nodes SET memory_mb_used = 7777"));
    f.hosts.recountUsage("h1");
    assertThat(f.hosts.host("h1").orElseThrow().memoryMbUsed()).isEqualTo(1024);
  }
}
