package dev.altus.network.agent.linux;

import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import dev.altus.network.DataPlaneConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what the agents of a stopped cloud left on the host, as they would if every network
 * and router were deleted: its routers' namespaces and metadata proxies, its DHCP namespaces,
 * dnsmasq processes and isolated networks' metadata proxies, the guests' taps still on its
 * bridges (a killed cloud's), its bridges and devices, the external network's bridge with the
 * host's address on it, the bridges its guests' plugs noted (under the {@code noop} data plane no
 * agent owns them), and its security groups' nftables tables. Only what they recorded as theirs
 * under the data dir and the tables of its own name ({@link DataPlaneConfig#firewallTable}) are
 * touched, never another cloud's. Run it with the cloud stopped, before deleting its data dir.
 */
public final class DataPlaneCleanup {
  private DataPlaneCleanup() {}

  /** Removes everything this cloud's agents made on the host. */
  public static void run(Host host, DataPlaneConfig config) {
    run(host, config, List.of());
  }

  /**
   * Removes everything this cloud's agents made on the host, and the bridges noted in
   * {@code plugRecords} (the compute drivers' {@link BridgePlug} records).
   */
  public static void run(Host host, DataPlaneConfig config, List<Path> plugRecords) {
    String hostName = "cleanup"; // with an empty view no port is anyone's
    Duration never = Duration.ofSeconds(10);
    MetadataProxies proxies = LinuxL3.proxies(config, host);
    // agents that are never started: their view is empty, so all they own is stale
    new L3Agent(hostName, never, host, proxies, config.stateDir().resolve("l3")).removeStale();
    new DhcpAgent(host, hostName, config, never, proxies).removeStale();
    LinuxBridgeAgent l2 = new LinuxBridgeAgent(host, List.of(hostName), config, never,
        PortFirewall.ALLOW_ALL, port -> true, true);
    for (String networkId : l2.ownedNetworks()) {
      BridgePlug.removeTaps(host, DeviceNames.bridge(networkId)); // guests of a killed cloud
    }
    l2.removeStale();
    List<Path> records = new ArrayList<>(plugRecords);
    records.add(PublicBridge.record(config.stateDir()));
    for (Path record : records) {
      BridgePlug.removeRecorded(host, record);
    }
    if (host.available("nft") && hasTable(host, config.firewallTable())) {
      new SecurityGroupFirewall(host, List.of(), config.firewallTable()).removeAll();
    }
  }

  /** Whether the host has a table of that name ({@code nft list tables}: "table FAMILY NAME"). */
  private static boolean hasTable(Host host, String table) {
    var r = host.run(Command.of("nft", "list", "tables"));
    return r.ok() && r.stdout().lines().anyMatch(l -> l.strip().endsWith(" " + table));
  }
}
