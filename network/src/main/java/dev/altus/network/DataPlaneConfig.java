package dev.altus.network;

import dev.altus.common.host.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the network service's state is made real on this host.
 *
 * @param mode {@code linux} (bridges, DHCP namespaces with dnsmasq), {@code noop} (nothing wired;
 *     ports reported ACTIVE, for tests and benchmarks without root) or {@code auto} (linux when
 *     this process is root and the tools are installed, else noop with one warning)
 * @param stateDir where the agents keep their files (dnsmasq's per-network directories, the
 *     devices the L2 agent owns)
 * @param localIp the VXLAN tunnel endpoint of this host ({@code [vxlan] local_ip}); empty means
 *     no VXLAN devices (tenant networks stay on this host's bridges)
 * @param physicalInterfaceMappings physical network → host interface plugged into the network's
 *     bridge ({@code physical_interface_mappings})
 * @param bridgeMappings physical network → existing bridge linked to the network's bridge
 *     ({@code bridge_mappings})
 * @param dhcpLeaseSeconds the lease time dnsmasq hands out ({@code dhcp_lease_duration})
 * @param resyncSeconds how often the agents check the host (taps, dnsmasq alive)
 * @param firewallTable the name of the security groups' nftables tables ({@code bridge} and
 *     {@code inet}), one per cloud so that two clouds on one host never rewrite each other's
 *     ({@code network.firewall_table}; by default {@link #defaultFirewallTable} of the state dir)
 */
public record DataPlaneConfig(String mode, Path stateDir, String localIp,
    Map<String, String> physicalInterfaceMappings, Map<String, String> bridgeMappings,
    int dhcpLeaseSeconds, double resyncSeconds, String firewallTable) {
  private static final Logger LOG = LoggerFactory.getLogger(DataPlaneConfig.class);
  static final List<String> TOOLS = List.of("ip", "bridge", "dnsmasq");
  /** What nft accepts as a table name, kept short and plain. */
  private static final java.util.regex.Pattern TABLE_NAME =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

  public DataPlaneConfig {
    if (!List.of("linux", "noop", "auto").contains(mode)) {
      throw new IllegalArgumentException("network.dataplane must be linux, noop or auto, not '"
          + mode + "'");
    }
    physicalInterfaceMappings = Map.copyOf(physicalInterfaceMappings);
    bridgeMappings = Map.copyOf(bridgeMappings);
    localIp = localIp == null ? "" : localIp.trim();
    if (firewallTable == null || firewallTable.isBlank()) {
      firewallTable = defaultFirewallTable(stateDir);
    }
    firewallTable = firewallTable.strip();
    if (!TABLE_NAME.matcher(firewallTable).matches()) {
      throw new IllegalArgumentException("network.firewall_table must be a letter followed by at"
          + " most 63 letters, digits, '-' or '_', not '" + firewallTable + "'");
    }
  }

  /** A Linux data plane wired from {@code stateDir}, with the default firewall table. */
  public DataPlaneConfig(String mode, Path stateDir, String localIp,
      Map<String, String> physicalInterfaceMappings, Map<String, String> bridgeMappings,
      int dhcpLeaseSeconds, double resyncSeconds) {
    this(mode, stateDir, localIp, physicalInterfaceMappings, bridgeMappings, dhcpLeaseSeconds,
        resyncSeconds, null);
  }

  /**
   * The firewall's table name when none is configured: {@code altus-sg-} and 8 hex digits of the
   * SHA-256 of the state dir's absolute path, so each cloud (each data dir) on a host has its own
   * and the same cloud finds its own again after a restart; {@code altus-sg} without a state dir.
   */
  public static String defaultFirewallTable(Path stateDir) {
    if (stateDir == null) {
      return "altus-sg";
    }
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(
          stateDir.toAbsolutePath().normalize().toString().getBytes(
              java.nio.charset.StandardCharsets.UTF_8));
      return "altus-sg-" + java.util.HexFormat.of().formatHex(d, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  /** Nothing wired: what tests of the API use. */
  public static DataPlaneConfig noop() {
    return new DataPlaneConfig("noop", null, "", Map.of(), Map.of(), 86400, 1);
  }

  /**
   * Parses {@code physnet:value,physnet:value} (Neutron's mapping syntax).
   *
   * @throws IllegalArgumentException naming {@code key} when an entry has no ':'
   */
  public static Map<String, String> mappings(String key, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String entry : text.split(",")) {
      String e = entry.strip();
      int colon = e.indexOf(':');
      if (colon <= 0 || colon == e.length() - 1) {
        throw new IllegalArgumentException(key + ": '" + e + "' is not <physical network>:<name>");
      }
      out.put(e.substring(0, colon).strip(), e.substring(colon + 1).strip());
    }
    return out;
  }

  /**
   * Whether the Linux data plane runs: {@code linux} and {@code noop} as configured; for
   * {@code auto}, linux when this process is root and {@code ip}, {@code bridge} and
   * {@code dnsmasq} are installed, else noop after one warning saying what is missing.
   *
   * @throws IllegalStateException when {@code linux} is configured but cannot work
   */
  public boolean linux(Host host) {
    if (mode.equals("noop")) {
      return false;
    }
    List<String> missing = missing(host);
    if (missing.isEmpty()) {
      return true;
    }
    String what = "the Linux data plane needs " + String.join(", ", missing) + ": "
        + (missing.contains("root") ? "run as root; " : "")
        + "apt-get install iproute2 dnsmasq-base (scripts/install-runtime.sh)";
    if (mode.equals("linux")) {
      throw new IllegalStateException("network.dataplane = linux, but " + what);
    }
    LOG.warn("network.dataplane: nothing is wired on this host (ports are only reported ACTIVE);"
        + " {}, or set network.dataplane = noop to silence this", what);
    return false;
  }

  private static List<String> missing(Host host) {
    List<String> out = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      out.add("root");
    }
    for (String tool : TOOLS) {
      if (!host.available(tool)) {
        out.add(tool);
      }
    }
    return out;
  }
}
