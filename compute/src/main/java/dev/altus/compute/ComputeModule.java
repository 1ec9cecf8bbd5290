package dev.altus.compute;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.db.Database;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.api.ComputePolicies;
import dev.altus.compute.api.Microversion;
import dev.altus.compute.api.NovaFaults;
import dev.altus.compute.api.VersionResource;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.service.HostAggregates;
import dev.altus.compute.service.KeyPairLookup;
import dev.altus.compute.service.ProjectUsage;
import dev.altus.compute.service.QuotaLimits;
import dev.altus.compute.service.ServerGroupDirectory;
import dev.altus.compute.store.FlavorStore;
import dev.altus.compute.virt.VirtDriverProvider;
import java.time.Clock;

/**
 * Wires the compute service (Nova v2.1) by hand: stores, services, scheduler, agents, resources.
 * Each area adds its block below, marked with a comment naming it.
 */
public final class ComputeModule implements AutoCloseable {
  public final ComputeConfig config;
  public final PolicyEngine policy;
  public final FlavorStore flavors;
  /** The servers part (servers, scheduler, agents). */
  public final ServersPart servers;
  /** What projects use, for quotas and usage reports. */
  public final ProjectUsage usage;
  // seams the other parts implement (set in their blocks before the servers block)
  private QuotaLimits quotaLimits;
  private HostAggregates hostAggregates;
  private KeyPairLookup keyPairs;
  private ServerGroupDirectory serverGroups;
  private final Router router = new Router();
  private final NovaFaults faults = new NovaFaults();

  /**
   * @param images the image service as compute calls it
   * @param networks the network service as compute calls it
   * @param bus how the API side reaches the compute agents
   */
  public ComputeModule(ComputeConfig config, Database db, Clock clock, ImageClient images,
      NetworkClient networks, MessageBus bus) {
    this(config, db, clock, images, networks, bus, null);
  }

  /**
   * @param driverProvider the virt driver maker of the compute agents, or null to find
   *     compute.driver with ServiceLoader (tests pass their own)
   */
  public ComputeModule(ComputeConfig config, Database db, Clock clock, ImageClient images,
      NetworkClient networks, MessageBus bus, VirtDriverProvider driverProvider) {
    this.config = config;
    policy = new PolicyEngine(ComputePolicies.base());
    var jdbi = db.jdbi();
    flavors = new FlavorStore(jdbi);
    String root = config.publicUrl().replaceAll("/+$", "");
    new VersionResource(root).routes(router);

    // servers (servers part): servers, scheduler, builds, compute agents, servers API. The
    // seams it uses are set by the other parts' blocks above; a part not present answers as a
    // cloud without that feature (no quota limits, aggregates, key pairs, server groups).
    servers = new ServersPart(config, jdbi, clock, router, policy, flavors, images, networks,
        bus, quotaLimits != null ? quotaLimits : Seams.NO_QUOTA_LIMITS,
        hostAggregates != null ? hostAggregates : Seams.noAggregates(config.zone()),
        keyPairs != null ? keyPairs : Seams.NO_KEY_PAIRS,
        serverGroups != null ? serverGroups : Seams.NO_SERVER_GROUPS, driverProvider);
    usage = servers.usage;

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
