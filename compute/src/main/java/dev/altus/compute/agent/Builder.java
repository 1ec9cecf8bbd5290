package dev.altus.compute.agent;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.InstanceSpec;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.Vif;
import dev.altus.compute.virt.VirtDriver;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a server on this host: plugs its ports, has the driver spawn the guest, and marks it
 * ACTIVE; a failure releases what the build took (ports, claim) and either hands the server back
 * for another host (a retryable driver failure) or leaves it in ERROR with the fault.
 */
final class Builder extends TaskSupport {
  private static final Logger LOG = LoggerFactory.getLogger(Builder.class);
  static final String EVENT = "compute__do_build_and_run_instance";
  /** How long a build waits for its ports to be wired before it goes on (Nova: 300 s, fatal). */
  static final long WIRE_TIMEOUT_MS = 60_000;
  private final NetworkPlumbing net;
  private final ImageCache cache;

  Builder(AgentServices s, VirtDriver driver, String host, NetworkPlumbing net,
      ImageCache cache) {
    super(s, driver, host);
    this.net = net;
    this.cache = cache;
  }

  /** The image from this host's cache (fetched on first use), recorded as the guest's root. */
  ImageSource cached(ImageClient.ImageInfo info, String guest) throws DriverException {
    return cache.source(info, guest);
  }

  void build(AgentMessage m) {
    Server server = s.servers().find(m.serverId()).orElse(null);
    if (server == null || !host.equals(server.host())) {
      return; // deleted before it got here, or rescheduled elsewhere
    }
    if (!s.servers().apply(ServerUpdate.of(server.id()).whenVm(ServerStates.BUILDING)
        .whenTask(ServerStates.SCHEDULING).task(ServerStates.NETWORKING))) {
      return; // being deleted: the delete queued behind this build cleans up
    }
    long event = startEvent(m, EVENT);
    RequestContext ctx = m.context();
    try {
      ImageSource image = image(server);
      List<Vif> vifs = net.plug(ctx, server);
      if (!s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.NETWORKING)
          .task(ServerStates.SPAWNING))) {
        finishEvent(event, false, "deleted while building");
        return;
      }
      driver.spawn(spec(server, server.flavor(), image, vifs));
      awaitWired(ctx, server.id(), vifs);
      boolean active = s.servers().apply(ServerUpdate.of(server.id())
          .whenVm(ServerStates.BUILDING).whenTask(ServerStates.SPAWNING)
          .vm(ServerStates.ACTIVE).task(null).set("power_state", power(server.id()))
          .set("launched_at", s.clock().millis()));
      finishEvent(event, true, null);
      if (!active) {
        LOG.debug("server {} was deleted while it spawned; its delete removes the guest",
            server.id());
      }
    } catch (DriverException e) {
      undo(ctx, server);
      finishEvent(event, false, e.getMessage());
      if (e.retryable()) {
        s.rescheduler().reschedule(server.id(), host, e.getMessage(), m.caller(), m.actionId());
      } else {
        fail(server, e.getMessage());
      }
    } catch (ApiException e) {
      // the network or image service refused (no free address, address in use, port gone)
      undo(ctx, server);
      finishEvent(event, false, e.getMessage());
      fail(server, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("build of server {} failed on {}", server.id(), host, e);
      undo(ctx, server);
      finishEvent(event, false, e.toString());
      fail(server, "Build of instance " + server.id() + " failed: " + e.getMessage());
    }
  }

  /**
   * As Nova waits for the network service's network-vif-plugged events before it reports a new
   * server ACTIVE: returns once every port of the guest is ACTIVE (its L2 agent has wired the tap,
   * the filter and the DHCP entry), so a client that sees ACTIVE finds its ports ACTIVE too.
   * After {@link #WIRE_TIMEOUT_MS} the build goes on with a warning (a port that is
   * administratively down stays DOWN).
   */
  private void awaitWired(RequestContext ctx, String serverId, List<Vif> vifs) {
    long deadline = System.currentTimeMillis() + WIRE_TIMEOUT_MS;
    for (Vif v : vifs) {
      while (true) {
        String status = s.networks().port(ctx, v.portId()).map(NetworkClient.PortInfo::status)
            .orElse("ACTIVE"); // gone: the server's delete or the port's owner handles it
        if ("ACTIVE".equals(status)) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          LOG.warn("server {}: port {} is still {} {} ms after the guest started; going on",
              serverId, v.portId(), status, WIRE_TIMEOUT_MS);
          return;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** The server's boot image as the driver reads it, or null when it has none. */
  ImageSource image(Server server) throws DriverException {
    if (server.imageRef() == null || server.imageRef().isEmpty()) {
      return null;
    }
    try {
      ImageClient.ImageInfo info = s.images().find(
          CallerContexts.owner(server.userId(), server.projectId()), server.imageRef())
          .orElseThrow(() -> new DriverException("Image " + server.imageRef()
              + " could not be found.", false));
      return cache.source(info, server.id());
    } catch (ApiException e) {
      throw new DriverException("Image " + server.imageRef() + " is not usable: "
          + e.getMessage(), false);
    }
  }

  private void undo(RequestContext ctx, Server server) {
    try {
      driver.destroy(server.id());
    } catch (DriverException | RuntimeException e) {
      LOG.warn("cleaning up the failed build of {}: {}", server.id(), e.getMessage());
    }
    removeConfigDrive(server.id());
    net.unplug(ctx, server.id());
  }

  /** The build failed for good: ERROR with the fault, its claim released. */
  private void fail(Server server, String message) {
    s.servers().apply(ServerUpdate.of(server.id()).whenVm(ServerStates.BUILDING)
        .whenNotDeleting().vm(ServerStates.ERROR).task(null)
        .set("power_state", PowerState.NOSTATE.code())
        .fault(fault(500, message, "Build of instance " + server.id() + " failed on " + host)));
    s.hosts().release(server.id());
  }

  /**
   * What the driver needs to create (or resize, rebuild) the guest; with a config drive made
   * afresh when the server gets one (so it carries what the server is now).
   */
  InstanceSpec spec(Server server, Flavor flavor, ImageSource image, List<Vif> vifs) {
    InstanceSpec spec = new InstanceSpec(server.id(), server.instanceName(), server.hostname(),
        flavor.vcpus(), flavor.memoryMb(), flavor.rootGb(), flavor.ephemeralGb(),
        flavor.swapMb(), image, vifs, server.userData(), s.metadata().of(server.id()),
        server.keyData());
    if (s.configDrives() == null || !s.configDrives().wanted(server)) {
      return spec;
    }
    if (!"True".equals(server.configDrive())) {
      // the API shows config_drive "True" for a drive the cloud gave unasked, as Nova does
      s.servers().apply(ServerUpdate.of(server.id()).set("config_drive", "True"));
      server = s.servers().find(server.id()).orElse(server);
    }
    return spec.withConfigDrive(s.configDrives().write(server, instanceDir(server.id())));
  }
}
