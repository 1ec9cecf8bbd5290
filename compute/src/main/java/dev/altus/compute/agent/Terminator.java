package dev.altus.compute.agent;

import dev.altus.common.context.RequestContext;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.VirtDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a server on this host: the guest, the ports compute created (the user's own ports are
 * only unbound), the resource claim, and its group membership; the row stays as DELETED.
 */
final class Terminator extends TaskSupport {
  private static final Logger LOG = LoggerFactory.getLogger(Terminator.class);
  private final NetworkPlumbing net;

  Terminator(AgentServices s, VirtDriver driver, String host, NetworkPlumbing net) {
    super(s, driver, host);
    this.net = net;
  }

  void delete(AgentMessage m) {
    Server server = s.servers().find(m.serverId()).orElse(null);
    if (server == null) {
      return;
    }
    long event = startEvent(m, "compute_terminate_instance");
    try {
      driver.destroy(server.id());
    } catch (DriverException e) {
      s.servers().apply(ServerUpdate.of(server.id()).vm(ServerStates.ERROR).task(null)
          .fault(fault(500, e.getMessage(), "Failed to delete on " + host)));
      finishEvent(event, false, e.getMessage());
      return;
    }
    removeConfigDrive(server.id());
    finish(m.context(), server, net, s);
    finishEvent(event, true, null);
  }

  /** Everything after the guest is gone; also the API's delete of a server no host runs. */
  static void finish(RequestContext ctx, Server server, NetworkPlumbing net, AgentServices s) {
    if (net != null) {
      net.unplug(ctx, server.id());
    }
    s.hosts().release(server.id());
    long now = s.clock().millis();
    s.servers().apply(ServerUpdate.of(server.id()).vm(ServerStates.DELETED).task(null)
        .set("power_state", PowerState.NOSTATE.code()).set("deleted", true)
        .set("deleted_at", now).set("terminated_at", now));
    try {
      s.groups().removeMember(server.id());
    } catch (RuntimeException e) {
      LOG.warn("could not remove server {} from its group: {}", server.id(), e.getMessage());
    }
  }
}
