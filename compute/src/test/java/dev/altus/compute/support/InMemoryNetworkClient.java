package dev.altus.compute.support;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.client.NetworkClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network service for the compute tests: networks with one IPv4 subnet each, ports with
 * addresses allocated in order (a taken fixed address is refused), security groups by project,
 * binding state. Behaves like the network service's rules compute depends on.
 */
public final class InMemoryNetworkClient implements NetworkClient {
  private record Net(NetworkInfo info, String prefix, AtomicInteger next) {}

  /** A port as stored here. */
  public static final class Port {
    public String id;
    public String networkId;
    public String mac;
    public String ip;
    public String deviceId = "";
    public String deviceOwner = "";
    public String hostId = "";
    public String status = "DOWN";
    public List<String> groups = new ArrayList<>();
    public String projectId;

    /** Set by the client when the host it is bound to has no live L2 agent. */
    public boolean bindingFailed;

    PortInfo info() {
      boolean failed = !hostId.isEmpty() && bindingFailed;
      return new PortInfo(id, networkId, mac, List.of(new FixedIp("subnet-" + networkId, ip, 4)),
          deviceId, deviceOwner, hostId, status, List.copyOf(groups), projectId,
          hostId.isEmpty() ? "unbound" : failed ? "binding_failed" : "bridge",
          failed ? "no live Linux bridge agent on host " + hostId : null);
    }
  }

  /** Hosts whose L2 agent is dead: ports bound there are binding_failed, as the service says. */
  public final java.util.Set<String> hostsWithoutL2Agent = ConcurrentHashMap.newKeySet();
  private final Map<String, Net> networks = new ConcurrentHashMap<>();
  public final Map<String, Port> ports = new ConcurrentHashMap<>();
  private final Map<String, SecurityGroupInfo> groups = new ConcurrentHashMap<>();
  public final Map<String, List<String>> floating = new ConcurrentHashMap<>();
  private final AtomicInteger macs = new AtomicInteger(1);
  private final AtomicInteger subnets = new AtomicInteger(1);

  /** Adds a network (shared or of a project) with a /24 subnet; returns its id. */
  public String addNetwork(String name, String projectId, boolean shared, boolean external) {
    String id = UUID.randomUUID().toString();
    int n = subnets.getAndIncrement();
    networks.put(id, new Net(new NetworkInfo(id, name, projectId, shared, external, 1500,
        List.of("subnet-" + id)), "10.0." + n + ".", new AtomicInteger(2)));
    return id;
  }

  /** Adds a security group to a project; returns its id. */
  public String addGroup(String projectId, String name) {
    String id = UUID.randomUUID().toString();
    groups.put(id, new SecurityGroupInfo(id, name, name + " group", projectId,
        List.of(new SecurityGroupRule(UUID.randomUUID().toString(), "ingress", "IPv4", "tcp", 22,
            22, "0.0.0.0/0", null))));
    return id;
  }

  private String defaultGroup(String projectId) {
    return groups.values().stream().filter(g -> g.name().equals("default")
            && g.projectId().equals(projectId)).map(SecurityGroupInfo::id).findFirst()
        .orElseGet(() -> addGroup(projectId, "default"));
  }

  private boolean sees(RequestContext ctx, String projectId) {
    return ctx.isAdmin() || projectId == null || projectId.equals(ctx.projectId());
  }

  @Override
  public Optional<NetworkInfo> network(RequestContext ctx, String networkId) {
    Net n = networks.get(networkId);
    if (n == null || !(n.info().shared() || n.info().external()
        || sees(ctx, n.info().projectId()))) {
      return Optional.empty();
    }
    return Optional.of(n.info());
  }

  /** Each network's one subnet: a /24 with DHCP, its gateway at .1 and no DNS servers. */
  @Override
  public Optional<SubnetInfo> subnet(RequestContext ctx, String subnetId) {
    if (!subnetId.startsWith("subnet-")) {
      return Optional.empty();
    }
    return network(ctx, subnetId.substring("subnet-".length())).map(n -> {
      String prefix = networks.get(n.id()).prefix();
      return new SubnetInfo(subnetId, n.id(), 4, prefix + "0/24", prefix + "1", dns, routes,
          dhcp);
    });
  }

  /** What every subnet reports from now on (a test sets them). */
  public volatile List<String> dns = List.of();
  public volatile List<HostRoute> routes = List.of();
  public volatile boolean dhcp = true;

  @Override
  public List<NetworkInfo> usableNetworks(RequestContext ctx) {
    return networks.values().stream().map(Net::info)
        .filter(n -> !n.external() && (n.shared() || ctx.projectId().equals(n.projectId())))
        .toList();
  }

  @Override
  public NetworkInfo autoAllocatedNetwork(RequestContext ctx) {
    // like the network service with no default external network marked
    throw ApiException.conflict("Deployment error: No default router:external network.");
  }

  @Override
  public List<NetworkInfo> visibleNetworks(RequestContext ctx) {
    return networks.values().stream().map(Net::info)
        .filter(n -> n.shared() || n.external() || sees(ctx, n.projectId())).toList();
  }

  @Override
  public synchronized PortInfo createPort(RequestContext ctx, String networkId, String fixedIp,
      List<String> securityGroups, String deviceId) {
    Net n = networks.get(networkId);
    if (n == null) {
      throw ApiException.notFound("Network " + networkId + " could not be found.");
    }
    String ip = fixedIp;
    if (ip != null) {
      String taken = ip;
      if (ports.values().stream().anyMatch(p -> taken.equals(p.ip))) {
        throw ApiException.conflict("IP address " + ip + " already allocated in subnet");
      }
    } else {
      int next = n.next().getAndIncrement();
      if (next > 254) {
        throw ApiException.conflict("No more IP addresses available on network " + networkId);
      }
      ip = n.prefix() + next;
    }
    Port p = new Port();
    p.id = UUID.randomUUID().toString();
    p.networkId = networkId;
    p.mac = String.format("fa:16:3e:00:%02x:%02x", macs.get() / 256 % 256,
        macs.getAndIncrement() % 256);
    p.ip = ip;
    p.projectId = ctx.projectId();
    p.deviceId = deviceId == null ? "" : deviceId;
    for (String g : securityGroups.isEmpty() ? List.of("default") : securityGroups) {
      p.groups.add(securityGroupId(ctx, g).orElseThrow(() -> ApiException.badRequest(
          "Security group " + g + " not found")));
    }
    ports.put(p.id, p);
    return p.info();
  }

  @Override
  public Optional<PortInfo> port(RequestContext ctx, String portId) {
    Port p = ports.get(portId);
    return p == null || !sees(ctx, p.projectId) ? Optional.empty() : Optional.of(p.info());
  }

  @Override
  public PortInfo bind(RequestContext ctx, String portId, String deviceId, String host,
      String zone) {
    Port p = ports.get(portId);
    if (p == null) {
      throw ApiException.notFound("Port " + portId + " not found");
    }
    p.deviceId = deviceId;
    p.deviceOwner = "compute:" + zone;
    p.hostId = host;
    p.bindingFailed = hostsWithoutL2Agent.contains(host);
    p.status = "ACTIVE";
    return p.info();
  }

  @Override
  public void unbind(RequestContext ctx, String portId) {
    Port p = ports.get(portId);
    if (p != null) {
      p.deviceId = "";
      p.deviceOwner = "";
      p.hostId = "";
      p.status = "DOWN";
    }
  }

  @Override
  public void deletePort(RequestContext ctx, String portId) {
    ports.remove(portId);
  }

  @Override
  public List<PortInfo> portsOf(RequestContext ctx, String deviceId) {
    return ports.values().stream().filter(p -> deviceId.equals(p.deviceId)).map(Port::info)
        .toList();
  }

  @Override
  public Optional<String> securityGroupId(RequestContext ctx, String nameOrId) {
    if (groups.containsKey(nameOrId)) {
      return Optional.of(nameOrId);
    }
    if (nameOrId.equals("default")) {
      return Optional.of(defaultGroup(ctx.projectId()));
    }
    return groups.values().stream().filter(g -> g.name().equals(nameOrId)
        && g.projectId().equals(ctx.projectId())).map(SecurityGroupInfo::id).findFirst();
  }

  @Override
  public Optional<SecurityGroupInfo> securityGroup(RequestContext ctx, String id) {
    return Optional.ofNullable(groups.get(id));
  }

  @Override
  public PortInfo setSecurityGroups(RequestContext ctx, String portId, List<String> groupIds) {
    Port p = ports.get(portId);
    p.groups = new ArrayList<>(groupIds);
    return p.info();
  }

  @Override
  public List<String> floatingIps(RequestContext ctx, String portId) {
    return floating.getOrDefault(portId, List.of());
  }

  // ---- the compute API's network proxies

  private final Map<String, FloatingIpInfo> fips = new ConcurrentHashMap<>();
  private final AtomicInteger fipNext = new AtomicInteger(10);

  @Override
  public List<SecurityGroupInfo> securityGroups(RequestContext ctx, boolean allProjects) {
    if (ctx.projectId() != null) {
      defaultGroup(ctx.projectId());
    }
    return groups.values().stream().filter(g -> allProjects && ctx.isAdmin()
        || g.projectId().equals(ctx.projectId())).toList();
  }

  @Override
  public SecurityGroupInfo createSecurityGroup(RequestContext ctx, String name,
      String description) {
    String id = UUID.randomUUID().toString();
    SecurityGroupInfo g = new SecurityGroupInfo(id, name, description, ctx.projectId(),
        new ArrayList<>());
    groups.put(id, g);
    return g;
  }

  @Override
  public SecurityGroupInfo updateSecurityGroup(RequestContext ctx, String id, String name,
      String description) {
    SecurityGroupInfo g = groups.get(id);
    if (g == null) {
      throw ApiException.notFound("Security group " + id + " does not exist");
    }
    SecurityGroupInfo u = new SecurityGroupInfo(id, name == null ? g.name() : name,
        description == null ? g.description() : description, g.projectId(), g.rules());
    groups.put(id, u);
    return u;
  }

  @Override
  public void deleteSecurityGroup(RequestContext ctx, String id) {
    SecurityGroupInfo g = groups.get(id);
    if (g == null) {
      throw ApiException.notFound("Security group " + id + " does not exist");
    }
    if (g.name().equals("default")) {
      throw ApiException.conflict("Insufficient rights for removing default security group.");
    }
    groups.remove(id);
  }

  @Override
  public synchronized SecurityGroupRule createSecurityGroupRule(RequestContext ctx,
      String groupId, String protocol, Integer portMin, Integer portMax, String cidr,
      String remoteGroupId) {
    SecurityGroupInfo g = groups.get(groupId);
    if (g == null) {
      throw ApiException.notFound("Security group " + groupId + " does not exist");
    }
    SecurityGroupRule r = new SecurityGroupRule(UUID.randomUUID().toString(), "ingress", "IPv4",
        protocol, portMin, portMax, cidr, remoteGroupId);
    for (SecurityGroupRule x : g.rules()) {
      if (java.util.Objects.equals(x.protocol(), protocol)
          && java.util.Objects.equals(x.portRangeMin(), portMin)
          && java.util.Objects.equals(x.portRangeMax(), portMax)
          && java.util.Objects.equals(x.remoteIpPrefix(), cidr)
          && java.util.Objects.equals(x.remoteGroupId(), remoteGroupId)) {
        throw ApiException.conflict("Security group rule already exists.");
      }
    }
    List<SecurityGroupRule> rules = new ArrayList<>(g.rules());
    rules.add(r);
    groups.put(groupId, new SecurityGroupInfo(g.id(), g.name(), g.description(), g.projectId(),
        rules));
    return r;
  }

  @Override
  public Optional<String> securityGroupOfRule(RequestContext ctx, String ruleId) {
    return groups.values().stream().filter(g -> g.rules().stream()
        .anyMatch(r -> r.id().equals(ruleId))).map(SecurityGroupInfo::id).findFirst();
  }

  @Override
  public synchronized void deleteSecurityGroupRule(RequestContext ctx, String ruleId) {
    for (SecurityGroupInfo g : groups.values()) {
      List<SecurityGroupRule> rules = new ArrayList<>(g.rules());
      if (rules.removeIf(r -> r.id().equals(ruleId))) {
        groups.put(g.id(), new SecurityGroupInfo(g.id(), g.name(), g.description(),
            g.projectId(), rules));
        return;
      }
    }
    throw ApiException.notFound("Security group rule " + ruleId + " does not exist");
  }

  @Override
  public List<FloatingIpInfo> floatingIpList(RequestContext ctx) {
    return fips.values().stream().filter(f -> f.projectId().equals(ctx.projectId())).toList();
  }

  @Override
  public Optional<FloatingIpInfo> floatingIp(RequestContext ctx, String id) {
    return Optional.ofNullable(fips.get(id)).filter(f -> sees(ctx, f.projectId()));
  }

  @Override
  public FloatingIpInfo createFloatingIp(RequestContext ctx, String pool) {
    Net n = networks.values().stream().filter(x -> x.info().external()
            && (pool == null || pool.equals(x.info().name()) || pool.equals(x.info().id())))
        .findFirst().orElseThrow(() -> ApiException.notFound("no pool " + pool));
    FloatingIpInfo f = new FloatingIpInfo(UUID.randomUUID().toString(),
        "203.0.113." + fipNext.getAndIncrement(), n.info().id(), n.info().name(), null, null,
        ctx.projectId());
    fips.put(f.id(), f);
    return f;
  }

  @Override
  public void deleteFloatingIp(RequestContext ctx, String id) {
    FloatingIpInfo f = fips.remove(id);
    if (f != null && f.portId() != null) {
      floating.remove(f.portId());
    }
  }

  @Override
  public FloatingIpInfo associateFloatingIp(RequestContext ctx, String id, String portId,
      String fixedIp) {
    FloatingIpInfo f = fips.get(id);
    Port p = ports.get(portId);
    FloatingIpInfo u = new FloatingIpInfo(f.id(), f.address(), f.networkId(), f.pool(), portId,
        fixedIp == null ? p.ip : fixedIp, f.projectId());
    fips.put(id, u);
    floating.put(portId, List.of(f.address()));
    return u;
  }

  @Override
  public FloatingIpInfo disassociateFloatingIp(RequestContext ctx, String id) {
    FloatingIpInfo f = fips.get(id);
    if (f.portId() != null) {
      floating.remove(f.portId());
    }
    FloatingIpInfo u = new FloatingIpInfo(f.id(), f.address(), f.networkId(), f.pool(), null,
        null, f.projectId());
    fips.put(id, u);
    return u;
  }

  @Override
  public List<NetworkInfo> networks(RequestContext ctx) {
    return networks.values().stream().map(Net::info)
        .filter(n -> n.shared() || n.external() || sees(ctx, n.projectId())).toList();
  }
}
