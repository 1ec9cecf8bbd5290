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
import dev.altus.network.store.AllocationStore;
import dev.altus.network.store.QuotaStore;
import dev.altus.network.store.ResourceStore;
import java.time.Clock;

/** Wires the networking service (Neutron v2.0) by hand: stores, services, resources, router. */
public final class NetworkModule implements AutoCloseable {
  public final NetworkConfig config;
  public final PolicyEngine policy;
  public final ChangeFeed feed = new ChangeFeed();
  public final NetworkService networks;
  public final SubnetService subnets;
  public final PortService ports;
  public final SecurityGroupService securityGroups;
  public final Quotas quotas;
  private final Router router = new Router();
  private final NeutronFaults faults = new NeutronFaults();

  public NetworkModule(NetworkConfig config, Database db, Clock clock) {
    this.config = config;
    policy = new PolicyEngine(NetworkPolicies.defaults());
    if (config.policyFile() != null) {
      policy.loadOverrides(config.policyFile());
    }
    var jdbi = db.jdbi();
    ResourceStore store = new ResourceStore(jdbi);
    AllocationStore alloc = new AllocationStore(jdbi);
    Access access = new Access(policy);
    Locks locks = new Locks();
    quotas = new Quotas(config.quotas(), new QuotaStore(jdbi), store);
    networks = new NetworkService(store, alloc, access, quotas, feed, clock, locks);
    subnets = new SubnetService(store, alloc, access, quotas, feed, clock, locks, networks);
    ports = new PortService(store, alloc, access, quotas, feed, clock, locks, networks, subnets);
    securityGroups = new SecurityGroupService(store, alloc, access, quotas, feed, clock, locks, ports);
    String base = config.publicUrl().replaceAll("/+$", "");
    new MetaResource(base).routes(router);
    new CoreResources(networks, subnets, ports, base).routes(router);
    new SecurityGroupResource(securityGroups, base).routes(router);
    new QuotaResource(quotas, access).routes(router);
  }

  public Router router() {
    return router;
  }

  public FaultFormat faults() {
    return faults;
  }

  @Override
  public void close() {
    feed.close();
  }
}
