package dev.altus.network;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the networking service.
 *
 * @param publicUrl the URL clients reach the API at (links and the catalog)
 * @param policyFile an operator's policy overrides, or null
 * @param quotas default quota per resource (-1 for unlimited)
 * @param dataplane {@code linux} to make networks real on this host (bridges, namespaces, NAT),
 *     {@code noop} for agents that only report
 * @param stateDir where the Linux data plane keeps its files (proxy configurations, sockets)
 * @param metadataUrl the metadata service the metadata agent forwards guests' requests to
 * @param metadataSecret the secret shared with the metadata service (signs X-Instance-ID)
 */
public record NetworkConfig(String publicUrl, Path policyFile, Map<String, Integer> quotas,
    String dataplane, Path stateDir, String metadataUrl, String metadataSecret) {
  public static Map<String, Integer> defaultQuotas() {
    return Map.of("network", 100, "subnet", 100, "subnetpool", -1, "port", 500, "router", 10,
        "floatingip", 50, "security_group", 10, "security_group_rule", 100);
  }

  /** Settings without a data plane (the agents only report). */
  public NetworkConfig(String publicUrl, Path policyFile, Map<String, Integer> quotas) {
    this(publicUrl, policyFile, quotas, "noop", null, null, null);
  }

  public static NetworkConfig defaults(String publicUrl) {
    return new NetworkConfig(publicUrl, null, defaultQuotas());
  }

  /** Whether networks are made real on this host. */
  public boolean linuxDataplane() {
    return "linux".equals(dataplane);
  }
}
