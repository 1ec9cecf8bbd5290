package dev.altus.compute.agent;

import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.VirtDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * Resize on this host: the new flavor is claimed beside the old one, the driver resizes the
 * guest, and the server waits in VERIFY_RESIZE holding both claims until the user confirms (the
 * old claim is dropped) or reverts (the guest goes back to the old flavor and the new claim is
 * dropped).
 */
final class ResizeActions extends TaskSupport {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ResizeActions.class);
  private final Builder builder;
  private final NetworkPlumbing net;

  ResizeActions(AgentServices s, VirtDriver driver, String host, Builder builder,
      NetworkPlumbing net) {
    super(s, driver, host);
    this.builder = builder;
    this.net = net;
  }

  void resize(AgentMessage m) {
    Server server = expecting(m, ServerStates.RESIZE_PREP).orElse(null);
    if (server == null || server.newFlavor() == null) {
      return;
    }
    Flavor target = server.newFlavor();
    long event = startEvent(m, "compute_prep_resize");
    ComputeHostStore.Amount amount = ComputeHostStore.Amount.of(target);
    if (!s.hosts().claimResize(server.id(), host, amount)) {
      String why = shortage(amount);
      giveUp(server, ServerStates.RESIZE_PREP);
      s.migrations().status(server.id(), "error");
      fault(server.id(), 500, "No valid host was found. " + host + ": " + why,
          "Resize of instance " + server.id() + " to flavor " + target.id());
      finishEvent(event, false, why);
      return;
    }
    finishEvent(event, true, null);
    if (!s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.RESIZE_PREP)
        .task(ServerStates.RESIZE_MIGRATING))) {
      s.hosts().releaseResize(server.id());
      return;
    }
    s.migrations().status(server.id(), "migrating");
    long resizeEvent = startEvent(m, "compute_resize_instance");
    try {
      driver.resize(server.id(), builder.spec(server, target, builder.image(server),
          net.vifs(server.id())));
    } catch (DriverException e) {
      s.hosts().releaseResize(server.id());
      actionFailed(server, ServerStates.RESIZE_MIGRATING, "resize", e, resizeEvent);
      s.servers().apply(ServerUpdate.of(server.id()).set("old_flavor", null)
          .set("new_flavor", null));
      s.migrations().status(server.id(), "error");
      return;
    }
    s.migrations().status(server.id(), "post-migrating");
    finishEvent(resizeEvent, true, null);
    long finishEvent = startEvent(m, "compute_finish_resize");
    // the server now runs the new flavor; resize_* keeps the old one's claim until confirm
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.RESIZE_MIGRATING)
        .vm(ServerStates.RESIZED).task(null).flavor(target).resizeClaim(server.flavor())
        .set("power_state", power(server.id())));
    s.migrations().status(server.id(), "finished");
    finishEvent(finishEvent, true, null);
  }

  void confirm(AgentMessage m) {
    Server server = expecting(m, ServerStates.RESIZE_CONFIRMING).orElse(null);
    if (server == null) {
      return;
    }
    long event = startEvent(m, "compute_confirm_resize");
    try {
      driver.confirmResize(server.id());
    } catch (DriverException e) {
      failedInResize(server, ServerStates.RESIZE_CONFIRMING, "confirm resize", e, event);
      return;
    }
    s.hosts().releaseResize(server.id());
    s.migrations().status(server.id(), "confirmed");
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.RESIZE_CONFIRMING)
        .vm(restingState(server)).task(null).set("old_flavor", null).set("new_flavor", null)
        .set("previous_vm_state", null).set("power_state", power(server.id())));
    finishEvent(event, true, null);
  }

  void revert(AgentMessage m) {
    Server server = expecting(m, ServerStates.RESIZE_REVERTING).orElse(null);
    if (server == null || server.oldFlavor() == null) {
      return;
    }
    Flavor old = server.oldFlavor();
    long event = startEvent(m, "compute_revert_resize");
    try {
      // back to the original disk kept since the resize, never a shrink of the resized one
      driver.revertResize(server.id(), builder.spec(server, old, builder.image(server),
          net.vifs(server.id())));
    } catch (DriverException e) {
      failedInResize(server, ServerStates.RESIZE_REVERTING, "revert resize", e, event);
      return;
    }
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.RESIZE_REVERTING)
        .flavor(old).resizeClaim(server.flavor()));
    s.hosts().releaseResize(server.id());
    s.migrations().status(server.id(), "reverted");
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(ServerStates.RESIZE_REVERTING)
        .vm(restingState(server)).task(null).set("old_flavor", null).set("new_flavor", null)
        .set("previous_vm_state", null).set("power_state", power(server.id())));
    finishEvent(event, true, null);
  }

  /**
   * A confirm or revert that failed leaves the guest between two flavors: the server goes to ERROR
   * with the driver's message as its fault (shown to the user, as Nova does for a failed revert),
   * the migration to error; both claims stay until the server is deleted or rebuilt by an admin.
   */
  private void failedInResize(Server server, String task, String action, DriverException e,
      long event) {
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(task).task(null)
        .vm(ServerStates.ERROR).set("power_state", power(server.id()))
        .fault(fault(500, action.substring(0, 1).toUpperCase() + action.substring(1)
            + " failed: " + e.getMessage(), "Failed to " + action + " on " + host)));
    s.migrations().status(server.id(), "error");
    finishEvent(event, false, e.getMessage());
    LOG.warn("{} of server {} failed on {}: {}", action, server.id(), host, e.getMessage());
  }

  private static String restingState(Server server) {
    return ServerStates.STOPPED.equals(server.previousVmState()) ? ServerStates.STOPPED
        : ServerStates.ACTIVE;
  }

  private void giveUp(Server server, String task) {
    s.servers().apply(ServerUpdate.of(server.id()).whenTask(task).task(null)
        .set("old_flavor", null).set("new_flavor", null).set("previous_vm_state", null));
  }

  /** What this host lacks for a claim, in numbers. */
  private String shortage(ComputeHostStore.Amount a) {
    var row = s.hosts().host(host).orElse(null);
    if (row == null) {
      return "not a registered compute host";
    }
    List<String> out = new ArrayList<>();
    long ram = (long) Math.floor(row.memoryMb() * row.ramRatio()) - row.memoryMbUsed();
    long cpu = (long) Math.floor(row.vcpus() * row.cpuRatio()) - row.vcpusUsed();
    long disk = (long) Math.floor(row.localGb() * row.diskRatio()) - row.localGbUsed();
    if (ram < a.memoryMb()) {
      out.add("RAM " + Math.max(0, ram) + " MB free < " + a.memoryMb() + " MB requested");
    }
    if (cpu < a.vcpus()) {
      out.add("vCPUs " + Math.max(0, cpu) + " free < " + a.vcpus() + " requested");
    }
    if (disk < a.diskGb()) {
      out.add("disk " + Math.max(0, disk) + " GB free < " + a.diskGb() + " GB requested");
    }
    return out.isEmpty() ? "resources taken by a concurrent claim" : String.join(", ", out);
  }
}
