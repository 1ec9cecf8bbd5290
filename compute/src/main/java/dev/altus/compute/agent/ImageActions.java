package dev.altus.compute.agent;

import dev.altus.common.error.ApiException;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.VirtDriver;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions that move disk images: createImage (the driver writes a copy of the root disk,
 * which is uploaded to the image the API created) and rebuild (a fresh root disk from an image).
 */
final class ImageActions extends TaskSupport {
  private static final Logger LOG = LoggerFactory.getLogger(ImageActions.class);
  private final Builder builder;
  private final NetworkPlumbing net;

  ImageActions(AgentServices s, VirtDriver driver, String host, Builder builder,
      NetworkPlumbing net) {
    super(s, driver, host);
    this.builder = builder;
    this.net = net;
  }

  void snapshot(AgentMessage m) {
    Server server = expecting(m, ServerStates.IMAGE_SNAPSHOT).orElse(null);
    String imageId = m.arg("image_id");
    if (server == null) {
      return;
    }
    long event = startEvent(m, "compute_snapshot_instance");
    try {
      s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.IMAGE_SNAPSHOT)
          .task(ServerStates.IMAGE_PENDING_UPLOAD));
      snapshotAndUpload(m.context(), server.id(), imageId, () -> s.servers().apply(
          ServerUpdate.of(server.id()).whenTask(ServerStates.IMAGE_PENDING_UPLOAD)
              .task(ServerStates.IMAGE_UPLOADING)));
      s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.IMAGE_UPLOADING)
          .task(null));
      if (m.arg("backup_type") != null) {
        rotate(m, server);
      }
      finishEvent(event, true, null);
    } catch (DriverException e) {
      dropImage(m, imageId);
      actionFailed(server, null, "snapshot", e, event);
      endTask(server);
    } catch (IOException | RuntimeException e) {
      LOG.warn("snapshot of server {} failed: {}", server.id(), e.toString());
      dropImage(m, imageId);
      endTask(server);
      fault(server.id(), 500, "Snapshot failed: " + e.getMessage(), "on " + host);
      finishEvent(event, false, e.toString());
    }
  }

  /** Deletes the oldest backups of the server's type beyond the rotation. */
  private void rotate(AgentMessage m, Server server) {
    int rotation = Integer.parseInt(m.arg("rotation"));
    var backups = s.images().list(m.context(), java.util.Map.of("instance_uuid", server.id(),
        "image_type", "backup", "backup_type", m.arg("backup_type")));
    for (int i = 0; i < backups.size() - rotation; i++) {
      dropImage(m, backups.get(i).id());
    }
  }

  private void endTask(Server server) {
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.IMAGE_SNAPSHOT,
        ServerStates.IMAGE_PENDING_UPLOAD, ServerStates.IMAGE_UPLOADING).task(null));
  }

  private void dropImage(AgentMessage m, String imageId) {
    try {
      s.images().delete(m.context(), imageId);
    } catch (RuntimeException e) {
      LOG.warn("cannot delete the image {} of a failed snapshot: {}", imageId, e.getMessage());
    }
  }

  void rebuild(AgentMessage m) {
    Server server = expecting(m, ServerStates.REBUILDING).orElse(null);
    if (server == null) {
      return;
    }
    long event = startEvent(m, "compute_rebuild_instance");
    try {
      ImageClient.ImageInfo info = s.images().find(m.context(), server.imageRef()).orElseThrow(
          () -> new DriverException("Image " + server.imageRef() + " could not be found.",
              false));
      ImageSource image = builder.cached(info, server.id());
      s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.REBUILDING)
          .task(ServerStates.REBUILD_SPAWNING));
      driver.rebuild(builder.spec(server, server.flavor(), image, net.vifs(server.id())));
      boolean stopped = ServerStates.STOPPED.equals(server.previousVmState());
      if (stopped) {
        driver.powerOff(server.id(), 0);
      }
      s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.REBUILD_SPAWNING)
          .vm(stopped ? ServerStates.STOPPED : ServerStates.ACTIVE).task(null)
          .set("previous_vm_state", null).set("power_state", power(server.id()))
          .set("launched_at", s.clock().millis()));
      finishEvent(event, true, null);
    } catch (DriverException | ApiException e) {
      // a rebuild that failed half way leaves no usable guest: ERROR, as Nova does
      s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.REBUILDING,
          ServerStates.REBUILD_SPAWNING).vm(ServerStates.ERROR).task(null)
          .set("power_state", power(server.id()))
          .fault(fault(500, e.getMessage(), "Rebuild failed on " + host)));
      finishEvent(event, false, e.getMessage());
    }
  }
}
