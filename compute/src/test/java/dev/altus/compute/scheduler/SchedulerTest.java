package dev.altus.compute.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.RequestSpec;
import dev.altus.compute.model.Server;
import dev.altus.compute.service.HostAggregates;
import dev.altus.compute.store.StoreFixture;
import dev.altus.compute.virt.HostResources;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Placement with claims: the best host, and an explanation when there is none. */
class SchedulerTest {
  private final StoreFixture f = new StoreFixture();
  private final HostAggregates noAggregates = new HostAggregates() {
    @Override
    public String zoneOf(String host) {
      return "nova";
    }

    @Override
    public Map<String, Set<String>> metadataOf(String host) {
      return Map.of();
    }
  };
  private final Scheduler scheduler = new Scheduler(f.hosts, noAggregates, Clock.systemUTC(),
      Duration.ofSeconds(60));

  @AfterEach
  void close() {
    f.close();
  }

  private void host(String name, int ram) {
    f.hosts.register(name, "nova", new HostResources("QEMU", 1, 8, ram, 100, "x86_64",
        "127.0.0.1"), 1.0, 1.0, 1.0);
  }

  private ScheduleRequest request(Server s) {
    return new ScheduleRequest(s.id(), s.flavor(), s.requestSpec(), null, 1, Map.of(), Set.of(),
        Set.of());
  }

  @Test
  void prefersTheHostWithMostFreeRam() throws Exception {
    host("small", 1024);
    host("large", 8192);
    Server s = f.insert(StoreFixture.flavor(1, 512, 1));
    Selection sel = scheduler.selectAndClaim(request(s));
    assertThat(sel.host()).isEqualTo("large");
    assertThat(f.hosts.host("large").orElseThrow().memoryMbUsed()).isEqualTo(512);
  }

  @Test
  void noValidHostNamesEachHostAndWhy() {
    host("compute1", 1024);
    host("compute2", 512);
    f.db.jdbi().useHandle(h -> h.execute(
        "UPDATE compute_services SET disabled = TRUE WHERE host = 'compute1'"));
    Server s = f.insert(StoreFixture.flavor(1, 2048, 1));
    assertThatThrownBy(() -> scheduler.selectAndClaim(request(s)))
        .isInstanceOf(NoValidHost.class)
        .hasMessageContaining("No valid host was found.")
        .hasMessageContaining("compute1: service disabled (ComputeFilter)")
        .hasMessageContaining("compute2: RAM 512 MB free < 2048 MB requested (RamFilter)");
  }

  @Test
  void aHostWithoutRecentHeartbeatIsDown() {
    host("compute1", 4096);
    f.db.jdbi().useHandle(h -> h.execute("UPDATE compute_services SET last_seen_up = 1"));
    Server s = f.insert(StoreFixture.flavor(1, 512, 1));
    assertThatThrownBy(() -> scheduler.selectAndClaim(request(s)))
        .hasMessageContaining("compute1: service down since 1970-01-01T00:00:00Z (no heartbeat"
            + " for ").hasMessageContaining("compute.service_down_time is 60 s) (ComputeFilter)");
  }

  @Test
  void forcedHostSkipsOtherHostsButNotResources() throws Exception {
    host("a", 8192);
    host("b", 1024);
    Flavor fl = StoreFixture.flavor(1, 512, 1);
    Server s = f.insert(fl);
    RequestSpec forced = new RequestSpec(List.of(), null, "b", null, List.of(), List.of(),
        Map.of(), List.of());
    Selection sel = scheduler.selectAndClaim(new ScheduleRequest(s.id(), fl, forced, null, 1,
        Map.of(), Set.of(), Set.of()));
    assertThat(sel.host()).isEqualTo("b");
    Server big = f.insert(StoreFixture.flavor(1, 4096, 1));
    assertThatThrownBy(() -> scheduler.selectAndClaim(new ScheduleRequest(big.id(),
        big.flavor(), forced, null, 1, Map.of(), Set.of(), Set.of())))
        .hasMessageContaining("b: RAM 512 MB free < 4096 MB requested");
  }

  @Test
  void fillsHostsExactlyUnderConcurrency() throws Exception {
    host("h1", 2048);
    host("h2", 2048);
    Flavor fl = StoreFixture.flavor(1, 512, 1);
    List<Server> servers = new java.util.ArrayList<>();
    for (int i = 0; i < 9; i++) {
      servers.add(f.insert(fl));
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(9);
    List<java.util.concurrent.Future<String>> out = new java.util.ArrayList<>();
    for (Server s : servers) {
      out.add(pool.submit(() -> {
        try {
          return scheduler.selectAndClaim(request(s)).host();
        } catch (NoValidHost e) {
          return "none: " + e.getMessage();
        }
      }));
    }
    int placed = 0;
    int refused = 0;
    for (var r : out) {
      String v = r.get();
      if (v.startsWith("none")) {
        refused++;
        assertThat(v).contains("h1: RAM 0 MB free < 512 MB requested");
      } else {
        placed++;
      }
    }
    pool.shutdown();
    assertThat(placed).isEqualTo(8);
    assertThat(refused).isEqualTo(1);
    assertThat(f.hosts.host("h1").orElseThrow().memoryMbUsed()).isEqualTo(2048);
    assertThat(f.hosts.host("h2").orElseThrow().memoryMbUsed()).isEqualTo(2048);
  }
}
