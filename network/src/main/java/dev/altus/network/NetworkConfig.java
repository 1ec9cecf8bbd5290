package dev.altus.network;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the networking service.
 *
 * @param publicUrl the URL clients reach the API at (links and the catalog)
 * @param policyFile an operator's policy overrides, or null
 * @param quotas default quota per resource (-1 for unlimited)
 * @param dataPlane how networks are made real on this host
 */
public record NetworkConfig(String publicUrl, Path policyFile, Map<String, Integer> quotas,
    DataPlaneConfig dataPlane) {
  /** Settings without a data plane ({@code noop}). */
  public NetworkConfig(String publicUrl, Path policyFile, Map<String, Integer> quotas) {
    this(publicUrl, policyFile, quotas, DataPlaneConfig.noop());
  }

  public static Map<String, Integer> defaultQuotas() {
    return Map.of("network", 100, "subnet", 100, "subnetpool", -1, "port", 500, "router", 10,
        "floatingip", 50, "security_group", 10, "security_group_rule", 100);
  }

  public static NetworkConfig defaults(String publicUrl) {
    return new NetworkConfig(publicUrl, null, defaultQuotas());
  }
}
