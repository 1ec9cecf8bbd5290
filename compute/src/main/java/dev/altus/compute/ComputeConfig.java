package dev.altus.compute;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the compute service.
 *
 * @param publicUrl the URL clients reach the API at, without version (links and the catalog
 *     add {@code /v2.1})
 * @param policyFile an operator's policy overrides, or null
 * @param driver the virt driver of this process's compute agents: {@code fake} or {@code qemu}
 * @param hosts the compute hosts this process runs agents for (all-in-one: one or several)
 * @param driverOptions the driver's own options (keys without the {@code compute.<driver>.} prefix)
 * @param zone the availability zone hosts are in unless an aggregate says otherwise
 * @param serviceDownTime how long after its last heartbeat a service counts as down (Nova's
 *     service_down_time)
 */
public record ComputeConfig(String publicUrl, Path policyFile, String driver, List<String> hosts,
    Map<String, String> driverOptions, String zone, Duration serviceDownTime) {
  /** Nova's default service_down_time. */
  public static final Duration SERVICE_DOWN_TIME = Duration.ofSeconds(60);

  public ComputeConfig {
    hosts = List.copyOf(hosts);
    driverOptions = Map.copyOf(driverOptions);
    if (serviceDownTime == null || serviceDownTime.isNegative() || serviceDownTime.isZero()) {
      throw new IllegalArgumentException("compute.service_down_time must be a positive number"
          + " of seconds");
    }
  }

  /** Settings with the default service down time. */
  public ComputeConfig(String publicUrl, Path policyFile, String driver, List<String> hosts,
      Map<String, String> driverOptions, String zone) {
    this(publicUrl, policyFile, driver, hosts, driverOptions, zone, SERVICE_DOWN_TIME);
  }

  public static ComputeConfig defaults(String publicUrl, String host) {
    return new ComputeConfig(publicUrl, null, "fake", List.of(host), Map.of(), "nova");
  }
}
