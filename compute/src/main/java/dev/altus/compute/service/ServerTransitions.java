package dev.altus.compute.service;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.agent.AgentMessage;
import dev.altus.compute.model.Server;
import dev.altus.compute.store.InstanceActionStore;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerUpdate;
import java.util.Arrays;
import java.util.List;

/**
 * A guarded transition started by the API: the server must be in one of the allowed vm_states
 * with no task (or an allowed task); the task is set with a compare-and-set, so of two actions
 * racing on one server exactly one wins and the other gets Nova's 409; then the action is
 * recorded and the host's agent is told.
 */
public final class ServerTransitions {
  private final ServerStore servers;
  private final InstanceActionStore actions;
  private final MessageBus bus;

  public ServerTransitions(ServerStore servers, InstanceActionStore actions, MessageBus bus) {
    this.servers = servers;
    this.actions = actions;
    this.bus = bus;
  }

  /** What a transition allows: the vm_states, and the task_states (null for "no task"). */
  public record Allowed(List<String> vmStates, List<String> taskStates) {
    public static Allowed vm(String... vmStates) {
      return new Allowed(List.of(vmStates), Arrays.asList((String) null));
    }

    public Allowed tasks(String... tasks) {
      return new Allowed(vmStates, Arrays.asList(tasks));
    }

    boolean permits(Server s) {
      return vmStates.contains(s.vmState()) && taskStates.contains(s.taskState());
    }
  }

  /**
   * Moves a server into an action's task state (with any extra changes), records the action and
   * casts {@code op} to its host. Returns the message sent, for callers that add arguments.
   *
   * @param action Nova's name of the action, for the instance action and the 409 message
   */
  public long begin(RequestContext ctx, Server s, String action, String requestId, Allowed ok,
      ServerUpdate change) {
    if (!ok.permits(s)) {
      throw invalidState(action, s, ok);
    }
    ServerUpdate u = change.whenVm(ok.vmStates()).whenTask(ok.taskStates().toArray(new String[0]));
    if (!servers.apply(u)) {
      Server now = servers.find(s.id()).orElseThrow(() -> ServerService.notFound(s.id()));
      throw invalidState(action, now, ok);
    }
    return actions.start(s.id(), action, requestId, ctx.userId(), ctx.projectId());
  }

  /**
   * Tells the server's agent; when the host's agent is not there the task is undone and the
   * caller gets 409.
   */
  public void cast(Server s, AgentMessage m, String task) {
    if (s.host() == null || !bus.cast(AgentMessage.topic(s.host()), m.toJson())) {
      servers.apply(ServerUpdate.of(s.id()).whenTask(task).task(null));
      throw new ApiException(409, "ComputeServiceUnavailable", "Compute service of "
          + (s.host() == null ? "(no host)" : s.host()) + " is unavailable at this time.");
    }
  }

  public static ApiException invalidState(String action, Server s, Allowed ok) {
    boolean vmWrong = !ok.vmStates().contains(s.vmState());
    String attr = vmWrong ? "vm_state" : "task_state";
    String state = vmWrong ? s.vmState() : String.valueOf(s.taskState());
    return new ApiException(409, "InstanceInvalidState", "Cannot '" + action + "' instance "
        + s.id() + " while it is in " + attr + " " + state);
  }
}
