package dev.altus.compute.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.RequestSpec;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.service.ServerUsage;
import dev.altus.compute.virt.HostResources;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The servers tables on a real PostgreSQL: the migration, compare-and-set changes (nulls
 * included), claims that never overbook under concurrency, usage sums, instance actions.
 */
abstract class ServersOnDatabaseContract {
  static Database db;
  static ServerStore servers;
  static ComputeHostStore hosts;

  static void open(DatabaseConfig c) {
    db = new Database(c).migrate(List.of("compute"));
    servers = new ServerStore(db.jdbi(), Clock.systemUTC());
    hosts = new ComputeHostStore(db.jdbi(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  static Server insert(String project, Flavor f) {
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    Server s = new Server(id, 0, "s", project, "u1", null, null, null, null,
        ServerStates.BUILDING, ServerStates.SCHEDULING, 0, null, f, null, null, "img", null,
        null, null, null, null, null, false, null, null, "s", 0, "r-1", "", false,
        List.of("default"), new RequestSpec(List.of(), null, null, null, List.of(), List.of(),
            Map.of(), List.of()), now, now, null, null, null, false, null);
    servers.jdbi().useTransaction(h -> servers.insert(h, s));
    return servers.find(id).orElseThrow();
  }

  @Test
  void compareAndSetWithNullsAndTypes() {
    Server s = insert("p-cas", StoreFixture.flavor(1, 512, 1));
    assertThat(servers.apply(ServerUpdate.of(s.id()).whenVm(ServerStates.BUILDING)
        .whenTask(ServerStates.SCHEDULING).vm(ServerStates.ACTIVE).task(null)
        .set("power_state", 1).set("launched_at", 42L).set("locked", true)
        .set("locked_reason", null).set("fault_code", null))).isTrue();
    Server after = servers.find(s.id()).orElseThrow();
    assertThat(after.status()).isEqualTo("ACTIVE");
    assertThat(after.launchedAt()).isEqualTo(42L);
    assertThat(after.locked()).isTrue();
    assertThat(servers.apply(ServerUpdate.of(s.id()).whenVm(ServerStates.BUILDING)
        .whenIdle().task(ServerStates.POWERING_OFF))).isFalse();
  }

  @Test
  void concurrentClaimsNeverOverbook() throws Exception {
    hosts.register("pg-h1", "nova", new HostResources("QEMU", 1, 100, 8 * 512, 100, "x86_64",
        "127.0.0.1"), 1.0, 1.0, 1.0);
    Flavor tiny = StoreFixture.flavor(1, 512, 1);
    List<Server> list = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      list.add(insert("p-claims", tiny));
    }
    var pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> out = new ArrayList<>();
    for (Server s : list) {
      out.add(pool.submit(() -> hosts.claim(s.id(), "pg-h1",
          ComputeHostStore.Amount.of(tiny))));
    }
    int won = 0;
    for (Future<Boolean> f : out) {
      won += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(won).isEqualTo(8);
    assertThat(hosts.host("pg-h1").orElseThrow().memoryMbUsed()).isEqualTo(8 * 512);
    hosts.recountUsage("pg-h1");
    assertThat(hosts.host("pg-h1").orElseThrow().runningVms()).isEqualTo(8);
    for (Server s : list) {
      hosts.release(s.id());
    }
    assertThat(hosts.host("pg-h1").orElseThrow().memoryMbUsed()).isZero();
  }

  @Test
  void usageAndActions() {
    Flavor f = StoreFixture.flavor(2, 1024, 10);
    Server a = insert("p-usage", f);
    insert("p-usage", f);
    assertThat(new ServerUsage(db.jdbi()).of("p-usage", null))
        .isEqualTo(new dev.altus.compute.service.ProjectUsage.Usage(2, 4, 2048));
    InstanceActionStore actions = new InstanceActionStore(db.jdbi(), Clock.systemUTC());
    long action = actions.start(a.id(), "create", "req-1", "u1", "p-usage");
    long event = actions.startEvent(action, "compute__do_build_and_run_instance", "h1");
    actions.finishEvent(event, false, "boom");
    assertThat(actions.byRequest(a.id(), "req-1").orElseThrow().message()).isEqualTo("Error");
    assertThat(actions.events(action).get(0).result()).isEqualTo("Error");
  }
}
