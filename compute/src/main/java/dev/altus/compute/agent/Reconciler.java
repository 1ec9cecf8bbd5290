package dev.altus.compute.agent;

import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.InstanceInfo;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.VirtDriver;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the database and the hypervisor agree, at agent start and periodically. The database
 * says what should be; the driver says what is:
 * <ul>
 *   <li>a server the database thinks runs but the driver lost goes to ERROR with a fault, never
 *       silently stays ACTIVE; one whose guest shut down goes to SHUTOFF; a crashed guest to
 *       ERROR;</li>
 *   <li>a guest that runs although its server is stopped is powered off;</li>
 *   <li>power states are copied from the driver;</li>
 *   <li>guests of servers that no longer exist here are destroyed;</li>
 *   <li>at start, work a restart interrupted is finished (deletes) or ended (a build goes to
 *       ERROR, other tasks are cleared).</li>
 * </ul>
 * Every check of a server runs on its work queue, so it never races an action on it.
 */
final class Reconciler extends TaskSupport {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  static final String SYNC_EVENT = "compute_sync_power_state";
  private static final Set<String> RESTING = Set.of(ServerStates.ACTIVE, ServerStates.STOPPED,
      ServerStates.PAUSED, ServerStates.SUSPENDED, ServerStates.RESCUED, ServerStates.RESIZED);
  private final ServerWorkQueue queue;
  private final Terminator terminator;
  private final NetworkPlumbing net;

  Reconciler(AgentServices s, VirtDriver driver, String host, ServerWorkQueue queue,
      Terminator terminator, NetworkPlumbing net) {
    super(s, driver, host);
    this.queue = queue;
    this.terminator = terminator;
    this.net = net;
  }

  /** Ends what a restart interrupted, then syncs. */
  void atStart() {
    for (Server server : s.servers().onHost(host)) {
      queue.submit(server.id(), false, () -> recover(server.id()));
    }
    sync();
  }

  private void recover(String id) {
    Server server = s.servers().find(id).orElse(null);
    if (server == null || server.taskState() == null) {
      return;
    }
    if (ServerStates.DELETING.equals(server.taskState())) {
      terminator.delete(new AgentMessage("delete", id,
          CallerContexts.toJson(CallerContexts.owner(server.userId(), server.projectId())), 0,
          dev.altus.common.json.Json.object()));
    } else if (ServerStates.BUILDING.equals(server.vmState())) {
      try {
        driver.destroy(id);
      } catch (DriverException e) {
        LOG.warn("cannot remove the interrupted build of {}: {}", id, e.getMessage());
      }
      removeConfigDrive(id);
      net.unplug(CallerContexts.owner(server.userId(), server.projectId()), id);
      s.servers().apply(ServerUpdate.of(id).whenVm(ServerStates.BUILDING).whenNotDeleting()
          .vm(ServerStates.ERROR).task(null).set("power_state", PowerState.NOSTATE.code())
          .fault(fault(500, "Build of instance " + id + " was interrupted by a restart of"
              + " compute host " + host + ".", null)));
      s.hosts().release(id);
    } else {
      LOG.info("server {} was in task {} when {} stopped; the task is ended", id,
          server.taskState(), host);
      s.servers().apply(ServerUpdate.of(id).whenTask(server.taskState()).task(null));
    }
  }

  /** One reconcile pass over every server of this host and every guest of the driver. */
  void sync() {
    List<Server> servers = s.servers().onHost(host);
    Set<String> known = new HashSet<>();
    for (Server server : servers) {
      known.add(server.id());
      if (server.taskState() == null && RESTING.contains(server.vmState())) {
        queue.submit(server.id(), false, () -> syncOne(server.id()));
      }
    }
    for (String guest : driver.listInstances()) {
      if (!known.contains(guest)) {
        queue.submit(guest, false, () -> reap(guest));
      }
    }
  }

  /**
   * The driver saw a guest change on its own (it shut down, crashed, its process ended): its
   * server is checked now instead of at the next periodic sync, and a change it makes is
   * recorded as an instance action.
   */
  void guestChanged(String id, PowerState state, String reason) {
    LOG.info("guest {} on {} is now {}: {}", id, host, state, reason);
    queue.submit(id, false, () -> syncOne(id, reason));
  }

  private void syncOne(String id) {
    syncOne(id, null);
  }

  /** Records what the sync did to a server as a "stop" action of its owner, with the reason. */
  private void record(Server server, boolean ok, String what, String reason) {
    if (reason == null) {
      return;
    }
    try {
      long action = s.actions().start(server.id(), "stop", "req-" + java.util.UUID.randomUUID(),
          server.userId(), server.projectId());
      long event = s.actions().startEvent(action, SYNC_EVENT, host);
      s.actions().finishEvent(event, ok, ok ? null : what + ": " + reason);
    } catch (RuntimeException e) {
      LOG.warn("cannot record the power state change of {}: {}", server.id(), e.toString());
    }
  }

  private void syncOne(String id, String reason) {
    Server server = s.servers().find(id).orElse(null);
    if (server == null || server.taskState() != null || !RESTING.contains(server.vmState())
        || !host.equals(server.host())) {
      return;
    }
    InstanceInfo info;
    try {
      info = driver.info(id);
    } catch (DriverException.InstanceNotFound e) {
      if (s.servers().apply(ServerUpdate.of(id).whenIdle().whenVm(server.vmState())
          .vm(ServerStates.ERROR).set("power_state", PowerState.NOSTATE.code())
          .fault(fault(500, "Instance " + id + " disappeared from compute host " + host
              + ": the hypervisor has no guest for it.", "Found by the power state sync.")))) {
        LOG.warn("server {} was {} but its guest is gone from {}: now ERROR", id,
            server.vmState(), host);
        record(server, false, "the guest is gone", reason);
      }
      return;
    } catch (DriverException e) {
      LOG.warn("cannot read the state of {} on {}: {}", id, host, e.getMessage());
      return;
    }
    PowerState ps = info.state();
    String vm = server.vmState();
    if (vm.equals(ServerStates.ACTIVE) && ps == PowerState.SHUTDOWN) {
      if (s.servers().apply(ServerUpdate.of(id).whenIdle().whenVm(vm).vm(ServerStates.STOPPED)
          .set("power_state", ps.code()))) {
        LOG.info("server {} shut down outside the API: now SHUTOFF", id);
        record(server, true, "shut down outside the API", reason);
      }
    } else if (ps == PowerState.CRASHED && !vm.equals(ServerStates.STOPPED)) {
      if (s.servers().apply(ServerUpdate.of(id).whenIdle().whenVm(vm).vm(ServerStates.ERROR)
          .set("power_state", ps.code()).fault(fault(500, "Instance " + id
              + " crashed on compute host " + host + (reason == null ? "." : ": " + reason + "."),
              "Found by the power state sync.")))) {
        record(server, false, "the guest crashed", reason);
      }
    } else if (vm.equals(ServerStates.STOPPED) && ps == PowerState.RUNNING) {
      try {
        driver.powerOff(id, 0);
        s.servers().apply(ServerUpdate.of(id).whenIdle().whenVm(vm)
            .set("power_state", power(id)));
      } catch (DriverException e) {
        LOG.warn("cannot stop {} which runs although it is stopped: {}", id, e.getMessage());
      }
    } else if (ps.code() != server.powerState()) {
      s.servers().apply(ServerUpdate.of(id).whenIdle().whenVm(vm)
          .set("power_state", ps.code()));
    }
  }

  private void reap(String guest) {
    Server server = s.servers().find(guest).orElse(null);
    if (server != null && host.equals(server.host())) {
      return; // it belongs here after all (created since the list was read)
    }
    LOG.warn("guest {} on {} has no server here: destroying it", guest, host);
    try {
      driver.destroy(guest);
    } catch (DriverException e) {
      LOG.warn("cannot destroy the orphan guest {}: {}", guest, e.getMessage());
    }
    removeConfigDrive(guest);
  }
}
