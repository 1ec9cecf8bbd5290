package dev.altus.compute.agent;

import dev.altus.compute.client.ImageClient;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.VirtDriver;

/**
 * The actions that change a running guest's power or mode: stop, start, reboot, pause, unpause,
 * suspend, resume, rescue, unrescue. The API has set the task; each ends with the vm_state the
 * action leads to and the power state the driver reports.
 */
final class PowerActions extends TaskSupport {
  /** A driver call on one guest. */
  @FunctionalInterface
  interface DriverCall {
    void run(String uuid) throws DriverException;
  }

  private final ImageCache cache;

  PowerActions(AgentServices s, VirtDriver driver, String host, ImageCache cache) {
    super(s, driver, host);
    this.cache = cache;
  }

  void run(AgentMessage m) {
    switch (m.op()) {
      case "stop" -> act(m, ServerStates.POWERING_OFF, "compute_stop_instance", "stop",
          id -> driver.powerOff(id, timeout(m)), ServerStates.STOPPED);
      case "start" -> act(m, ServerStates.POWERING_ON, "compute_start_instance", "start",
          driver::powerOn, ServerStates.ACTIVE);
      case "reboot" -> {
        boolean hard = "HARD".equals(m.arg("type"));
        act(m, hard ? ServerStates.REBOOTING_HARD : ServerStates.REBOOTING,
            "compute_reboot_instance", "reboot", id -> driver.reboot(id, hard),
            ServerStates.ACTIVE);
      }
      case "pause" -> act(m, ServerStates.PAUSING, "compute_pause_instance", "pause",
          driver::pause, ServerStates.PAUSED);
      case "unpause" -> act(m, ServerStates.UNPAUSING, "compute_unpause_instance", "unpause",
          driver::unpause, ServerStates.ACTIVE);
      case "suspend" -> act(m, ServerStates.SUSPENDING, "compute_suspend_instance", "suspend",
          driver::suspend, ServerStates.SUSPENDED);
      case "resume" -> act(m, ServerStates.RESUMING, "compute_resume_instance", "resume",
          driver::resume, ServerStates.ACTIVE);
      case "rescue" -> act(m, ServerStates.RESCUING, "compute_rescue_instance", "rescue",
          id -> driver.rescue(id, rescueImage(m)), ServerStates.RESCUED);
      case "unrescue" -> act(m, ServerStates.UNRESCUING, "compute_unrescue_instance",
          "unrescue", driver::unrescue, ServerStates.ACTIVE);
      default -> throw new IllegalArgumentException("not a power action: " + m.op());
    }
  }

  private int timeout(AgentMessage m) {
    String t = m.arg("timeout");
    return t == null ? 60 : Integer.parseInt(t);
  }

  private ImageSource rescueImage(AgentMessage m) throws DriverException {
    String imageId = m.arg("image");
    if (imageId == null) {
      return null;
    }
    ImageClient.ImageInfo info = s.images().find(m.context(), imageId).orElseThrow(
        () -> new DriverException("Rescue image " + imageId + " could not be found.", false));
    return cache.source(info, null);
  }

  private void act(AgentMessage m, String task, String eventName, String action,
      DriverCall call, String endVm) {
    Server server = expecting(m, task).orElse(null);
    if (server == null) {
      return;
    }
    long event = startEvent(m, eventName);
    try {
      call.run(server.id());
    } catch (DriverException e) {
      actionFailed(server, task, action, e, event);
      return;
    }
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(task).vm(endVm).task(null)
        .set("power_state", power(server.id())));
    finishEvent(event, true, null);
  }
}
