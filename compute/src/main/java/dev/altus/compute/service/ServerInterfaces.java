package dev.altus.compute.service;

import static dev.altus.compute.model.ServerStates.ACTIVE;
import static dev.altus.compute.model.ServerStates.PAUSED;
import static dev.altus.compute.model.ServerStates.STOPPED;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.bus.MessageBus;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.agent.AgentMessage;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.service.ServerTransitions.Allowed;
import dev.altus.compute.store.InstanceActionStore;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** os-interface: a server's ports, and attaching or detaching one while it exists. */
public final class ServerInterfaces {
  private static final Allowed STATES = Allowed.vm(ACTIVE, PAUSED, STOPPED);
  private final ServerService lookup;
  private final ServerAddresses addresses;
  private final NetworkClient networks;
  private final InstanceActionStore actions;
  private final MessageBus bus;

  public ServerInterfaces(ServerService lookup, ServerAddresses addresses,
      NetworkClient networks, InstanceActionStore actions, MessageBus bus) {
    this.lookup = lookup;
    this.addresses = addresses;
    this.networks = networks;
    this.actions = actions;
    this.bus = bus;
  }

  /** A server's interfaces with the port's live details. */
  public List<NetworkClient.PortInfo> list(RequestContext ctx, String id) {
    Server s = lookup.get(ctx, id);
    return addresses.refresh(ctx, s).stream()
        .map(p -> networks.port(ctx, p.portId()).orElse(null))
        .filter(p -> p != null).toList();
  }

  public NetworkClient.PortInfo show(RequestContext ctx, String id, String portId) {
    Server s = lookup.get(ctx, id);
    boolean attached = addresses.refresh(ctx, s).stream()
        .anyMatch(p -> p.portId().equals(portId));
    if (!attached) {
      throw ApiException.notFound("Port " + portId + " is not attached");
    }
    return networks.port(ctx, portId).orElseThrow(() -> ApiException.notFound(
        "Port " + portId + " is not attached"));
  }

  public String tag(String serverId, String portId) {
    return addresses.cached(serverId).stream().filter(p -> p.portId().equals(portId))
        .findFirst().map(ServerPort::tag).orElse(null);
  }

  /** Attaches a port (given, or created on the network) and answers with it. */
  public NetworkClient.PortInfo attach(RequestContext ctx, String id, String requestId,
      String networkId, String portId, String fixedIp, String tag) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    if (!STATES.permits(s)) {
      throw ServerTransitions.invalidState("attach_interface", s, STATES);
    }
    if (portId != null) {
      var port = networks.port(ctx, portId).orElseThrow(() -> ApiException.notFound(
          "Port " + portId + " could not be found."));
      if (port.deviceId() != null && !port.deviceId().isEmpty()) {
        throw ApiException.conflict("Port " + portId + " is still in use.");
      }
    } else if (networkId != null) {
      String net = networkId;
      networks.network(ctx, net).orElseThrow(() -> ApiException.notFound(
          "Network " + net + " could not be found."));
    } else {
      var usable = networks.usableNetworks(ctx);
      if (usable.isEmpty()) {
        throw ApiException.badRequest("No network is available to attach an interface to.");
      }
      if (usable.size() > 1) {
        throw ApiException.conflict("Multiple possible networks found, use a Network ID to be"
            + " more specific.");
      }
      networkId = usable.get(0).id();
    }
    long actionId = actions.start(id, "attach_interface", requestId, ctx.userId(),
        ctx.projectId());
    AgentMessage m = AgentMessage.of("attach_interface", id, ctx, actionId)
        .with("network_id", networkId).with("port_id", portId).with("fixed_ip", fixedIp)
        .with("tag", tag);
    JsonNode reply;
    try {
      reply = bus.call(AgentMessage.topic(s.host()), m.toJson()).get(120, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ApiException(409, "ComputeServiceUnavailable", "Compute service of "
          + s.host() + " is unavailable at this time.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "Interrupted", "Interrupted.");
    }
    if (reply.has("error")) {
      throw new ApiException(reply.path("status").asInt(500), "InterfaceAttachFailed",
          reply.path("error").asText());
    }
    String attached = reply.path("port_id").asText();
    return networks.port(ctx, attached).orElseThrow(() -> ApiException.notFound(
        "Port " + attached + " could not be found."));
  }

  public void detach(RequestContext ctx, String id, String requestId, String portId) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    if (!STATES.permits(s)) {
      throw ServerTransitions.invalidState("detach_interface", s, STATES);
    }
    boolean attached = addresses.cached(id).stream().anyMatch(p -> p.portId().equals(portId));
    if (!attached) {
      throw ApiException.notFound("Port " + portId + " is not attached");
    }
    long actionId = actions.start(id, "detach_interface", requestId, ctx.userId(),
        ctx.projectId());
    if (!bus.cast(AgentMessage.topic(s.host()), AgentMessage.of("detach_interface", id, ctx,
        actionId).with("port_id", portId).toJson())) {
      throw new ApiException(409, "ComputeServiceUnavailable", "Compute service of "
          + s.host() + " is unavailable at this time.");
    }
  }
}
