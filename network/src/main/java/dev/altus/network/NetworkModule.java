package dev.altus.network;

import dev.altus.common.db.Database;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.api.CoreResources;
import dev.altus.network.api.MetaResource;
import dev.altus.network.api.NetworkPolicies;
import dev.altus.network.api.NeutronFaults;
import dev.altus.network.api.QuotaResource;
import dev.altus.network.api.SecurityGroupResource;
import dev.altus.network.service.Access;
import dev.altus.network.service.Locks;
import dev.altus.network.service.NetworkService;
import dev.altus.network.service.PortService;
import dev.altus.network.service.Quotas;
import dev.altus.network.service.SecurityGroupService;
import dev.altus.network.service.SubnetService;
import dev.altus.network.api.MeteringResource;
import dev.altus.network.api.SubnetPoolResource;
import dev.altus.network.service.MeteringService;
import dev.altus.network.service.IpAvailabilityService;
import dev.altus.network.service.SubnetPoolService;
import dev.altus.network.store.SubnetPoolStore;
import dev.altus.network.store.AllocationStore;
import dev.altus.network.store.QuotaStore;
import dev.altus.network.store.ResourceStore;
import dev.altus.common.host.LocalHost;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.agent.linux.DhcpAgent;
import dev.altus.network.agent.linux.LinuxBridgeAgent;
import dev.altus.network.agent.linux.PortFirewall;
import dev.altus.network.agent.HostAgent;
import dev.altus.network.agent.ResourceChange;
import dev.altus.network.agent.linux.LinuxL3;
import dev.altus.network.api.AgentResource;
import dev.altus.network.api.L3Resources;
import dev.altus.network.api.TagResource;
import dev.altus.network.service.AgentService;
import dev.altus.network.service.FloatingIpService;
import dev.altus.network.service.RouterService;
import dev.altus.network.service.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Wires the networking service (Neutron v2.0) by hand: stores, services, resources, router. */
public final class NetworkModule implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NetworkModule.class);
  public final NetworkConfig config;
  public final PolicyEngine policy;
  public final ChangeFeed feed = new ChangeFeed();
  public final NetworkService networks;
  public final SubnetService subnets;
  public final SubnetPoolService subnetPools;
  public final PortService ports;
  public final SecurityGroupService securityGroups;
  public final Quotas quotas;
  public final RouterService routers;
  public final FloatingIpService floatingIps;
  public final AgentService agents;
  public final dev.altus.network.service.AutoAllocation autoAllocation;
  private final List<DataPlaneAgent> hostAgents = new ArrayList<>();
  private final ResourceStore store;
  /**
   * Security-group filtering of the ports of this host: nftables with the Linux data plane (made
   * once; a restart of the agents binds it again), none with {@code noop}.
   */
  private PortFirewall firewall = PortFirewall.ALLOW_ALL;
  private boolean linux;
  private List<String> agentHosts = List.of();
  private final Duration reportInterval;
  private final Router router = new Router().formatSuffix(".json");
  private final NeutronFaults faults = new NeutronFaults();

  /** The service with its agents for this machine's host, reporting every 10 seconds. */
  public NetworkModule(NetworkConfig config, Database db, Clock clock) {
    this(config, db, clock, localHost(), Duration.ofSeconds(10));
  }

  /**
   * The service with its agents for this machine, whose L2 agent also serves {@code computeHosts}
   * (the compute hosts this process runs on the same machine), reporting every 10 seconds.
   */
  public NetworkModule(NetworkConfig config, Database db, Clock clock, List<String> computeHosts) {
    this(config, db, clock, localHost(), computeHosts, Duration.ofSeconds(10));
  }

  public NetworkModule(NetworkConfig config, Database db, Clock clock, String host,
      Duration reportInterval) {
    this(config, db, clock, host, List.of(), reportInterval);
  }

  /**
   * The service with the in-process DHCP, L3, metadata and Linux bridge agents for {@code host}
   * (none if host is null), the Linux bridge agent serving {@code l2Hosts} too, heartbeating
   * every {@code reportInterval}.
   */
  public NetworkModule(NetworkConfig config, Database db, Clock clock, String host,
      List<String> l2Hosts, Duration reportInterval) {
    this.config = config;
    this.reportInterval = reportInterval;
    policy = new PolicyEngine(NetworkPolicies.defaults()).describeAll(NetworkPolicies.descriptions());
    if (config.policyFile() != null) {
      policy.loadOverrides(config.policyFile());
    }
    var jdbi = db.jdbi();
    store = new ResourceStore(jdbi);
    int indexed = store.indexMissing();
    if (indexed > 0) {
      LOG.info("indexed {} network resources written before their lookup keys existed", indexed);
    }
    AllocationStore alloc = new AllocationStore(jdbi);
    Access access = new Access(policy);
    Locks locks = new Locks();
    quotas = new Quotas(config.quotas(), new QuotaStore(jdbi), store);
    networks = new NetworkService(store, alloc, access, quotas, feed, clock, locks);
    subnetPools = new SubnetPoolService(store, new SubnetPoolStore(jdbi), access, quotas,
        feed, clock, locks);
    subnets = new SubnetService(store, alloc, access, quotas, feed, clock, locks, networks, subnetPools);
    ports = new PortService(store, alloc, access, quotas, feed, clock, locks, networks, subnets);
    securityGroups = new SecurityGroupService(store, alloc, access, quotas, feed, clock, locks, ports);
    routers = new RouterService(store, access, quotas, feed, clock, locks, networks, subnets, ports);
    floatingIps = new FloatingIpService(store, access, quotas, feed, clock, locks, networks, ports, routers);
    agents = new AgentService(store, access, clock, locks, reportInterval, ports, floatingIps);
    Tags tags = new Tags(store, access, feed, clock, locks, Map.of(
        "network", networks::get, "subnet", subnets::get, "port", ports::get,
        "router", routers::get, "security_group", securityGroups::get, "floatingip", floatingIps::get,
        "subnetpool", subnetPools::get));
    String base = config.publicUrl().replaceAll("/+$", "");
    new MetaResource(base).routes(router);
    new CoreResources(networks, subnets, ports, base).routes(router);
    new SecurityGroupResource(securityGroups, base).routes(router);
    new QuotaResource(quotas, access).routes(router);
    new L3Resources(routers, floatingIps, base).routes(router);
    new AgentResource(agents, new dev.altus.network.service.DhcpScheduler(
        new dev.altus.network.store.DhcpBindingStore(jdbi), agents, networks, ports), base).routes(router);
    new TagResource(tags).routes(router);
    new MeteringResource(new MeteringService(store, access, feed, locks), base).routes(router);
    new SubnetPoolResource(subnetPools, new IpAvailabilityService(store, alloc, access), base)
        .routes(router);
    autoAllocation = new dev.altus.network.service.AutoAllocation(store, access, locks,
        networks, subnets, subnetPools, routers);
    networks.wire(autoAllocation);
    new dev.altus.network.api.AutoAllocationResource(autoAllocation).routes(router);
    agents.publishTo(feed);
    if (host != null) {
      List<String> hosts = new ArrayList<>(List.of(host));
      l2Hosts.stream().filter(h -> !hosts.contains(h)).forEach(hosts::add);
      agentHosts = List.copyOf(hosts);
      startAgents(hosts, reportInterval);
    }
  }

  /**
   * The agents of this host: with the Linux data plane, the Linux bridge, DHCP, L3 and metadata
   * agents wire networks for real; with {@code noop}, every agent only registers and ports are
   * reported ACTIVE unwired.
   */
  private void startAgents(List<String> hosts, Duration reportInterval) {
    String host = hosts.get(0);
    DataPlaneConfig dp = config.dataPlane();
    LocalHost machine = new LocalHost();
    linux = dp.linux(machine);
    if (!linux) {
      for (HostAgent.Kind k : HostAgent.Kind.values()) {
        for (String h : k == HostAgent.Kind.LINUX_BRIDGE ? hosts : List.of(host)) {
          attach(new HostAgent(k, h, reportInterval));
        }
      }
      return;
    }
    if (firewall == PortFirewall.ALLOW_ALL) {
      firewall = new dev.altus.network.agent.linux.SecurityGroupFirewall(machine, hosts,
          dp.firewallTable());
    }
    // the L3 side is checked first: nothing starts on a host that lacks one of its tools
    List<DataPlaneAgent> l3 = LinuxL3.agents(config, host, reportInterval, machine);
    DhcpAgent dhcp = new DhcpAgent(machine, host, dp, reportInterval, LinuxL3.proxies(dp, machine));
    LinuxBridgeAgent l2 = new LinuxBridgeAgent(machine, hosts, dp, reportInterval, firewall,
        dhcp::served, true);
    dhcp.onReadinessChange(l2::portChanged);
    attach(l2);
    attach(dhcp);
    for (DataPlaneAgent a : l3) {
      attach(a); // the L3 agent (routers, NAT, metadata proxies) and the metadata agent
    }
  }

  /** The security group firewall of this host's ports (allow-all without the Linux data plane). */
  public PortFirewall firewall() {
    return firewall;
  }

  /** The agents running in this process. */
  public List<DataPlaneAgent> hostAgents() {
    synchronized (hostAgents) {
      return List.copyOf(hostAgents);
    }
  }

  /**
   * Stops this process's agents and starts new ones, as after a crash of the agents: what they
   * made on the host stays, and the new ones converge from the current state.
   */
  public void restartAgents() {
    List<String> hosts = agentHosts;
    for (DataPlaneAgent a : hostAgents()) {
      detach(a);
    }
    startAgents(hosts, reportInterval);
  }

  /** Whether this host's networks are wired by the Linux data plane (else nothing is wired). */
  public boolean linuxDataPlane() {
    return linux;
  }

  /**
   * Starts an agent on this service: it reports through {@link #agents} and receives the current
   * state as {@code created} changes, then every change after it, and so converges.
   */
  public void attach(DataPlaneAgent agent) {
    synchronized (hostAgents) {
      hostAgents.add(agent);
    }
    agent.start(agents);
    feed.subscribe(agent, this::currentState);
  }

  /** Stops an agent and its changes (what it made on the host stays, as after a crash). */
  public void detach(DataPlaneAgent agent) {
    synchronized (hostAgents) {
      hostAgents.remove(agent);
    }
    feed.unsubscribe(agent);
    agent.stop();
  }

  /**
   * Every resource an agent acts on, as {@code created} changes in an order where what a resource
   * refers to comes first (agents, networks, subnets, groups and rules, routers, ports, floating
   * IPs).
   */
  public List<ResourceChange> currentState() {
    List<ResourceChange> out = new ArrayList<>();
    for (String kind : List.of("agent", "network", "subnet", "security_group", "security_group_rule",
        "router", "port", "floatingip")) {
      for (var d : store.list(kind)) {
        out.add(new ResourceChange(kind, "created", d.path("id").asText(), d));
      }
    }
    return out;
  }

  private static String localHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }

  public Router router() {
    return router;
  }

  public FaultFormat faults() {
    return faults;
  }

  @Override
  public void close() {
    List<DataPlaneAgent> running;
    synchronized (hostAgents) {
      running = List.copyOf(hostAgents);
    }
    for (DataPlaneAgent a : running) {
      detach(a);
    }
    if (firewall instanceof dev.altus.network.agent.linux.SecurityGroupFirewall f) {
      f.close(); // its rules stay in place, as the agents' bridges do
    }
    feed.close();
  }
}
