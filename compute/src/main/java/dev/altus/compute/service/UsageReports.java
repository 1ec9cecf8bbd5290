package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Simple tenant usage: for a period, each project's servers with the hours they ran in it and
 * the vCPU-, MB- and GB-hours they used, as Nova's os-simple-tenant-usage reports.
 */
public final class UsageReports {
  private final Supplier<ServerHistory> history;
  private final Clock clock;

  public UsageReports(Supplier<ServerHistory> history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  /** One server's part of a report. */
  public record ServerUsage(ServerHistory.ServerLife life, double hours, long uptimeSeconds,
      String state) {}

  /** One project's report. */
  public record ProjectUsageReport(String projectId, long start, long stop, double totalHours,
      double vcpuHours, double memoryMbHours, double localGbHours, List<ServerUsage> servers) {}

  /** The reports and the page of servers they were made from. */
  public record Reports(List<ProjectUsageReport> projects, List<ServerUsage> servers) {}

  /**
   * Usage in [start, stop) of one project (or all when null), over at most {@code limit} servers
   * after {@code marker} (a server uuid). The period ends now at the latest.
   */
  public Reports report(String projectId, long start, long stop, int limit, String marker) {
    long now = clock.millis();
    long end = Math.min(stop, now);
    if (start >= stop) {
      throw ApiException.badRequest("Invalid start time. The start time cannot occur after the"
          + " end time.");
    }
    List<ServerHistory.ServerLife> all = history.get().ranDuring(projectId, start, end);
    int from = 0;
    if (marker != null) {
      from = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).uuid().equals(marker)) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw ApiException.badRequest("Marker " + marker + " could not be found.");
      }
    }
    List<ServerHistory.ServerLife> page = all.subList(from, Math.min(all.size(), from + limit));
    Map<String, List<ServerUsage>> byProject = new LinkedHashMap<>();
    List<ServerUsage> servers = new ArrayList<>();
    for (ServerHistory.ServerLife s : page) {
      long runFrom = Math.max(s.launchedAt(), start);
      long runTo = s.terminatedAt() == null ? end : Math.min(end, s.terminatedAt());
      double hours = Math.max(0, runTo - runFrom) / 3_600_000.0;
      boolean ended = s.terminatedAt() != null;
      long uptime = ((ended ? s.terminatedAt() : now) - s.launchedAt()) / 1000;
      ServerUsage u = new ServerUsage(s, hours, uptime, ended ? "terminated" : s.vmState());
      servers.add(u);
      byProject.computeIfAbsent(s.projectId(), p -> new ArrayList<>()).add(u);
    }
    List<ProjectUsageReport> projects = new ArrayList<>();
    byProject.forEach((project, list) -> {
      double hours = 0;
      double vcpu = 0;
      double ram = 0;
      double disk = 0;
      for (ServerUsage u : list) {
        hours += u.hours();
        vcpu += u.life().vcpus() * u.hours();
        ram += u.life().memoryMb() * u.hours();
        disk += (u.life().rootGb() + u.life().ephemeralGb()) * u.hours();
      }
      projects.add(new ProjectUsageReport(project, start, end, hours, vcpu, ram, disk, list));
    });
    return new Reports(projects, servers);
  }
}
