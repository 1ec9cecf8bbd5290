package dev.altus.server.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.compute.client.NetworkClient;
import dev.altus.network.NetworkModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compute's view of the network service in one process: calls its service layer directly, with
 * the caller's context for what the caller does (creating a port) and a service context for what
 * only the compute service may do (binding a port to a host).
 */
public final class InProcessNetworkClient implements NetworkClient {
  private final NetworkModule net;

  public InProcessNetworkClient(NetworkModule net) {
    this.net = net;
  }

  @Override
  public Optional<NetworkInfo> network(RequestContext ctx, String networkId) {
    try {
      return Optional.of(network(net.networks.get(ctx, networkId)));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<SubnetInfo> subnet(RequestContext ctx, String subnetId) {
    JsonNode s;
    try {
      s = net.subnets.get(ctx, subnetId);
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    List<String> dns = new ArrayList<>();
    s.path("dns_nameservers").forEach(d -> dns.add(d.asText()));
    List<HostRoute> routes = new ArrayList<>();
    s.path("host_routes").forEach(r -> routes.add(new HostRoute(r.path("destination").asText(),
        r.path("nexthop").asText())));
    return Optional.of(new SubnetInfo(s.path("id").asText(), s.path("network_id").asText(),
        s.path("ip_version").asInt(4), s.path("cidr").asText(),
        s.path("gateway_ip").isTextual() ? s.path("gateway_ip").asText() : null, dns, routes,
        s.path("enable_dhcp").asBoolean(true)));
  }

  private static NetworkInfo network(JsonNode n) {
    List<String> subnets = new ArrayList<>();
    n.path("subnets").forEach(s -> subnets.add(s.asText()));
    return new NetworkInfo(n.path("id").asText(), n.path("name").asText(""),
        n.path("project_id").asText(null), n.path("shared").asBoolean(),
        n.path("router:external").asBoolean(), n.path("mtu").asInt(1500), subnets);
  }

  @Override
  public List<NetworkInfo> usableNetworks(RequestContext ctx) {
    return net.networks.list(ctx).stream()
        .filter(n -> !n.path("router:external").asBoolean()
            && (n.path("shared").asBoolean()
                || n.path("project_id").asText("").equals(ctx.projectId())))
        .map(InProcessNetworkClient::network).toList();
  }

  @Override
  public NetworkInfo autoAllocatedNetwork(RequestContext ctx) {
    String id = net.autoAllocation.get(ctx, ctx.projectId(), false).path("id").asText();
    return network(net.networks.get(ctx, id));
  }

  @Override
  public List<NetworkInfo> visibleNetworks(RequestContext ctx) {
    return net.networks.list(ctx).stream().map(InProcessNetworkClient::network).toList();
  }

  @Override
  public PortInfo createPort(RequestContext ctx, String networkId, String fixedIp,
      List<String> securityGroups, String deviceId) {
    var body = Json.object();
    body.put("network_id", networkId);
    if (fixedIp != null) {
      body.putArray("fixed_ips").addObject().put("ip_address", fixedIp);
    }
    if (!securityGroups.isEmpty()) {
      var groups = body.putArray("security_groups");
      for (String g : securityGroups) {
        groups.add(securityGroupId(ctx, g).orElseThrow(() -> ApiException.badRequest(
            "Security group " + g + " not found for project " + ctx.projectId() + ".")));
      }
    }
    if (deviceId != null) {
      body.put("device_id", deviceId);
    }
    return port(net.ports.create(ctx, body));
  }

  private static PortInfo port(JsonNode p) {
    List<FixedIp> ips = new ArrayList<>();
    for (JsonNode ip : p.path("fixed_ips")) {
      String a = ip.path("ip_address").asText();
      ips.add(new FixedIp(ip.path("subnet_id").asText(), a, a.contains(":") ? 6 : 4));
    }
    List<String> groups = new ArrayList<>();
    p.path("security_groups").forEach(g -> groups.add(g.asText()));
    return new PortInfo(p.path("id").asText(), p.path("network_id").asText(),
        p.path("mac_address").asText(), ips, p.path("device_id").asText(""),
        p.path("device_owner").asText(""), p.path("binding:host_id").asText(""),
        p.path("status").asText(), groups, p.path("project_id").asText(null),
        p.path("binding:vif_type").asText("unbound"),
        p.path("binding:vif_details").path("reason").asText(null));
  }

  @Override
  public Optional<PortInfo> port(RequestContext ctx, String portId) {
    try {
      return Optional.of(port(net.ports.get(ctx, portId)));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public PortInfo bind(RequestContext ctx, String portId, String deviceId, String host,
      String zone) {
    var body = Json.object();
    body.put("device_id", deviceId);
    body.put("device_owner", "compute:" + zone);
    body.put("binding:host_id", host);
    return port(net.ports.update(ServiceContexts.elevated(ctx, "nova"), portId, body));
  }

  @Override
  public void unbind(RequestContext ctx, String portId) {
    var body = Json.object();
    body.put("device_id", "");
    body.put("device_owner", "");
    body.put("binding:host_id", "");
    try {
      net.ports.update(ServiceContexts.elevated(ctx, "nova"), portId, body);
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  @Override
  public void deletePort(RequestContext ctx, String portId) {
    try {
      net.ports.delete(ServiceContexts.elevated(ctx, "nova"), portId);
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
  }

  @Override
  public List<PortInfo> portsOf(RequestContext ctx, String deviceId) {
    return net.ports.ofDevice(deviceId).stream().map(InProcessNetworkClient::port).toList();
  }

  @Override
  public Optional<String> securityGroupId(RequestContext ctx, String nameOrId) {
    List<com.fasterxml.jackson.databind.node.ObjectNode> groups = net.securityGroups.list(ctx);
    for (JsonNode g : groups) {
      if (g.path("id").asText().equals(nameOrId)) {
        return Optional.of(nameOrId);
      }
    }
    for (JsonNode g : groups) {
      if (g.path("name").asText().equals(nameOrId)) {
        return Optional.of(g.path("id").asText());
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<SecurityGroupInfo> securityGroup(RequestContext ctx, String id) {
    JsonNode g;
    try {
      g = net.securityGroups.view(ctx, net.securityGroups.get(ctx, id));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    List<SecurityGroupRule> rules = new ArrayList<>();
    for (JsonNode r : g.path("security_group_rules")) {
      rules.add(new SecurityGroupRule(r.path("id").asText(), r.path("direction").asText(),
          r.path("ethertype").asText(), text(r, "protocol"), integer(r, "port_range_min"),
          integer(r, "port_range_max"), text(r, "remote_ip_prefix"),
          text(r, "remote_group_id")));
    }
    return Optional.of(new SecurityGroupInfo(g.path("id").asText(), g.path("name").asText(),
        g.path("description").asText(""), g.path("project_id").asText(null), rules));
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Integer integer(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asInt();
  }

  @Override
  public PortInfo setSecurityGroups(RequestContext ctx, String portId, List<String> groupIds) {
    var body = Json.object();
    var groups = body.putArray("security_groups");
    groupIds.forEach(groups::add);
    return port(net.ports.update(ServiceContexts.elevated(ctx, "nova"), portId, body));
  }

  @Override
  public List<String> floatingIps(RequestContext ctx, String portId) {
    return net.floatingIps.list(ServiceContexts.elevated(ctx, "nova")).stream()
        .filter(f -> portId.equals(f.path("port_id").asText(null)))
        .map(f -> f.path("floating_ip_address").asText()).toList();
  }

  // ---- the compute API's network proxies

  private SecurityGroupInfo group(RequestContext ctx, JsonNode g) {
    JsonNode v = net.securityGroups.view(ctx, (com.fasterxml.jackson.databind.node.ObjectNode) g);
    List<SecurityGroupRule> rules = new ArrayList<>();
    for (JsonNode r : v.path("security_group_rules")) {
      rules.add(rule(r));
    }
    return new SecurityGroupInfo(v.path("id").asText(), v.path("name").asText(),
        v.path("description").asText(""), v.path("project_id").asText(null), rules);
  }

  private static SecurityGroupRule rule(JsonNode r) {
    return new SecurityGroupRule(r.path("id").asText(), r.path("direction").asText(),
        r.path("ethertype").asText(), text(r, "protocol"), integer(r, "port_range_min"),
        integer(r, "port_range_max"), text(r, "remote_ip_prefix"), text(r, "remote_group_id"));
  }

  @Override
  public List<SecurityGroupInfo> securityGroups(RequestContext ctx, boolean allProjects) {
    return net.securityGroups.list(ctx).stream()
        .filter(g -> allProjects || ctx.projectId() == null
            || ctx.projectId().equals(g.path("project_id").asText()))
        .map(g -> group(ctx, g)).toList();
  }

  @Override
  public SecurityGroupInfo createSecurityGroup(RequestContext ctx, String name,
      String description) {
    var body = Json.object();
    body.put("name", name);
    body.put("description", description);
    return group(ctx, net.securityGroups.create(ctx, body));
  }

  @Override
  public SecurityGroupInfo updateSecurityGroup(RequestContext ctx, String id, String name,
      String description) {
    var body = Json.object();
    if (name != null) {
      body.put("name", name);
    }
    if (description != null) {
      body.put("description", description);
    }
    return group(ctx, net.securityGroups.update(ctx, id, body));
  }

  @Override
  public void deleteSecurityGroup(RequestContext ctx, String id) {
    net.securityGroups.delete(ctx, id);
  }

  @Override
  public SecurityGroupRule createSecurityGroupRule(RequestContext ctx, String groupId,
      String protocol, Integer portMin, Integer portMax, String cidr, String remoteGroupId) {
    var body = Json.object();
    body.put("security_group_id", groupId);
    body.put("direction", "ingress");
    body.put("ethertype", cidr != null && cidr.contains(":") ? "IPv6" : "IPv4");
    if (protocol != null) {
      body.put("protocol", protocol);
    }
    if (portMin != null) {
      body.put("port_range_min", portMin);
    }
    if (portMax != null) {
      body.put("port_range_max", portMax);
    }
    if (cidr != null) {
      body.put("remote_ip_prefix", cidr);
    }
    if (remoteGroupId != null) {
      body.put("remote_group_id", remoteGroupId);
    }
    return rule(net.securityGroups.createRule(ctx, body));
  }

  @Override
  public Optional<String> securityGroupOfRule(RequestContext ctx, String ruleId) {
    try {
      return Optional.of(net.securityGroups.getRule(ctx, ruleId).path("security_group_id")
          .asText());
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void deleteSecurityGroupRule(RequestContext ctx, String ruleId) {
    net.securityGroups.deleteRule(ctx, ruleId);
  }

  private FloatingIpInfo floating(JsonNode f) {
    String netId = f.path("floating_network_id").asText();
    String pool = net.networks.find(netId).map(n -> n.path("name").asText(netId)).orElse(netId);
    return new FloatingIpInfo(f.path("id").asText(), f.path("floating_ip_address").asText(),
        netId, pool, text(f, "port_id"), text(f, "fixed_ip_address"),
        f.path("project_id").asText(null));
  }

  @Override
  public List<FloatingIpInfo> floatingIpList(RequestContext ctx) {
    return net.floatingIps.list(ctx).stream()
        .filter(f -> ctx.projectId() == null
            || ctx.projectId().equals(f.path("project_id").asText()))
        .map(this::floating).toList();
  }

  @Override
  public Optional<FloatingIpInfo> floatingIp(RequestContext ctx, String id) {
    try {
      return Optional.of(floating(net.floatingIps.get(ctx, id)));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public FloatingIpInfo createFloatingIp(RequestContext ctx, String networkNameOrId) {
    String netId = null;
    for (JsonNode n : net.networks.list(ctx)) {
      if (!n.path("router:external").asBoolean()) {
        continue;
      }
      if (networkNameOrId == null || networkNameOrId.equals(n.path("id").asText())
          || networkNameOrId.equals(n.path("name").asText())) {
        netId = n.path("id").asText();
        break;
      }
    }
    if (netId == null) {
      throw ApiException.notFound(networkNameOrId == null
          ? "No floating IP pool (external network) is available."
          : "Floating IP pool not found: " + networkNameOrId);
    }
    var body = Json.object();
    body.put("floating_network_id", netId);
    return floating(net.floatingIps.create(ctx, body));
  }

  @Override
  public void deleteFloatingIp(RequestContext ctx, String id) {
    net.floatingIps.delete(ctx, id);
  }

  @Override
  public FloatingIpInfo associateFloatingIp(RequestContext ctx, String id, String portId,
      String fixedIp) {
    var body = Json.object();
    body.put("port_id", portId);
    if (fixedIp != null) {
      body.put("fixed_ip_address", fixedIp);
    }
    return floating(net.floatingIps.update(ctx, id, body));
  }

  @Override
  public FloatingIpInfo disassociateFloatingIp(RequestContext ctx, String id) {
    var body = Json.object();
    body.putNull("port_id");
    return floating(net.floatingIps.update(ctx, id, body));
  }

  @Override
  public List<NetworkInfo> networks(RequestContext ctx) {
    return net.networks.list(ctx).stream().map(InProcessNetworkClient::network).toList();
  }
}
