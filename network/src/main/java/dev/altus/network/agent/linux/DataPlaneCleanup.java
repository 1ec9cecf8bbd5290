package dev.altus.network.agent.linux;

import dev.altus.common.host.Host;
import dev.altus.network.DataPlaneConfig;
import java.time.Duration;
import java.util.List;

/**
 * Removes what the Linux agents of a stopped cloud left on the host (its bridges and devices,
 * DHCP namespaces, dnsmasq processes and files, its security groups' nftables tables), as its
 * agents would if every network were deleted: only what they recorded as theirs under the data
 * dir and the tables of its own name ({@link DataPlaneConfig#firewallTable}), never another
 * cloud's. Run it with the cloud stopped, before deleting its data dir.
 */
public final class DataPlaneCleanup {
  private DataPlaneCleanup() {}

  /** Removes everything this cloud's agents made on the host. */
  public static void run(Host host, DataPlaneConfig config) {
    String hostName = "cleanup"; // with an empty view no port is anyone's
    // agents that are never started: their view is empty, so all they own is stale
    DhcpAgent dhcp = new DhcpAgent(host, hostName, config, Duration.ofSeconds(10),
        LinuxL3.proxies(config, host));
    dhcp.removeStale();
    LinuxBridgeAgent l2 = new LinuxBridgeAgent(host, List.of(hostName), config,
        Duration.ofSeconds(10), PortFirewall.ALLOW_ALL, port -> true, true);
    l2.removeStale();
    if (host.available("nft")) {
      new SecurityGroupFirewall(host, List.of(), config.firewallTable()).removeAll();
    }
  }
}
