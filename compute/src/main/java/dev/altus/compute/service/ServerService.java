package dev.altus.compute.service;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.agent.AgentMessage;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.InstanceActionStore;
import dev.altus.compute.store.ServerPortStore;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerUpdate;
import dev.altus.compute.virt.PowerState;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servers as their owners and admins see them: lookup with project isolation (another project's
 * server does not exist for a non-admin), update, delete (also of a server still building).
 */
public final class ServerService {
  private static final Logger LOG = LoggerFactory.getLogger(ServerService.class);

  private final ServerStore servers;
  private final ServerPortStore ports;
  private final InstanceActionStore actions;
  private final ComputeHostStore hosts;
  private final NetworkClient networks;
  private final ServerGroupDirectory groups;
  private final MessageBus bus;
  private final Clock clock;
  private final dev.altus.compute.client.ImageClient images;

  public ServerService(ServerStore servers, ServerPortStore ports, InstanceActionStore actions,
      ComputeHostStore hosts, NetworkClient networks, ServerGroupDirectory groups,
      MessageBus bus, Clock clock, dev.altus.compute.client.ImageClient images) {
    this.images = images;
    this.servers = servers;
    this.ports = ports;
    this.actions = actions;
    this.hosts = hosts;
    this.networks = networks;
    this.groups = groups;
    this.bus = bus;
    this.clock = clock;
  }

  /** A server the caller may see (its project's, or any for an admin); 404 otherwise. */
  public Server get(RequestContext ctx, String id) {
    Server s = servers.find(id).orElseThrow(() -> notFound(id));
    if (!visible(ctx, s)) {
      throw notFound(id);
    }
    return s;
  }

  public static boolean visible(RequestContext ctx, Server s) {
    return ctx.isAdmin() || s.projectId().equals(ctx.projectId());
  }

  public static ApiException notFound(String id) {
    return new ApiException(404, "InstanceNotFound", "Instance " + id + " could not be found.");
  }

  /** 409 when a non-admin acts on a locked server, as Nova's check_instance_lock. */
  public static void checkLock(RequestContext ctx, Server s) {
    if (s.locked() && !ctx.isAdmin()) {
      throw new ApiException(409, "InstanceIsLocked", "Instance " + s.id() + " is locked");
    }
  }

  /** Changes what PUT /servers/{id} may change; null fields are left alone. */
  public Server update(RequestContext ctx, String id, Map<String, Object> changes) {
    Server s = get(ctx, id);
    if (changes.isEmpty()) {
      return s;
    }
    ServerUpdate u = ServerUpdate.of(id);
    changes.forEach(u::set);
    if (!servers.apply(u)) {
      throw notFound(id);
    }
    return get(ctx, id);
  }

  /**
   * Deletes a server in any state: the API marks it deleting at once; the host's agent removes
   * the guest and ports; a server no host runs (still scheduling, or its host is gone) is
   * deleted here.
   */
  public void delete(RequestContext ctx, String id, String requestId, boolean force) {
    Server s = get(ctx, id);
    if (!force) {
      checkLock(ctx, s);
    }
    boolean marked = servers.apply(ServerUpdate.of(id).whenNotDeleting()
        .task(ServerStates.DELETING));
    if (!marked) {
      Server now = servers.find(id).orElse(null);
      if (now == null || ServerStates.DELETING.equals(now.taskState())) {
        return; // already being deleted
      }
      throw notFound(id);
    }
    long actionId = actions.start(id, force ? "forceDelete" : "delete", requestId,
        ctx.userId(), ctx.projectId());
    Server marking = servers.find(id).orElse(s);
    if (marking.host() != null && bus.cast(AgentMessage.topic(marking.host()),
        AgentMessage.of("delete", id, ctx, actionId).toJson())) {
      return;
    }
    localDelete(ctx, marking);
  }

  /** Deletes a server without its host (Nova's local delete). */
  void localDelete(RequestContext ctx, Server s) {
    if (s.host() != null) {
      LOG.warn("the agent of {} is not running: deleting server {} without it (its guest, if"
          + " any, is removed when the agent reconciles)", s.host(), s.id());
    }
    for (ServerPort p : ports.of(s.id())) {
      try {
        if (p.createdByCompute()) {
          networks.deletePort(ctx, p.portId());
        } else {
          networks.unbind(ctx, p.portId());
        }
      } catch (RuntimeException e) {
        LOG.warn("could not release port {} of {}: {}", p.portId(), s.id(), e.getMessage());
      }
      ports.remove(s.id(), p.portId());
    }
    hosts.release(s.id());
    String shelved = servers.shelvedImage(s.id());
    if (shelved != null) {
      try {
        images.delete(ctx, shelved);
      } catch (RuntimeException e) {
        LOG.warn("could not delete the shelved image {} of {}: {}", shelved, s.id(),
            e.getMessage());
      }
    }
    long now = clock.millis();
    servers.apply(ServerUpdate.of(s.id()).vm(ServerStates.DELETED).task(null)
        .set("power_state", PowerState.NOSTATE.code()).set("deleted", true)
        .set("deleted_at", now).set("terminated_at", now));
    groups.removeMember(s.id());
  }
}
