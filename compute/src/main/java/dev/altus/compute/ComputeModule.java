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
import dev.altus.compute.api.KeyPairResource;
import dev.altus.compute.api.ServerGroupResource;
import dev.altus.compute.service.KeyPairService;
import dev.altus.compute.service.QuotaLimits;
import dev.altus.compute.service.ServerGroupService;
import dev.altus.compute.store.FlavorStore;
import dev.altus.compute.store.KeyPairStore;
import dev.altus.compute.store.ServerGroupStore;
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
  private final Router router = new Router();
  private final NovaFaults faults = new NovaFaults();

  /**
   * @param images the image service as compute calls it
   * @param networks the network service as compute calls it
   * @param bus how the API side reaches the compute agents
   */
  public ComputeModule(ComputeConfig config, Database db, Clock clock, ImageClient images,
      NetworkClient networks, MessageBus bus) {
    this.config = config;
    policy = new PolicyEngine(ComputePolicies.base());
    var jdbi = db.jdbi();
    flavors = new FlavorStore(jdbi);
    String root = config.publicUrl().replaceAll("/+$", "");
    new VersionResource(root).routes(router);

    // ---- key pairs and server groups (driver/groups part). The limits are Nova's defaults until
    // the quota part's QuotaLimits takes their place here.
    QuotaLimits groupLimits = (projectId, userId) -> Map.of("key_pairs", 100,
        "server_groups", 10, "server_group_members", 10);
    keyPairs = new KeyPairService(new KeyPairStore(jdbi), groupLimits, clock);
    new KeyPairResource(keyPairs, policy, root).routes(router);
    serverGroups = new ServerGroupService(new ServerGroupStore(jdbi), groupLimits, clock);
    new ServerGroupResource(serverGroups, policy).routes(router);
    // ---- end of key pairs and server groups

    if (config.policyFile() != null) {
      policy.loadOverrides(config.policyFile());
    }
    // every versioned route: a bad microversion is refused before the handler runs, and the
    // answer says which version served it
    router.wrap((method, template) -> template.startsWith("/v2.1/"), h -> req -> {
      Microversion v = Microversion.of(req);
      return v.stamp(h.handle(req));
    });
  }

  public Router router() {
    return router;
  }

  public FaultFormat faults() {
    return faults;
  }

  @Override
  public void close() {}
}
