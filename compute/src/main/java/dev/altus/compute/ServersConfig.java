package dev.altus.compute;

import java.time.Duration;

/**
 * Settings of servers, their scheduling and the compute agents (the {@code compute.*} keys in
 * docs/configuration.md).
 *
 * @param schedulerMaxAttempts builds tried per server (first host plus reschedules) before ERROR
 * @param maxConcurrentBuilds builds one agent runs at once
 * @param reportInterval how often an agent heartbeats
 * @param serviceDownTime a host whose last heartbeat is older is down
 * @param syncInterval how often an agent reconciles its driver with the database
 * @param cpuAllocationRatio vCPUs a host offers per physical CPU
 * @param ramAllocationRatio RAM a host offers per MB it has
 * @param diskAllocationRatio disk a host offers per GB it has
 * @param novncProxyBaseUrl the noVNC page console URLs point at (the token is appended)
 * @param novncPort the port the console proxy listens on, at the cloud's address (0: any free one)
 * @param novncWeb the directory of the noVNC web client the console proxy serves
 * @param maxListLimit the most servers one list page holds (osapi_max_limit)
 */
public record ServersConfig(int schedulerMaxAttempts, int maxConcurrentBuilds,
    Duration reportInterval, Duration serviceDownTime, Duration syncInterval,
    double cpuAllocationRatio, double ramAllocationRatio, double diskAllocationRatio,
    String novncProxyBaseUrl, int novncPort, String novncWeb, int maxListLimit) {
  public ServersConfig {
    if (schedulerMaxAttempts < 1) {
      throw new IllegalArgumentException("compute.scheduler_max_attempts must be at least 1");
    }
    if (maxConcurrentBuilds < 1) {
      throw new IllegalArgumentException("compute.max_concurrent_builds must be at least 1");
    }
    if (reportInterval.isNegative() || reportInterval.isZero()) {
      throw new IllegalArgumentException("compute.report_interval must be positive");
    }
    if (serviceDownTime.compareTo(reportInterval) <= 0) {
      throw new IllegalArgumentException("compute.service_down_time must be longer than"
          + " compute.report_interval, or every host looks down between heartbeats");
    }
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("compute.sync_power_state_interval must be positive");
    }
    if (cpuAllocationRatio <= 0 || ramAllocationRatio <= 0 || diskAllocationRatio <= 0) {
      throw new IllegalArgumentException("compute.*_allocation_ratio must be positive");
    }
    if (novncPort < 0 || novncPort > 65535) {
      throw new IllegalArgumentException("compute.novnc_port must be a TCP port (0 to 65535)");
    }
    if (maxListLimit < 1) {
      throw new IllegalArgumentException("compute.max_limit must be at least 1");
    }
  }

  /** The console proxy's port unless compute.novnc_port says otherwise. */
  public static final int NOVNC_PORT = 6080;
  /** Where Debian's novnc package puts the web client. */
  public static final String NOVNC_WEB = "/usr/share/novnc";

  /** Nova's defaults; console URLs on {@code host}. */
  public static ServersConfig defaults(String host) {
    return new ServersConfig(3, 10, Duration.ofSeconds(10), Duration.ofSeconds(60),
        Duration.ofSeconds(60), 16.0, 1.5, 1.0, novncUrl(host, NOVNC_PORT), NOVNC_PORT,
        NOVNC_WEB, 1000);
  }

  /** The default console URL base: noVNC's page that connects at once, on the proxy. */
  public static String novncUrl(String host, int port) {
    return "http://" + host + ":" + port + "/vnc_lite.html";
  }
}
