package dev.altus.compute.agent;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.Vif;
import dev.altus.compute.virt.VirtDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shelve: the guest's disk goes to an image ("NAME-shelved"), the guest is removed and the host's
 * resources freed (offloaded at once, Nova's default shelved_offload_time of 0); the server keeps
 * its ports, unbound from any host. Unshelve: the scheduler places it again and the guest is
 * spawned from that image, its ports bound to the new host; the image is then deleted.
 */
final class ShelveActions extends TaskSupport {
  private static final Logger LOG = LoggerFactory.getLogger(ShelveActions.class);
  private final Builder builder;
  private final NetworkPlumbing net;

  ShelveActions(AgentServices s, VirtDriver driver, String host, Builder builder,
      NetworkPlumbing net) {
    super(s, driver, host);
    this.builder = builder;
    this.net = net;
  }

  void shelve(AgentMessage m) {
    Server server = expecting(m, ServerStates.SHELVING).orElse(null);
    String imageId = m.arg("image_id");
    if (server == null) {
      return;
    }
    long event = startEvent(m, "compute_shelve_instance");
    RequestContext ctx = m.context();
    try {
      snapshotAndUpload(ctx, server.id(), imageId, () -> s.servers().apply(
          ServerUpdate.of(server.id()).whenTask(ServerStates.SHELVING)
              .task(ServerStates.SHELVING_IMAGE_UPLOADING)));
      driver.powerOff(server.id(), 0);
      s.servers().apply(ServerUpdate.of(server.id())
          .whenTask(ServerStates.SHELVING_IMAGE_UPLOADING)
          .task(ServerStates.SHELVING_OFFLOADING).vm(ServerStates.SHELVED)
          .set("shelved_image", imageId).set("power_state", power(server.id())));
      offload(ctx, server);
      finishEvent(event, true, null);
    } catch (DriverException | IOException | RuntimeException e) {
      LOG.warn("shelve of {} failed: {}", server.id(), e.toString());
      try {
        s.images().delete(ctx, imageId);
      } catch (RuntimeException x) {
        LOG.warn("cannot delete the shelve image {}: {}", imageId, x.getMessage());
      }
      s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.SHELVING,
          ServerStates.SHELVING_IMAGE_UPLOADING).task(null)
          .set("power_state", power(server.id()))
          .fault(fault(500, "Shelve failed: " + e.getMessage(), "on " + host)));
      finishEvent(event, false, e.toString());
    }
  }

  /** shelveOffload of a server shelved on this host (admins). */
  void offload(AgentMessage m) {
    Server server = expecting(m, ServerStates.SHELVING_OFFLOADING).orElse(null);
    if (server != null) {
      long event = startEvent(m, "compute_shelve_offload_instance");
      offload(m.context(), server);
      finishEvent(event, true, null);
    }
  }

  private void offload(RequestContext ctx, Server server) {
    try {
      driver.destroy(server.id());
    } catch (DriverException e) {
      LOG.warn("cannot remove the guest of shelved {}: {}", server.id(), e.getMessage());
    }
    removeConfigDrive(server.id());
    for (ServerPort p : s.ports().of(server.id())) {
      try {
        s.networks().bind(ctx, p.portId(), server.id(), "", zone(server));
      } catch (RuntimeException e) {
        LOG.warn("cannot unbind port {} of shelved {}: {}", p.portId(), server.id(),
            e.getMessage());
      }
    }
    s.hosts().release(server.id());
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.SHELVING_OFFLOADING)
        .vm(ServerStates.SHELVED_OFFLOADED).task(null).set("host", null).set("node", null)
        .set("power_state", PowerState.SHUTDOWN.code()));
  }

  void unshelve(AgentMessage m) {
    Server server = expecting(m, ServerStates.UNSHELVING).orElse(null);
    if (server == null || !host.equals(server.host())) {
      return;
    }
    long event = startEvent(m, "compute_unshelve_instance");
    RequestContext ctx = m.context();
    String imageId = s.servers().shelvedImage(server.id());
    try {
      ImageClient.ImageInfo info = s.images().find(ctx, imageId).orElseThrow(() ->
          new DriverException("The shelved image " + imageId + " of instance " + server.id()
              + " could not be found.", false));
      ImageSource image = builder.cached(info, server.id());
      List<Vif> vifs = new ArrayList<>();
      for (ServerPort p : s.ports().of(server.id())) {
        var bound = s.networks().bind(ctx, p.portId(), server.id(), host, zone(server));
        vifs.add(new Vif(bound.id(), bound.macAddress(), bound.networkId(),
            bound.fixedIps().stream().map(ip -> ip.ipAddress()).toList(), 1500));
      }
      driver.spawn(builder.spec(server, server.flavor(), image, vifs));
      s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.UNSHELVING)
          .vm(ServerStates.ACTIVE).task(null).set("shelved_image", null)
          .set("power_state", power(server.id())));
      try {
        s.images().delete(ctx, imageId);
      } catch (RuntimeException e) {
        LOG.warn("cannot delete the shelved image {}: {}", imageId, e.getMessage());
      }
      finishEvent(event, true, null);
    } catch (DriverException | ApiException e) {
      try {
        driver.destroy(server.id());
      } catch (DriverException x) {
        LOG.warn("cleaning up the unshelve of {}: {}", server.id(), x.getMessage());
      }
      removeConfigDrive(server.id());
      s.hosts().release(server.id());
      s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.UNSHELVING)
          .vm(ServerStates.SHELVED_OFFLOADED).task(null).set("host", null).set("node", null)
          .fault(fault(500, "Unshelve failed: " + e.getMessage(), "on " + host)));
      finishEvent(event, false, e.getMessage());
    }
  }

  private String zone(Server server) {
    return server.availabilityZone() == null ? s.defaultZone() : server.availabilityZone();
  }
}
