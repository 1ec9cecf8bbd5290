package dev.altus.compute.agent;

import dev.altus.compute.model.Fault;
import dev.altus.compute.model.Server;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.VirtDriver;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every agent task does: find its server, record action events, fail cleanly. */
class TaskSupport {
  private static final Logger LOG = LoggerFactory.getLogger(TaskSupport.class);
  final AgentServices s;
  final VirtDriver driver;
  final String host;

  TaskSupport(AgentServices s, VirtDriver driver, String host) {
    this.s = s;
    this.driver = driver;
    this.host = host;
  }

  /**
   * The server if it is still waiting for this task (the API set {@code task}); empty when it
   * is gone or something else happened to it meanwhile (e.g. it is being deleted).
   */
  Optional<Server> expecting(AgentMessage m, String task) {
    return s.servers().find(m.serverId())
        .filter(x -> task == null ? x.taskState() == null : task.equals(x.taskState()));
  }

  /**
   * Copies the server's root disk into a temporary file with the driver, runs {@code
   * afterSnapshot} (the caller's state change between the two), uploads the file to {@code
   * imageId} and removes the file however it ends.
   */
  void snapshotAndUpload(dev.altus.common.context.RequestContext ctx, String serverId,
      String imageId, Runnable afterSnapshot) throws DriverException, java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("altus-snapshot-" + serverId,
        ".img");
    try {
      driver.snapshot(serverId, file);
      afterSnapshot.run();
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
        s.images().upload(ctx, imageId, in);
      }
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(file);
      } catch (java.io.IOException e) {
        LOG.warn("cannot remove {}: {}", file, e.getMessage());
      }
    }
  }

  /** The directory of a guest's files on this host beside the driver's own (its config drive). */
  java.nio.file.Path instanceDir(String serverId) {
    return s.instancesPath().resolve(host).resolve(serverId);
  }

  /** Removes the guest's config drive, if it has one (the guest is gone). */
  void removeConfigDrive(String serverId) {
    try {
      dev.altus.compute.metadata.ConfigDrive.remove(instanceDir(serverId));
    } catch (java.io.UncheckedIOException e) {
      LOG.warn("cannot remove the config drive of {}: {}", serverId, e.getMessage());
    }
  }

  long startEvent(AgentMessage m, String event) {
    if (m.actionId() <= 0) {
      return -1;
    }
    try {
      return s.actions().startEvent(m.actionId(), event, host);
    } catch (RuntimeException e) {
      LOG.warn("cannot record event {} of server {}: {}", event, m.serverId(), e.toString());
      return -1;
    }
  }

  void finishEvent(long eventId, boolean ok, String traceback) {
    if (eventId > 0) {
      s.actions().finishEvent(eventId, ok, traceback);
    }
  }

  void fault(String serverId, int code, String message, String details) {
    s.servers().fault(serverId, fault(code, message, details));
  }

  Fault fault(int code, String message, String details) {
    return new Fault(code, message, details, s.clock().millis());
  }

  /** The guest's power state as the driver reports it now (NOSTATE when it has no guest). */
  int power(String serverId) {
    try {
      return driver.info(serverId).state().code();
    } catch (DriverException e) {
      return PowerState.NOSTATE.code();
    }
  }

  /**
   * An action failed: the server keeps its vm_state, its task ends, and the fault says why; a
   * guest the driver no longer has puts the server in ERROR.
   */
  void actionFailed(Server server, String task, String action, DriverException e, long event) {
    boolean lost = e instanceof DriverException.InstanceNotFound;
    ServerUpdate u = ServerUpdate.of(server.id()).whenTask(task).task(null)
        .fault(fault(500, e.getMessage(), "Failed to " + action + " on " + host));
    if (lost) {
      u.vm(dev.altus.compute.model.ServerStates.ERROR).set("power_state",
          PowerState.NOSTATE.code());
    } else {
      u.set("power_state", power(server.id()));
    }
    s.servers().apply(u);
    finishEvent(event, false, e.getMessage());
    LOG.info("{} of server {} failed on {}: {}", action, server.id(), host, e.getMessage());
  }
}
