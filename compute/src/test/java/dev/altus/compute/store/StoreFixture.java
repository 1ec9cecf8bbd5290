package dev.altus.compute.store;

import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.RequestSpec;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A compute schema in a fresh in-memory database, and servers to put in it. */
public final class StoreFixture implements AutoCloseable {
  public final Database db;
  public final ServerStore servers;
  public final ComputeHostStore hosts;

  public StoreFixture() {
    db = new Database(DatabaseConfig.inMemory("store-" + UUID.randomUUID()))
        .migrate(List.of("compute"));
    servers = new ServerStore(db.jdbi(), Clock.systemUTC());
    hosts = new ComputeHostStore(db.jdbi(), Clock.systemUTC());
  }

  public static Flavor flavor(int vcpus, int ram, int disk) {
    return new Flavor("f" + vcpus + "-" + ram + "-" + disk, "f", vcpus, ram, disk, 0, 0, 1.0,
        true, false, null, Map.of());
  }

  /** Inserts a server in BUILD/scheduling; returns it as stored. */
  public Server insert(Flavor f) {
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    Server s = new Server(id, 0, "s", "p1", "u1", null, null, null, null,
        ServerStates.BUILDING, ServerStates.SCHEDULING, 0, null, f, null, null, "img", null,
        null, null, null, null, null, false, null, null, "s", 0, "r-1", "", false, List.of("default"),
        new RequestSpec(List.of(), null, null, null, List.of(), List.of(), Map.of(), List.of()),
        now, now, null, null, null, false, null);
    servers.jdbi().useTransaction(h -> servers.insert(h, s));
    return servers.find(id).orElseThrow();
  }

  @Override
  public void close() {
    db.close();
  }
}
