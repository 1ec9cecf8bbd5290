package dev.altus.compute.api;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.ComputeConfig;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.service.HostAggregates;
import dev.altus.compute.service.KeyPairLookup;
import dev.altus.compute.service.QuotaCheck;
import dev.altus.compute.service.ServerActions;
import dev.altus.compute.service.ServerAddresses;
import dev.altus.compute.service.ServerBuilds;
import dev.altus.compute.service.ServerConsoles;
import dev.altus.compute.service.ServerCreation;
import dev.altus.compute.service.ServerGroupDirectory;
import dev.altus.compute.service.ServerInterfaces;
import dev.altus.compute.service.ServerListing;
import dev.altus.compute.service.ServerSecurityGroups;
import dev.altus.compute.service.ServerService;
import dev.altus.compute.service.ServerTransitions;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.ConsoleTokenStore;
import dev.altus.compute.store.FlavorStore;
import dev.altus.compute.store.InstanceActionStore;
import dev.altus.compute.store.ServerMetadataStore;
import dev.altus.compute.store.ServerPortStore;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerTagStore;
import java.time.Clock;

/** The servers API's services and resources, wired together. */
public final class ServerApi {
  private final ServerResource servers;
  private final ServerActionResource actions;
  private final ServerMetadataResource metadata;
  private final ServerTagResource tags;
  private final ServerIpsResource ips;
  private final InstanceActionResource instanceActions;
  private final InterfaceResource interfaces;
  private final ServerSecurityGroupResource securityGroups;
  private final RemoteConsoleResource consoles;
  private final ServerPasswordResource passwords;
  private final ServerDiagnosticsResource diagnostics;
  private final MigrationResource migrations;
  private final SecurityGroupProxyResource securityGroupProxy;
  private final FloatingIpProxyResource floatingIpProxy;
  private final ServerExternalEventResource externalEvents;

  public ServerApi(ComputeConfig config, Clock clock, PolicyEngine policy, ServerStore store,
      ComputeHostStore hosts, InstanceActionStore actionStore, ServerPortStore ports,
      ServerMetadataStore metadataStore, ServerTagStore tagStore, ConsoleTokenStore tokens,
      dev.altus.compute.store.MigrationStore migrationStore,
      FlavorStore flavors, ImageClient images, NetworkClient networks, KeyPairLookup keyPairs,
      ServerGroupDirectory groups, HostAggregates aggregates, QuotaCheck quota,
      ServerBuilds builds, MessageBus bus) {
    policy.addDefaults(ServerPolicies.defaults());
    String root = config.publicUrl().replaceAll("/+$", "");
    var sc = config.servers();
    ServerService service = new ServerService(store, ports, actionStore, hosts, networks,
        groups, bus, clock, images);
    ServerCreation creation = new ServerCreation(store, metadataStore, tagStore, actionStore,
        flavors, images, networks, keyPairs, groups, aggregates, hosts, quota, builds, policy,
        config.zone(), clock);
    ServerAddresses addresses = new ServerAddresses(ports, networks);
    ServerView view = new ServerView(root);
    ServerViews views = new ServerViews(view, metadataStore, tagStore, ports, addresses, groups,
        hosts, policy, clock, sc.serviceDownTime());
    ServerTransitions transitions = new ServerTransitions(store, actionStore, bus);
    ServerActions serverActions = new ServerActions(service, transitions, store, metadataStore,
        creation, images, quota, builds, migrationStore);
    ServerConsoles serverConsoles = new ServerConsoles(service, bus, tokens,
        sc.novncProxyBaseUrl());
    ServerSecurityGroups serverGroups = new ServerSecurityGroups(service, store, addresses,
        networks);
    servers = new ServerResource(creation, service, new ServerListing(store, tagStore, ports),
        views, policy, sc.maxListLimit());
    actions = new ServerActionResource(service, serverActions, serverConsoles, serverGroups,
        views, policy, keyPairs, new dev.altus.compute.service.ServerFloatingIps(service,
            addresses, networks));
    securityGroupProxy = new SecurityGroupProxyResource(networks, policy);
    floatingIpProxy = new FloatingIpProxyResource(networks, policy);
    externalEvents = new ServerExternalEventResource(store, addresses, policy);
    metadata = new ServerMetadataResource(service, metadataStore, quota, policy);
    tags = new ServerTagResource(service, tagStore, policy, root);
    ips = new ServerIpsResource(service, addresses, policy);
    instanceActions = new InstanceActionResource(store, actionStore, policy);
    interfaces = new InterfaceResource(service, new ServerInterfaces(service, addresses,
        networks, actionStore, bus), policy);
    securityGroups = new ServerSecurityGroupResource(service, serverGroups, policy);
    consoles = new RemoteConsoleResource(service, serverConsoles, policy);
    passwords = new ServerPasswordResource(service, store, policy);
    diagnostics = new ServerDiagnosticsResource(service, serverConsoles, policy);
    migrations = new MigrationResource(migrationStore, policy);
  }

  public void routes(Router r) {
    servers.routes(r);
    actions.routes(r);
    metadata.routes(r);
    tags.routes(r);
    ips.routes(r);
    instanceActions.routes(r);
    interfaces.routes(r);
    securityGroups.routes(r);
    consoles.routes(r);
    passwords.routes(r);
    diagnostics.routes(r);
    migrations.routes(r);
    securityGroupProxy.routes(r);
    floatingIpProxy.routes(r);
    externalEvents.routes(r);
  }
}
