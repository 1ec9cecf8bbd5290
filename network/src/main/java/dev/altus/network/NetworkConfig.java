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
 * @param metadataUrl where the metadata proxies in the router and DHCP namespaces forward a
 *     guest's requests to (the compute metadata service, e.g. http://HOST:8775), or null when
 *     no metadata service runs
 * @param metadataSecret the secret the proxies sign instance ids with (Neutron's
 *     metadata_proxy_shared_secret; the metadata service checks it), or null with no service
 */
public record NetworkConfig(String publicUrl, Path policyFile, Map<String, Integer> quotas,
    DataPlaneConfig dataPlane, String metadataUrl, String metadataSecret) {
  /** Settings without a data plane ({@code noop}) and without a metadata service. */
  public NetworkConfig(String publicUrl, Path policyFile, Map<String, Integer> quotas) {
    this(publicUrl, policyFile, quotas, DataPlaneConfig.noop(), null, null);
  }

  /** Settings with a data plane and without a metadata service. */
  public NetworkConfig(String publicUrl, Path policyFile, Map<String, Integer> quotas,
      DataPlaneConfig dataPlane) {
    this(publicUrl, policyFile, quotas, dataPlane, null, null);
  }

  public static Map<String, Integer> defaultQuotas() {
    return Map.of("network", 100, "subnet", 100, "subnetpool", -1, "port", 500, "router", 10,
        "floatingip", 50, "security_group", 10, "security_group_rule", 100);
  }

  public static NetworkConfig defaults(String publicUrl) {
    return new NetworkConfig(publicUrl, null, defaultQuotas());
  }

  /** The same settings with the metadata service the proxies forward to and its secret. */
  public NetworkConfig withMetadataService(String url, String secret) {
    return new NetworkConfig(publicUrl, policyFile, quotas, dataPlane, url, secret);
  }

  /** Where the Linux data plane keeps its files (proxy configurations, sockets, agents' state). */
  public Path stateDir() {
    return dataPlane.stateDir();
  }

  /** Whether networks are asked to be made real on this host ({@code network.dataplane=linux}). */
  public boolean linuxDataplane() {
    return "linux".equals(dataPlane.mode());
  }
}
