package dev.altus.compute;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.db.Database;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.api.AdminPolicies;
import dev.altus.compute.api.AggregateResource;
import dev.altus.compute.api.AvailabilityZoneResource;
import dev.altus.compute.api.ComputePolicies;
import dev.altus.compute.api.FlavorAccessResource;
import dev.altus.compute.api.FlavorExtraSpecResource;
import dev.altus.compute.api.FlavorResource;
import dev.altus.compute.api.HostResource;
import dev.altus.compute.api.HypervisorResource;
import dev.altus.compute.api.ServiceResource;
import dev.altus.compute.api.TenantUsageResource;
import dev.altus.compute.api.UsageAuditLogResource;
import dev.altus.compute.api.LimitsResource;
import dev.altus.compute.api.QuotaClassResource;
import dev.altus.compute.api.QuotaSetResource;
import dev.altus.compute.api.ResourceLinks;
import dev.altus.compute.api.Microversion;
import dev.altus.compute.api.NovaFaults;
import dev.altus.compute.api.VersionResource;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.api.KeyPairResource;
import dev.altus.compute.api.ServerGroupResource;
import dev.altus.compute.service.KeyPairService;
import dev.altus.compute.service.QuotaLimits;
import dev.altus.compute.service.ServerGroupService;
import dev.altus.compute.store.FlavorStore;
import dev.altus.compute.store.KeyPairStore;
import dev.altus.compute.store.ServerGroupStore;
import dev.altus.compute.service.AggregateService;
import dev.altus.compute.service.AvailabilityZoneService;
import dev.altus.compute.service.FlavorService;
import dev.altus.compute.service.ComputeServiceAdmin;
import dev.altus.compute.service.HostAggregates;
import dev.altus.compute.service.HostReports;
import dev.altus.compute.service.HypervisorService;
import dev.altus.compute.service.ProjectUsage;
import dev.altus.compute.service.QuotaService;
import dev.altus.compute.service.ServerHistory;
import dev.altus.compute.service.ServiceLiveness;
import dev.altus.compute.service.UsageReports;
import dev.altus.compute.store.AggregateStore;
import dev.altus.compute.store.ComputeNodeStore;
import dev.altus.compute.store.ComputeServiceStore;
import dev.altus.compute.service.ProjectDirectory;
import dev.altus.compute.store.QuotaStore;
import dev.altus.compute.service.KeyPairLookup;
import dev.altus.compute.service.ServerGroupDirectory;
import dev.altus.compute.virt.VirtDriverProvider;
import java.time.Clock;
import java.util.Map;

/**
 * Wires the compute service (Nova v2.1) by hand: stores, services, scheduler, agents, resources.
 * Each area adds its block below, marked with a comment naming it.
 */
public final class ComputeModule implements AutoCloseable {
  public final ComputeConfig config;
  public final PolicyEngine policy;
  public final FlavorStore flavors;
  /** Key pairs (driver/groups part); the servers part finds key pairs through it. */
  public final KeyPairService keyPairs;
  /** Server groups (driver/groups part); the servers part and the scheduler use it. */
  public final ServerGroupService serverGroups;
  public final FlavorService flavorService;
  /** Host aggregates and availability zones; the scheduler asks it as {@link HostAggregates}. */
  public final AggregateService aggregates;
  /** Quota limits; servers, key pairs and server groups enforce with it as {@link QuotaLimits}. */
  public final QuotaService quotas;
  /** Whether a compute service is up: it reported within compute.service_down_time. */
  public final ServiceLiveness liveness;
  /**
   * What the hosts' agents report (servers per host, uptime). The servers part installs its
   * agents' answers with {@link #reportHostsWith}; until then no agent runs to ask.
   */
  private volatile HostReports hostReports = new HostReports() {
    @Override
    public java.util.List<HostedServer> serversOn(String host) {
      return java.util.List.of();
    }

    @Override
    public java.util.OptionalLong uptimeSeconds(String host) {
      return java.util.OptionalLong.empty();
    }
  };
  /**
   * The servers' lives for usage reports. The servers part installs its records with {@link
   * #recordServersWith}; until then no server has run.
   */
  private volatile ServerHistory serverHistory = (project, start, end) -> java.util.List.of();
  /**
   * How the servers of a project are counted for quotas, limits and usage. The servers part
   * installs its count with {@link #countServersWith}; until then no server exists to count.
   */
  private volatile ProjectUsage projectUsage = (project, user) -> new ProjectUsage.Usage(0, 0, 0);
  /** The servers part (servers, scheduler, agents). */
  public final ServersPart servers;
  /** What projects use, for quotas and usage reports. */
  public final ProjectUsage usage;
  private final Router router = new Router();
  private final NovaFaults faults = new NovaFaults();

  /**
   * @param images the image service as compute calls it
   * @param networks the network service as compute calls it
   * @param bus how the API side reaches the compute agents
   */
  public ComputeModule(ComputeConfig config, Database db, Clock clock, ImageClient images,
      NetworkClient networks, MessageBus bus) {
    this(config, db, clock, images, networks, bus, ProjectDirectory.UNCHECKED, null);
  }

  /** @param projects whether a project id an admin names exists (flavor access, quotas) */
  public ComputeModule(ComputeConfig config, Database db, Clock clock, ImageClient images,
      NetworkClient networks, MessageBus bus, ProjectDirectory projects) {
    this(config, db, clock, images, networks, bus, projects, null);
  }

  /** @param driverProvider the virt driver maker of the compute agents (tests pass their own) */
  public ComputeModule(ComputeConfig config, Database db, Clock clock, ImageClient images,
      NetworkClient networks, MessageBus bus, VirtDriverProvider driverProvider) {
    this(config, db, clock, images, networks, bus, ProjectDirectory.UNCHECKED, driverProvider);
  }

  /**
   * @param projects whether a project id an admin names exists (flavor access, quotas)
   * @param driverProvider the virt driver maker of the compute agents, or null to find
   *     compute.driver with ServiceLoader
   */
  public ComputeModule(ComputeConfig config, Database db, Clock clock, ImageClient images,
      NetworkClient networks, MessageBus bus, ProjectDirectory projects,
      VirtDriverProvider driverProvider) {
    this.config = config;
    policy = new PolicyEngine(ComputePolicies.base());
    var jdbi = db.jdbi();
    flavors = new FlavorStore(jdbi);
    String root = config.publicUrl().replaceAll("/+$", "");
    new VersionResource(root).routes(router);

    // admin area: flavors, availability zones, aggregates, quotas, limits, services, hypervisors
    policy.addDefaults(AdminPolicies.defaults());
    ResourceLinks links = new ResourceLinks(root);
    flavorService = new FlavorService(flavors, projects, clock);
    new FlavorResource(flavorService, policy, links).routes(router);
    new FlavorExtraSpecResource(flavorService, policy).routes(router);
    new FlavorAccessResource(flavorService, policy).routes(router);
    var serviceRecords = new ComputeServiceStore(jdbi);
    var nodes = new ComputeNodeStore(jdbi);
    liveness = new ServiceLiveness(clock, config.serviceDownTime());
    aggregates = new AggregateService(new AggregateStore(jdbi), serviceRecords, nodes, clock,
        config.zone());
    new AggregateResource(aggregates, policy).routes(router);
    var zones = new AvailabilityZoneService(serviceRecords, aggregates, liveness);
    new AvailabilityZoneResource(zones, policy).routes(router);
    var serviceAdmin = new ComputeServiceAdmin(serviceRecords, nodes, liveness, clock);
    new ServiceResource(serviceAdmin, zones, policy).routes(router);
    new UsageAuditLogResource(serviceAdmin, policy, clock).routes(router);
    var hypervisors = new HypervisorService(nodes, serviceRecords, liveness, () -> hostReports);
    new HypervisorResource(hypervisors, policy, links).routes(router);
    new HostResource(zones, hypervisors, policy).routes(router);
    quotas = new QuotaService(new QuotaStore(jdbi), (p, u) -> projectUsage.of(p, u));
    new QuotaSetResource(quotas, policy, projects).routes(router);
    new QuotaClassResource(quotas, policy).routes(router);
    new LimitsResource(quotas, policy).routes(router);
    new TenantUsageResource(new UsageReports(() -> serverHistory, clock), policy, links, clock)
        .routes(router);
    // end of the admin area

    // ---- key pairs and server groups (driver/groups part), within the admin area's quota limits
    var keyPairStore = new KeyPairStore(jdbi);
    keyPairs = new KeyPairService(keyPairStore, quotas, clock);
    new KeyPairResource(keyPairs, policy, root).routes(router);
    var groupStore = new ServerGroupStore(jdbi);
    serverGroups = new ServerGroupService(groupStore, quotas, clock);
    // key pairs belong to users: a project's figure is its caller's when a user is named
    quotas.countWith("key_pairs", (project, user) -> user == null ? 0 : keyPairStore.count(user));
    quotas.countWith("server_groups", (project, user) -> groupStore.countInProject(project));
    new ServerGroupResource(serverGroups, policy).routes(router);
    // ---- end of key pairs and server groups

    // servers (servers part): servers, scheduler, builds, compute agents, servers API, using the
    // seams the blocks above implement
    servers = new ServersPart(config, jdbi, clock, router, policy, flavors, images, networks,
        bus, quotas, aggregates, keyPairs, serverGroups, driverProvider);
    usage = servers.usage;
    projectUsage = usage;
    // what the hypervisor views and usage reports read from the servers part
    var lives = new dev.altus.compute.store.ServerLifeStore(jdbi);
    reportHostsWith(new AgentHostReports(lives, servers::agents));
    recordServersWith(lives);
    // the image service's images as compute showed them before 2.36 (Nova's image proxy)
    new dev.altus.compute.api.ImageProxyResource(images, root).routes(router);
    new dev.altus.compute.api.ExtensionResource().routes(router);
    new dev.altus.compute.api.NetworkProxyResource(networks, policy).routes(router);

    if (config.policyFile() != null) {
      policy.loadOverrides(config.policyFile());
    }
    // every versioned route: a bad microversion is refused before the handler runs, and the
    // answer says which version served it
    router.wrap((method, template) -> template.startsWith("/v2.1/"), h -> req -> {
      Microversion v = Microversion.of(req);
      return v.stamp(h.handle(req)).header("x-compute-request-id", req.requestId());
    });
  }

  /** Installs the count of servers that quotas, limits and usage reports read. */
  public void countServersWith(ProjectUsage usage) {
    projectUsage = java.util.Objects.requireNonNull(usage);
  }

  /** Installs the agents' answers that the hypervisor views read. */
  public void reportHostsWith(HostReports reports) {
    hostReports = java.util.Objects.requireNonNull(reports);
  }

  /** Installs the servers' records that usage reports read. */
  public void recordServersWith(ServerHistory history) {
    serverHistory = java.util.Objects.requireNonNull(history);
  }

  public Router router() {
    return router;
  }

  public FaultFormat faults() {
    return faults;
  }

  @Override
  public void close() {
    servers.close();
  }
}
