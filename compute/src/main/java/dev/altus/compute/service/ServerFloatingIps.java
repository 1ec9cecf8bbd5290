package dev.altus.compute.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.client.NetworkClient.FloatingIpInfo;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import java.util.List;

/** addFloatingIp / removeFloatingIp (up to 2.43): a floating IP on one of a server's ports. */
public final class ServerFloatingIps {
  private final ServerService lookup;
  private final ServerAddresses addresses;
  private final NetworkClient networks;

  public ServerFloatingIps(ServerService lookup, ServerAddresses addresses,
      NetworkClient networks) {
    this.lookup = lookup;
    this.addresses = addresses;
    this.networks = networks;
  }

  private FloatingIpInfo byAddress(RequestContext ctx, String address) {
    return networks.floatingIpList(ctx).stream().filter(f -> f.address().equals(address))
        .findFirst().orElseThrow(() -> ApiException.notFound("floating IP not found"));
  }

  public void add(RequestContext ctx, String id, String address, String fixedAddress) {
    Server s = lookup.get(ctx, id);
    FloatingIpInfo f = byAddress(ctx, address);
    List<ServerPort> ports = addresses.refresh(ctx, s);
    ServerPort port = null;
    for (ServerPort p : ports) {
      for (ServerPort.Address a : p.addresses()) {
        if (a.type().equals("fixed") && (fixedAddress == null ? a.version() == 4
            : a.addr().equals(fixedAddress))) {
          port = p;
          break;
        }
      }
      if (port != null) {
        break;
      }
    }
    if (port == null) {
      throw ApiException.badRequest(fixedAddress == null
          ? "No fixed IPv4 address of instance " + id + " to associate a floating IP with."
          : "Specified fixed address not assigned to instance");
    }
    String portId = port.portId();
    try {
      networks.associateFloatingIp(ctx, f.id(), portId, fixedAddress);
    } catch (ApiException e) {
      throw e.status() == 404 ? e : ApiException.badRequest("Unable to associate floating IP "
          + address + " to any fixed IPs for instance " + id + ": " + e.getMessage());
    }
    addresses.refresh(ctx, s);
  }

  public void remove(RequestContext ctx, String id, String address) {
    Server s = lookup.get(ctx, id);
    FloatingIpInfo f = byAddress(ctx, address);
    boolean ours = f.portId() != null && addresses.cached(s.id()).stream()
        .anyMatch(p -> p.portId().equals(f.portId()));
    if (!ours) {
      throw new ApiException(409, "FloatingIpNotAssociated", "Floating IP " + address
          + " is not associated with instance " + id + ".");
    }
    networks.disassociateFloatingIp(ctx, f.id());
    addresses.refresh(ctx, s);
  }
}
