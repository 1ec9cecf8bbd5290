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
 * @param servers settings of servers, the scheduler and the agents
 * @param instancesPath where the agents keep what their guests need on disk (base images under
 *     {@code <host>/_base}); null: a temporary directory of this process
 * @param metadata the metadata service and config drives
 */
public record ComputeConfig(String publicUrl, Path policyFile, String driver, List<String> hosts,
    Map<String, String> driverOptions, String zone, ServersConfig servers, Path instancesPath,
    MetadataConfig metadata) {
  public ComputeConfig {
    hosts = List.copyOf(hosts);
    driverOptions = Map.copyOf(driverOptions);
    metadata = metadata == null ? MetadataConfig.defaults() : metadata;
  }

  /** Settings with the metadata service's defaults. */
  public ComputeConfig(String publicUrl, Path policyFile, String driver, List<String> hosts,
      Map<String, String> driverOptions, String zone, ServersConfig servers, Path instancesPath) {
    this(publicUrl, policyFile, driver, hosts, driverOptions, zone, servers, instancesPath, null);
  }

  /** How long after its last heartbeat a service counts as down (Nova's service_down_time). */
  public Duration serviceDownTime() {
    return servers.serviceDownTime();
  }

  /** Settings with the servers part's defaults (console URLs on the API's host). */
  public ComputeConfig(String publicUrl, Path policyFile, String driver, List<String> hosts,
      Map<String, String> driverOptions, String zone) {
    this(publicUrl, policyFile, driver, hosts, driverOptions, zone,
        ServersConfig.defaults(java.net.URI.create(publicUrl).getHost()), null, null);
  }

  public static ComputeConfig defaults(String publicUrl, String host) {
    return new ComputeConfig(publicUrl, null, "fake", List.of(host), Map.of(), "nova");
  }

  public ComputeConfig withServers(ServersConfig s) {
    return new ComputeConfig(publicUrl, policyFile, driver, hosts, driverOptions, zone, s,
        instancesPath, metadata);
  }

  public ComputeConfig withHosts(List<String> h) {
    return new ComputeConfig(publicUrl, policyFile, driver, h, driverOptions, zone, servers,
        instancesPath, metadata);
  }

  public ComputeConfig withDriver(String d, Map<String, String> options) {
    return new ComputeConfig(publicUrl, policyFile, d, hosts, options, zone, servers,
        instancesPath, metadata);
  }

  public ComputeConfig withMetadata(MetadataConfig m) {
    return new ComputeConfig(publicUrl, policyFile, driver, hosts, driverOptions, zone, servers,
        instancesPath, m);
  }
}
