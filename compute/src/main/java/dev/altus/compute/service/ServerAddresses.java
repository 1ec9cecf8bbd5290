package dev.altus.compute.service;

import dev.altus.common.context.RequestContext;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.store.ServerPortStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's interfaces and addresses. Lists read the interface cache; showing one server
 * refreshes it from the network service first, so a floating IP associated or a port removed
 * through the network API shows up (Nova learns these from the network service's events).
 */
public final class ServerAddresses {
  private static final Logger LOG = LoggerFactory.getLogger(ServerAddresses.class);
  private final ServerPortStore ports;
  private final NetworkClient networks;

  public ServerAddresses(ServerPortStore ports, NetworkClient networks) {
    this.ports = ports;
    this.networks = networks;
  }

  /** The server's interfaces, refreshed from the network service. */
  public List<ServerPort> refresh(RequestContext ctx, Server s) {
    List<ServerPort> out = new ArrayList<>();
    for (ServerPort p : ports.of(s.id())) {
      try {
        var live = networks.port(ctx, p.portId());
        if (live.isEmpty() || !s.id().equals(live.get().deviceId())) {
          ports.remove(s.id(), p.portId());
          continue;
        }
        List<ServerPort.Address> addrs = new ArrayList<>();
        for (NetworkClient.FixedIp ip : live.get().fixedIps()) {
          addrs.add(new ServerPort.Address(ip.ipAddress(), ip.ipVersion(), "fixed"));
        }
        for (String f : networks.floatingIps(ctx, p.portId())) {
          addrs.add(new ServerPort.Address(f, f.contains(":") ? 6 : 4, "floating"));
        }
        ServerPort fresh = new ServerPort(p.serverId(), p.portId(), p.position(),
            p.networkId(), p.networkName(), live.get().macAddress(), addrs,
            p.createdByCompute(), p.tag());
        if (!fresh.equals(p)) {
          ports.put(fresh);
        }
        out.add(fresh);
      } catch (RuntimeException e) {
        LOG.debug("cannot refresh port {} of {}: {}", p.portId(), s.id(), e.toString());
        out.add(p);
      }
    }
    return out;
  }

  public List<ServerPort> cached(String serverId) {
    return ports.of(serverId);
  }
}
