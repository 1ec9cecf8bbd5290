package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import dev.altus.compute.model.ComputeNode;
import dev.altus.compute.model.ServiceRecord;
import dev.altus.compute.store.ComputeNodeStore;
import dev.altus.compute.store.ComputeServiceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Hypervisors: each compute node with the nova-compute service of its host (a node whose service
 * was deleted is not shown), their totals, the servers they run and their uptime.
 */
public final class HypervisorService {
  private final ComputeNodeStore nodes;
  private final ComputeServiceStore services;
  private final ServiceLiveness liveness;
  private final Supplier<HostReports> reports;

  /** A node with its service and whether the service is up. */
  public record Hypervisor(ComputeNode node, ServiceRecord service, boolean up) {}

  /** Sums over the hypervisors of enabled services. */
  public record Totals(int count, long vcpus, long memoryMb, long localGb, long vcpusUsed,
      long memoryMbUsed, long localGbUsed, long runningVms) {}

  public HypervisorService(ComputeNodeStore nodes, ComputeServiceStore services,
      ServiceLiveness liveness, Supplier<HostReports> reports) {
    this.nodes = nodes;
    this.services = services;
    this.liveness = liveness;
    this.reports = reports;
  }

  /** Every hypervisor, in the order nodes were registered. */
  public List<Hypervisor> all() {
    List<Hypervisor> out = new ArrayList<>();
    for (ComputeNode n : nodes.all()) {
      services.find(n.host(), ComputeServiceAdmin.COMPUTE)
          .ifPresent(s -> out.add(new Hypervisor(n, s, liveness.isUp(s))));
    }
    return out;
  }

  /**
   * Hypervisors whose hostname contains {@code pattern} (case-insensitive, as SQL LIKE
   * '%pattern%'); 404 when none does.
   */
  public List<Hypervisor> matching(String pattern) {
    String p = pattern.toLowerCase(Locale.ROOT);
    List<Hypervisor> out = all().stream()
        .filter(h -> h.node().hypervisorHostname().toLowerCase(Locale.ROOT).contains(p))
        .toList();
    if (out.isEmpty()) {
      throw ApiException.notFound("No hypervisor matching '" + pattern + "' could be found.");
    }
    return out;
  }

  /** A hypervisor by UUID, or by integer id when {@code bySeq}. */
  public Hypervisor get(String id, boolean bySeq) {
    Optional<ComputeNode> node;
    if (bySeq) {
      int seq;
      try {
        seq = Integer.parseInt(id.trim());
      } catch (NumberFormatException e) {
        throw notFound(id);
      }
      node = nodes.findBySeq(seq);
    } else {
      node = nodes.find(id);
    }
    ComputeNode n = node.orElseThrow(() -> notFound(id));
    ServiceRecord s = services.find(n.host(), ComputeServiceAdmin.COMPUTE)
        .orElseThrow(() -> notFound(id));
    return new Hypervisor(n, s, liveness.isUp(s));
  }

  public Totals totals() {
    int count = 0;
    long vcpus = 0;
    long ram = 0;
    long disk = 0;
    long vcpusUsed = 0;
    long ramUsed = 0;
    long diskUsed = 0;
    long vms = 0;
    for (Hypervisor h : all()) {
      if (h.service().disabled()) {
        continue;
      }
      ComputeNode n = h.node();
      count++;
      vcpus += n.vcpus();
      ram += n.memoryMb();
      disk += n.localGb();
      vcpusUsed += n.vcpusUsed();
      ramUsed += n.memoryMbUsed();
      diskUsed += n.localGbUsed();
      vms += n.runningVms();
    }
    return new Totals(count, vcpus, ram, disk, vcpusUsed, ramUsed, diskUsed, vms);
  }

  public List<HostReports.HostedServer> servers(Hypervisor h) {
    return reports.get().serversOn(h.node().host());
  }

  /**
   * The host's uptime as {@code uptime} prints it. 400 when its compute service is down (Nova's
   * ComputeServiceUnavailable); 501 when no agent for the host can tell (Nova's answer for a
   * driver without uptime).
   */
  public String uptime(Hypervisor h) {
    if (!h.up()) {
      throw ApiException.badRequest("Compute service of " + h.node().host()
          + " is unavailable at this time.");
    }
    OptionalLong seconds = reports.get().uptimeSeconds(h.node().host());
    if (seconds.isEmpty()) {
      throw ApiException.notImplemented("Feature not supported: no agent reports the uptime of"
          + " host " + h.node().host() + ".");
    }
    return uptimeText(java.time.LocalTime.now(java.time.ZoneOffset.UTC), seconds.getAsLong());
  }

  /** Like uptime(1): " 08:32:11 up 93 days, 18:25". */
  static String uptimeText(java.time.LocalTime now, long seconds) {
    long days = seconds / 86400;
    long hours = seconds % 86400 / 3600;
    long minutes = seconds % 3600 / 60;
    String clock = String.format(Locale.ROOT, "%02d:%02d:%02d", now.getHour(), now.getMinute(),
        now.getSecond());
    String up;
    if (days > 0) {
      up = days + (days == 1 ? " day, " : " days, ")
          + String.format(Locale.ROOT, "%2d:%02d", hours, minutes);
    } else if (hours > 0) {
      up = String.format(Locale.ROOT, "%2d:%02d", hours, minutes);
    } else {
      up = minutes + " min";
    }
    return " " + clock + " up " + up;
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Hypervisor with ID '" + id + "' could not be found.");
  }
}
