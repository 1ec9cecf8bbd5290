package dev.altus.server.doctor;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.context.RequestContext;
import dev.altus.common.db.Database;
import dev.altus.common.host.Host;
import dev.altus.compute.ComputeModule;
import dev.altus.network.NetworkModule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The doctor of a running cloud: every check, wired to that cloud's parts. */
public final class CloudDoctors {
  private CloudDoctors() {}

  /**
   * @param databaseUrl the database's URL, shown with the password masked
   * @param host the address the APIs listen on and clients reach
   * @param ports the cloud's listening ports, each with what listens there
   * @param novncBaseUrl compute.novncproxy_base_url
   */
  public static CloudDoctor of(Database db, String databaseUrl, MessageBus bus,
      ComputeModule compute, NetworkModule network, Host machine, String host,
      Map<Integer, String> ports, String novncBaseUrl) {
    Clock clock = Clock.systemUTC();
    return new CloudDoctor(List.of(
        new DatabaseCheck(db, databaseUrl),
        new BusCheck(bus),
        new ServiceCheck(new dev.altus.compute.store.ComputeServiceStore(db.jdbi()), clock,
            compute.liveness.downTime()),
        new AgentCheck(network.agents, doctorContext()),
        new AccelerationCheck(compute.servers::agents),
        new ConsoleCheck(novncBaseUrl, host, "from the cloud"),
        new DataPlaneCheck(network, machine),
        new FirewallCheck(machine, host, ports),
        new BootCheck(db, compute.flavors, compute.servers.scheduler),
        new StuckCheck(db, clock)));
  }

  /** The doctor reads as an admin of no project (it changes nothing). */
  static RequestContext doctorContext() {
    return new RequestContext("altus-doctor", "altus-doctor", "default", null, null, null, null,
        true, Set.of("admin", "reader"), Set.of(), null, Instant.MAX, List.of(), null, null);
  }
}
