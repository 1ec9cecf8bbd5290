package dev.altus.compute.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.client.NetworkClient.SecurityGroupInfo;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerUpdate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The security groups of a server: those of its ports, as the network service has them; adding
 * or removing one changes every port of the server (and the names the server shows).
 */
public final class ServerSecurityGroups {
  private final ServerService lookup;
  private final ServerStore servers;
  private final ServerAddresses addresses;
  private final NetworkClient networks;

  public ServerSecurityGroups(ServerService lookup, ServerStore servers,
      ServerAddresses addresses, NetworkClient networks) {
    this.lookup = lookup;
    this.servers = servers;
    this.addresses = addresses;
    this.networks = networks;
  }

  public List<SecurityGroupInfo> list(RequestContext ctx, String id) {
    Server s = lookup.get(ctx, id);
    Set<String> ids = new LinkedHashSet<>();
    for (ServerPort p : addresses.cached(s.id())) {
      networks.port(ctx, p.portId()).ifPresent(port -> ids.addAll(port.securityGroups()));
    }
    List<SecurityGroupInfo> out = new ArrayList<>();
    for (String gid : ids) {
      networks.securityGroup(ctx, gid).ifPresent(out::add);
    }
    return out;
  }

  public void add(RequestContext ctx, String id, String name) {
    Server s = lookup.get(ctx, id);
    String gid = networks.securityGroupId(ctx, name).orElseThrow(() -> ApiException.notFound(
        "Security group " + name + " not found for project " + ctx.projectId() + "."));
    List<NetworkClient.PortInfo> ports = livePorts(ctx, s);
    if (!ports.isEmpty() && ports.stream().allMatch(p -> p.securityGroups().contains(gid))) {
      throw ApiException.badRequest("Security group " + name + " is already associated with"
          + " the instance " + id);
    }
    for (NetworkClient.PortInfo p : ports) {
      if (!p.securityGroups().contains(gid)) {
        List<String> groups = new ArrayList<>(p.securityGroups());
        groups.add(gid);
        networks.setSecurityGroups(ctx, p.id(), groups);
      }
    }
    Set<String> names = new LinkedHashSet<>(s.securityGroups());
    names.add(name);
    servers.apply(ServerUpdate.of(id).set("security_groups", List.copyOf(names)));
  }

  public void remove(RequestContext ctx, String id, String name) {
    Server s = lookup.get(ctx, id);
    String gid = networks.securityGroupId(ctx, name).orElseThrow(() -> ApiException.notFound(
        "Security group " + name + " not found for project " + ctx.projectId() + "."));
    List<NetworkClient.PortInfo> ports = livePorts(ctx, s);
    boolean onPorts = ports.stream().anyMatch(p -> p.securityGroups().contains(gid));
    if (!onPorts && !s.securityGroups().contains(name)) {
      throw ApiException.badRequest("Security group " + name + " not associated with the"
          + " instance " + id);
    }
    for (NetworkClient.PortInfo p : ports) {
      if (p.securityGroups().contains(gid)) {
        List<String> groups = new ArrayList<>(p.securityGroups());
        groups.remove(gid);
        networks.setSecurityGroups(ctx, p.id(), groups);
      }
    }
    Set<String> names = new LinkedHashSet<>(s.securityGroups());
    names.remove(name);
    names.remove(gid);
    servers.apply(ServerUpdate.of(id).set("security_groups", List.copyOf(names)));
  }

  /** A security group's name (its id when the caller cannot see it). */
  public String name(RequestContext ctx, String id) {
    return networks.securityGroup(ctx, id).map(SecurityGroupInfo::name).orElse(id);
  }

  private List<NetworkClient.PortInfo> livePorts(RequestContext ctx, Server s) {
    List<NetworkClient.PortInfo> out = new ArrayList<>();
    for (ServerPort p : addresses.cached(s.id())) {
      networks.port(ctx, p.portId()).ifPresent(out::add);
    }
    return out;
  }
}
