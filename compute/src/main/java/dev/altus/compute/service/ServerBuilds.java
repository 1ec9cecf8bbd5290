package dev.altus.compute.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.bus.MessageBus;
import dev.altus.compute.ServersConfig;
import dev.altus.compute.agent.AgentMessage;
import dev.altus.compute.agent.Rescheduler;
import dev.altus.compute.model.Fault;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.common.db.DatabaseFailures;
import dev.altus.compute.scheduler.NoValidHost;
import dev.altus.compute.scheduler.ScheduleRequest;
import dev.altus.compute.scheduler.Scheduler;
import dev.altus.compute.scheduler.Selection;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.InstanceActionStore;
import dev.altus.compute.store.ServerFilter;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.PowerState;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conductor's part of a build: schedules a new server (filters, weighers, a claim), records
 * where it goes, and casts the build to that host's agent; takes builds back from agents whose
 * driver failed, for another host, until compute.scheduler_max_attempts. A server no host can
 * run ends in ERROR with the scheduler's explanation as its fault.
 */
public final class ServerBuilds implements Rescheduler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerBuilds.class);
  static final String EVENT = "conductor_schedule_and_build_instances";

  private final ServerStore servers;
  private final ComputeHostStore hosts;
  private final InstanceActionStore actions;
  private final Scheduler scheduler;
  private final ServerGroupDirectory groups;
  private final MessageBus bus;
  private final ServersConfig config;
  private final Clock clock;
  private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("scheduler-", 0).factory());
  /** Members of one server group are placed one at a time, so policies hold under races. */
  private final ReentrantLock[] groupLocks = new ReentrantLock[64];

  public ServerBuilds(ServerStore servers, ComputeHostStore hosts, InstanceActionStore actions,
      Scheduler scheduler, ServerGroupDirectory groups, MessageBus bus, ServersConfig config,
      Clock clock) {
    this.servers = servers;
    this.hosts = hosts;
    this.actions = actions;
    this.scheduler = scheduler;
    this.groups = groups;
    this.bus = bus;
    this.config = config;
    this.clock = clock;
    for (int i = 0; i < groupLocks.length; i++) {
      groupLocks[i] = new ReentrantLock();
    }
  }

  /** Schedules new servers in the background (the API has answered 202 already). */
  public void schedule(List<String> serverIds, JsonNode caller, Map<String, Long> actionIds) {
    for (String id : serverIds) {
      workers.execute(() -> scheduleOne(id, caller, actionIds.getOrDefault(id, 0L)));
    }
  }

  void scheduleOne(String id, JsonNode caller, long actionId) {
    place(id, caller, actionId, ServerStates.BUILDING, ServerStates.SCHEDULING, "build");
  }

  /** Places a shelved-offloaded server again and has the chosen host spawn it (unshelve). */
  public void unshelve(String id, JsonNode caller, long actionId) {
    workers.execute(() -> place(id, caller, actionId, ServerStates.SHELVED_OFFLOADED,
        ServerStates.UNSHELVING, "unshelve"));
  }

  /**
   * Chooses a host for a server waiting in {@code vm}/{@code task}, records it and casts
   * {@code op} to that host's agent.
   */
  private void place(String id, JsonNode caller, long actionId, String vm, String task,
      String op) {
    boolean build = op.equals("build");
    Server server = servers.find(id).orElse(null);
    if (server == null || !task.equals(server.taskState())) {
      return;
    }
    long event = actionId > 0 ? actions.startEvent(actionId, build ? EVENT
        : "conductor_unshelve_instance", null) : -1;
    try {
      ScheduleRequest req = request(server);
      Selection sel;
      ReentrantLock lock = req.groupPolicy() == null ? null
          : groupLocks[Math.floorMod(groupKey(server).hashCode(), groupLocks.length)];
      if (lock != null) {
        lock.lock();
      }
      try {
        sel = scheduler.selectAndClaim(lock == null ? req : request(server));
        if (!servers.apply(ServerUpdate.of(id).whenVm(vm)
            .whenTask(task).set("host", sel.host()).set("node", sel.node())
            .set("availability_zone", server.availabilityZone() != null
                ? server.availabilityZone() : sel.zone()))) {
          hosts.release(id); // deleted while it was being placed
          finish(event, false, "deleted while scheduling");
          return;
        }
      } finally {
        if (lock != null) {
          lock.unlock();
        }
      }
      finish(event, true, null);
      AgentMessage msg = new AgentMessage(op, id, caller, actionId,
          dev.altus.common.json.Json.object());
      if (!bus.cast(AgentMessage.topic(sel.host()), msg.toJson())) {
        if (build) {
          reschedule(id, sel.host(), "the compute agent of " + sel.host() + " is not running",
              caller, actionId);
        } else {
          hosts.release(id);
          notPlaced(id, vm, task, "The compute agent of " + sel.host() + " is not running.",
              null);
        }
      }
    } catch (NoValidHost e) {
      LOG.info("server {}: {}", id, e.getMessage());
      notPlaced(id, vm, task, e.getMessage(), "Scheduling found no host that passes every"
          + " filter.");
      finish(event, false, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("scheduling server {} failed", id, e);
      String why = DatabaseFailures.isDatabaseFailure(e)
          ? "the database is unavailable (" + DatabaseFailures.rootMessage(e) + ")"
          : e.getMessage();
      try {
        hosts.release(id);
        notPlaced(id, vm, task, "Scheduling of instance " + id + " failed: " + why, e.toString());
        finish(event, false, e.toString());
      } catch (RuntimeException again) {
        // the database is still down: the server keeps its state until it is reconciled
        LOG.error("server {}: cannot record the scheduling failure: {}", id, again.toString());
      }
    }
  }

  /**
   * At start: builds the previous run was placing when it stopped have no host and nobody left to
   * place them, so they go to ERROR with a fault instead of staying in BUILD for ever (builds that
   * reached a host are ended by that host's agent). Returns how many.
   */
  public int recoverInterrupted() {
    int n = 0;
    for (var s : servers.select(new dev.altus.compute.store.ServerFilter()
        .vmStates(List.of(ServerStates.BUILDING)).deleted(false))) {
      if (s.host() == null && ServerStates.SCHEDULING.equals(s.taskState())) {
        error(s.id(), "Build of instance " + s.id() + " was interrupted by a restart of the"
            + " cloud while it was being scheduled.", null);
        hosts.release(s.id());
        n++;
      }
    }
    if (n > 0) {
      LOG.warn("{} builds interrupted by a restart while being scheduled are now ERROR", n);
    }
    return n;
  }

  /** A build that found no host is in ERROR; an unshelve stays shelved with the reason. */
  private void notPlaced(String id, String vm, String task, String message, String details) {
    if (vm.equals(ServerStates.BUILDING)) {
      error(id, message, details);
    } else {
      servers.apply(ServerUpdate.of(id).whenVm(vm).whenTask(task).task(null).set("host", null)
          .set("node", null).fault(new Fault(500, message, details, clock.millis())));
    }
  }

  @Override
  public void reschedule(String id, String failedHost, String reason, JsonNode caller,
      long actionId) {
    hosts.release(id);
    Server server = servers.find(id).orElse(null);
    if (server == null) {
      return;
    }
    var spec = server.requestSpec().withTried(failedHost);
    int attempts = spec.triedHosts().size();
    if (attempts >= config.schedulerMaxAttempts()) {
      error(id, "Exceeded maximum number of retries. Exhausted all hosts available for retrying"
          + " build failures for instance " + id + " (" + attempts + " attempts). Last failure"
          + " on " + failedHost + ": " + reason, "Hosts tried: "
          + String.join(", ", spec.triedHosts()));
      return;
    }
    boolean back = servers.apply(ServerUpdate.of(id).whenVm(ServerStates.BUILDING)
        .whenNotDeleting().task(ServerStates.SCHEDULING).set("host", null).set("node", null)
        .set("request_spec", spec));
    if (back) {
      LOG.info("rescheduling server {} after a failure on {}: {}", id, failedHost, reason);
      workers.execute(() -> scheduleOne(id, caller, actionId));
    }
  }

  private void error(String id, String message, String details) {
    servers.apply(ServerUpdate.of(id).whenVm(ServerStates.BUILDING).whenNotDeleting()
        .vm(ServerStates.ERROR).task(null).set("power_state", PowerState.NOSTATE.code())
        .fault(new Fault(500, message, details, clock.millis())));
  }

  private void finish(long event, boolean ok, String why) {
    if (event > 0) {
      actions.finishEvent(event, ok, why);
    }
  }

  private String groupKey(Server server) {
    return groups.groupOf(server.id()).map(ServerGroupDirectory.Group::id)
        .orElse(server.requestSpec().groupId() == null ? "" : server.requestSpec().groupId());
  }

  /** What the scheduler needs to place a server: its flavor, request, group and hints. */
  ScheduleRequest request(Server server) {
    String policy = null;
    int maxPerHost = 1;
    Map<String, Integer> groupHosts = new HashMap<>();
    var group = groups.groupOf(server.id());
    if (group.isPresent()) {
      policy = group.get().policy();
      maxPerHost = group.get().rules().getOrDefault("max_server_per_host", 1);
      List<String> others = group.get().members().stream()
          .filter(m -> !m.equals(server.id())).toList();
      if (!others.isEmpty()) {
        for (Server m : servers.select(new ServerFilter().ids(others).deleted(false))) {
          if (m.host() != null) {
            groupHosts.merge(m.host(), 1, Integer::sum);
          }
        }
      }
    }
    return new ScheduleRequest(server.id(), server.flavor(), server.requestSpec(), policy,
        maxPerHost, groupHosts, hostsOf(server.requestSpec().sameHost()),
        hostsOf(server.requestSpec().differentHost()));
  }

  private Set<String> hostsOf(List<String> ids) {
    Set<String> out = new HashSet<>();
    if (!ids.isEmpty()) {
      for (Server s : servers.select(new ServerFilter().ids(ids).deleted(false))) {
        if (s.host() != null) {
          out.add(s.host());
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
