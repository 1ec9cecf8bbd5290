package dev.altus.compute;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.agent.AgentServices;
import dev.altus.compute.agent.ComputeAgent;
import dev.altus.compute.api.ServerApi;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.scheduler.Scheduler;
import dev.altus.compute.service.HostAggregates;
import dev.altus.compute.service.KeyPairLookup;
import dev.altus.compute.service.QuotaCheck;
import dev.altus.compute.service.QuotaLimits;
import dev.altus.compute.service.ServerBuilds;
import dev.altus.compute.service.ServerGroupDirectory;
import dev.altus.compute.service.ServerUsage;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.ConsoleTokenStore;
import dev.altus.compute.store.FlavorStore;
import dev.altus.compute.store.InstanceActionStore;
import dev.altus.compute.store.ServerMetadataStore;
import dev.altus.compute.store.ServerPortStore;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerTagStore;
import dev.altus.compute.virt.VirtDriver;
import dev.altus.compute.virt.VirtDriverProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers part of compute: servers and their state machine, the scheduler, the conductor's
 * builds, the compute agents of this process's hosts, and the servers API.
 */
public final class ServersPart implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServersPart.class);

  public final ServerStore servers;
  public final ComputeHostStore hosts;
  public final InstanceActionStore actions;
  public final ServerPortStore ports;
  public final ServerUsage usage;
  public final Scheduler scheduler;
  public final ServerBuilds builds;
  /** What guests read about themselves: the metadata service's API (served on its own port). */
  public final dev.altus.compute.metadata.MetadataService metadata;
  /** The console URLs' tokens, which the console proxy validates. */
  public final ConsoleTokenStore consoleTokens;
  /** The scheduler and conductor services this process reports. */
  private final dev.altus.compute.service.ControllerServices controller;
  private final List<ComputeAgent> agents = new ArrayList<>();
  private java.nio.file.Path ownedInstancesPath;

  /**
   * @param driverProvider the virt driver maker, or null to find compute.driver with
   *     ServiceLoader
   */
  public ServersPart(ComputeConfig config, Jdbi jdbi, Clock clock, Router router,
      PolicyEngine policy, FlavorStore flavors, ImageClient images, NetworkClient networks,
      MessageBus bus, QuotaLimits quotaLimits, HostAggregates aggregates,
      KeyPairLookup keyPairs, ServerGroupDirectory groups, VirtDriverProvider driverProvider) {
    ServersConfig sc = config.servers();
    servers = new ServerStore(jdbi, clock);
    hosts = new ComputeHostStore(jdbi, clock);
    actions = new InstanceActionStore(jdbi, clock);
    ports = new ServerPortStore(jdbi);
    usage = new ServerUsage(jdbi);
    var metadata = new ServerMetadataStore(jdbi);
    var tags = new ServerTagStore(jdbi);
    var tokens = new ConsoleTokenStore(jdbi, clock, Duration.ofMinutes(10));
    consoleTokens = tokens;
    var migrations = new dev.altus.compute.store.MigrationStore(jdbi, clock);
    scheduler = new Scheduler(hosts, aggregates, clock, sc.serviceDownTime());
    builds = new ServerBuilds(servers, hosts, actions, scheduler, groups, bus, sc, clock);
    builds.recoverInterrupted();
    QuotaCheck quota = new QuotaCheck(quotaLimits, usage);
    new ServerApi(config, clock, policy, servers, hosts, actions, ports, metadata, tags,
        tokens, migrations, flavors, images, networks, keyPairs, groups, aggregates, quota,
        builds, bus)
        .routes(router);

    controller = new dev.altus.compute.service.ControllerServices(jdbi, clock, controllerHost(),
        sc.reportInterval()).start();
    VirtDriverProvider provider = driverProvider != null ? driverProvider
        : find(config.driver());
    if (provider == null) {
      throw new IllegalArgumentException("compute.driver = " + config.driver() + ": no such virt"
          + " driver on the class path; set compute.driver to fake (or qemu once installed)");
    }
    var guestData = new dev.altus.compute.metadata.InstanceDataSource(servers, ports, metadata,
        networks, config.zone());
    String secret = config.metadata().sharedSecret();
    this.metadata = new dev.altus.compute.metadata.MetadataService(guestData, servers,
        secret == null ? null : new dev.altus.common.auth.MetadataSecret(secret));
    var drives = new dev.altus.compute.metadata.ConfigDrive(new dev.altus.common.host.LocalHost(),
        guestData, config.metadata().forceConfigDrive());
    if (!drives.available() && config.metadata().forceConfigDrive()) {
      throw new IllegalArgumentException("compute.force_config_drive = true needs genisoimage,"
          + " which is not installed: apt-get install genisoimage");
    }
    if (!drives.available()) {
      LOG.warn("genisoimage not found: servers that ask for a config drive will fail to build"
          + " (apt-get install genisoimage)");
    }
    AgentServices as = new AgentServices(servers, hosts, ports, metadata, actions, migrations,
        images, networks, groups, builds, clock, sc, config.zone(), instancesPath(config),
        drives);
    for (String host : config.hosts()) {
      VirtDriver driver = provider.create(host, config.driverOptions(),
          as.instancesPath().resolve(host));
      agents.add(new ComputeAgent(host, driver, as, bus).start());
    }
  }

  /** The configured instances path, or a temporary one of this part's, removed at close. */
  private java.nio.file.Path instancesPath(ComputeConfig config) {
    if (config.instancesPath() != null) {
      return config.instancesPath();
    }
    try {
      ownedInstancesPath = java.nio.file.Files.createTempDirectory("altus-instances");
      return ownedInstancesPath;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create a directory for compute instances", e);
    }
  }

  private static String controllerHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }

  private static VirtDriverProvider find(String name) {
    for (VirtDriverProvider p : ServiceLoader.load(VirtDriverProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** The compute agents this process runs. */
  public List<ComputeAgent> agents() {
    return List.copyOf(agents);
  }

  @Override
  public void close() {
    controller.close();
    for (ComputeAgent a : agents) {
      a.close();
    }
    builds.close();
    if (ownedInstancesPath != null) {
      try (var files = java.nio.file.Files.walk(ownedInstancesPath)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // a temporary directory; what is left is the system's to clean
      }
    }
  }
}
