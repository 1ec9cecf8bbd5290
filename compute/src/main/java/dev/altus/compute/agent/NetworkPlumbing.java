package dev.altus.compute.agent;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.client.NetworkClient.PortInfo;
import dev.altus.compute.model.NetworkRequest;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.virt.Vif;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's ports: created on the networks it asked for (or the ports it brought), bound to the
 * host it runs on, recorded in the server's interface cache; and on the way out, the ports
 * compute created deleted and the ports the user brought unbound (they outlive the server).
 */
final class NetworkPlumbing {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkPlumbing.class);
  private final AgentServices s;
  private final String host;

  NetworkPlumbing(AgentServices s, String host) {
    this.s = s;
    this.host = host;
  }

  /**
   * Plugs every requested interface; on failure, what was already plugged is undone and the
   * network service's error passes on.
   */
  List<Vif> plug(RequestContext ctx, Server server) {
    List<Vif> vifs = new ArrayList<>();
    int position = 0;
    try {
      for (NetworkRequest r : server.requestSpec().networks()) {
        vifs.add(plugOne(ctx, server, r, position++));
      }
      return vifs;
    } catch (RuntimeException e) {
      unplug(ctx, server.id());
      throw e;
    }
  }

  /**
   * The groups a new port asks for, as Nova cleans them: the implicit {@code default} alone is
   * not asked for, since the network service gives a port its project's default group by itself
   * when port security is on, and none on a network with port security off (where asking for a
   * group is refused).
   */
  static List<String> requestedGroups(List<String> groups) {
    return groups == null || groups.equals(List.of("default")) ? List.of() : groups;
  }

  /** Plugs one interface (at create or by interface attach). */
  Vif plugOne(RequestContext ctx, Server server, NetworkRequest r, int position) {
    PortInfo port;
    boolean ours;
    if (r.isPort()) {
      port = s.networks().port(ctx, r.portId()).orElseThrow(() -> ApiException.notFound(
          "Port " + r.portId() + " could not be found."));
      ours = false;
    } else {
      port = s.networks().createPort(ctx, r.networkId(), r.fixedIp(),
          requestedGroups(server.securityGroups()), server.id());
      ours = true;
    }
    // recorded before binding, so a failed bind still gets the port cleaned up
    record(ctx, server.id(), port, position, ours, r.tag());
    PortInfo bound = s.networks().bind(ctx, port.id(), server.id(), host,
        server.availabilityZone() == null ? s.defaultZone() : server.availabilityZone());
    ServerPort cached = record(ctx, server.id(), bound, position, ours, r.tag());
    if ("binding_failed".equals(bound.vifType())) {
      // as Nova's PortBindingFailed: the server's fault says why, not a silent unwired guest
      throw new ApiException(500, "PortBindingFailed", "Binding failed for port " + bound.id()
          + " on host " + host + (bound.vifReason() == null ? "" : ": " + bound.vifReason()));
    }
    int mtu = s.networks().network(ctx, bound.networkId()).map(NetworkClient.NetworkInfo::mtu)
        .orElse(1500);
    return new Vif(bound.id(), bound.macAddress(), bound.networkId(),
        cached.addresses().stream().filter(a -> a.type().equals("fixed"))
            .map(ServerPort.Address::addr).toList(), mtu);
  }

  ServerPort record(RequestContext ctx, String serverId, PortInfo p, int position,
      boolean ours, String tag) {
    String netName = s.networks().network(ctx, p.networkId()).map(NetworkClient.NetworkInfo::name)
        .filter(n -> !n.isEmpty()).orElse(p.networkId());
    List<ServerPort.Address> addrs = new ArrayList<>();
    for (NetworkClient.FixedIp ip : p.fixedIps()) {
      addrs.add(new ServerPort.Address(ip.ipAddress(), ip.ipVersion(), "fixed"));
    }
    ServerPort sp = new ServerPort(serverId, p.id(), position, p.networkId(), netName,
        p.macAddress(), addrs, ours, tag);
    s.ports().put(sp);
    return sp;
  }

  /** Releases every interface of a server: deletes compute's ports, unbinds the user's. */
  void unplug(RequestContext ctx, String serverId) {
    for (ServerPort p : s.ports().of(serverId)) {
      unplugOne(ctx, p);
    }
  }

  void unplugOne(RequestContext ctx, ServerPort p) {
    try {
      if (p.createdByCompute()) {
        s.networks().deletePort(ctx, p.portId());
      } else {
        s.networks().unbind(ctx, p.portId());
      }
    } catch (RuntimeException e) {
      LOG.warn("could not release port {} of server {}: {}", p.portId(), p.serverId(),
          e.getMessage());
    }
    s.ports().remove(p.serverId(), p.portId());
  }

  /** The server's interfaces as vifs, from the cache. */
  List<Vif> vifs(String serverId) {
    List<Vif> out = new ArrayList<>();
    for (ServerPort p : s.ports().of(serverId)) {
      out.add(new Vif(p.portId(), p.macAddress(), p.networkId(), p.addresses().stream()
          .filter(a -> a.type().equals("fixed")).map(ServerPort.Address::addr).toList(), 1500));
    }
    return out;
  }
}
