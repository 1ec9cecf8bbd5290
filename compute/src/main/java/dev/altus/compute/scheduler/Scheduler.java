package dev.altus.compute.scheduler;

import dev.altus.common.db.DatabaseFailures;
import dev.altus.compute.scheduler.filters.AggregateInstanceExtraSpecsFilter;
import dev.altus.compute.scheduler.filters.AvailabilityZoneFilter;
import dev.altus.compute.scheduler.filters.ComputeFilter;
import dev.altus.compute.scheduler.filters.DifferentHostFilter;
import dev.altus.compute.scheduler.filters.DiskFilter;
import dev.altus.compute.scheduler.filters.ImagePropertiesFilter;
import dev.altus.compute.scheduler.filters.RamFilter;
import dev.altus.compute.scheduler.filters.RetryFilter;
import dev.altus.compute.scheduler.filters.SameHostFilter;
import dev.altus.compute.scheduler.filters.ServerGroupAffinityFilter;
import dev.altus.compute.scheduler.filters.ServerGroupAntiAffinityFilter;
import dev.altus.compute.scheduler.filters.VcpuFilter;
import dev.altus.compute.service.HostAggregates;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.ComputeHostStore.HostRow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places a server: reads every host's state, runs the filters (the first that rejects a host
 * gives the reason), weighs the hosts left, and claims the server's resources on the best one.
 * A claim lost to a concurrent boot sends it to the next host, then back to fresh host states;
 * when no host is left the {@link NoValidHost} explains each host's rejection.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  /** Filters that still apply to a host an admin forced (zone:host). */
  private static final Set<String> FORCED_HOST_FILTERS =
      Set.of("RamFilter", "VcpuFilter", "DiskFilter");
  private static final int ROUNDS = 50;
  /** Concurrent boots pick at random among this many best hosts, so they spread. */
  private static final int SUBSET = 3;

  private final ComputeHostStore hosts;
  private final HostAggregates aggregates;
  private final Clock clock;
  private final Duration serviceDownTime;
  private final List<HostFilter> filters;
  private final List<HostWeigher> weighers;

  public Scheduler(ComputeHostStore hosts, HostAggregates aggregates, Clock clock,
      Duration serviceDownTime) {
    this(hosts, aggregates, clock, serviceDownTime, defaultFilters(),
        List.of(new RamWeigher(), new ServerGroupSoftWeigher()));
  }

  public Scheduler(ComputeHostStore hosts, HostAggregates aggregates, Clock clock,
      Duration serviceDownTime, List<HostFilter> filters, List<HostWeigher> weighers) {
    this.hosts = hosts;
    this.aggregates = aggregates;
    this.clock = clock;
    this.serviceDownTime = serviceDownTime;
    this.filters = List.copyOf(filters);
    this.weighers = List.copyOf(weighers);
  }

  /** The filters in the order they run; the first to reject a host names the reason. */
  public static List<HostFilter> defaultFilters() {
    return List.of(new ComputeFilter(), new RetryFilter(), new AvailabilityZoneFilter(),
        new RamFilter(), new VcpuFilter(), new DiskFilter(), new ImagePropertiesFilter(),
        new AggregateInstanceExtraSpecsFilter(), new ServerGroupAffinityFilter(),
        new ServerGroupAntiAffinityFilter(), new SameHostFilter(), new DifferentHostFilter());
  }

  /** Every compute host's state now. */
  public List<HostState> hostStates() {
    long now = clock.millis();
    List<HostState> out = new ArrayList<>();
    for (HostRow r : hosts.hosts()) {
      String down = ServiceDown.why(r.forcedDown(), r.lastSeenUp(), now, serviceDownTime);
      String zone = aggregates.zoneOf(r.host());
      out.add(new HostState(r.host(), r.hypervisorHostname(), zone, !r.disabled(),
          r.disabledReason(), down, r.hypervisorType(), r.hypervisorVersion(), r.cpuArch(),
          r.vcpus(), r.vcpusUsed(), r.cpuRatio(), r.memoryMb(), r.memoryMbUsed(), r.ramRatio(),
          r.localGb(), r.localGbUsed(), r.diskRatio(), r.runningVms(),
          aggregates.metadataOf(r.host())));
    }
    return out;
  }

  /** Why each host is rejected for a request (hosts that pass are absent). */
  public Map<String, String> rejections(List<HostState> states, ScheduleRequest r) {
    Map<String, String> reasons = new LinkedHashMap<>();
    String forced = r.spec().forcedHost();
    for (HostState h : states) {
      if (forced != null && !forced.equals(h.host())) {
        continue;
      }
      for (HostFilter f : filters) {
        if (forced != null && !FORCED_HOST_FILTERS.contains(f.name())) {
          continue;
        }
        String why = f.reject(h, r);
        if (why != null) {
          reasons.put(h.host(), why + " (" + f.name() + ")");
          break;
        }
      }
    }
    if (forced != null && states.stream().noneMatch(h -> h.host().equals(forced))) {
      reasons.put(forced, "no such compute host");
    }
    return reasons;
  }

  /** Chooses a host for a server and claims its resources there. */
  public Selection selectAndClaim(ScheduleRequest r) throws NoValidHost {
    ComputeHostStore.Amount amount = ComputeHostStore.Amount.of(r.flavor());
    Map<String, String> reasons = Map.of();
    for (int round = 0; round < ROUNDS; round++) {
      List<HostState> states = hostStates();
      reasons = rejections(states, r);
      String forced = r.spec().forcedHost();
      List<HostState> passing = new ArrayList<>();
      for (HostState h : states) {
        if ((forced == null || forced.equals(h.host())) && !reasons.containsKey(h.host())) {
          passing.add(h);
        }
      }
      if (passing.isEmpty()) {
        throw new NoValidHost(reasons);
      }
      for (HostState h : order(passing, r)) {
        try {
          if (hosts.claim(r.serverId(), h.host(), amount)) {
            return new Selection(h.host(), h.node(), h.zone());
          }
        } catch (RuntimeException e) {
          if (!DatabaseFailures.isLockContention(e)) {
            // the database failed: that is what the build must report, not "no valid host"
            throw e;
          }
          // a lock wait that timed out under heavy concurrency: try the next host
          LOG.debug("claim on {} for {} failed: {}", h.host(), r.serverId(), e.toString());
        }
      }
    }
    Map<String, String> last = new LinkedHashMap<>(reasons);
    last.put("(all hosts)", "claims kept failing under concurrent boots");
    throw new NoValidHost(last);
  }

  /**
   * The hosts best first; the first pick is random among the few nearly as good as the best, so
   * that concurrent boots, which all see the same host states, spread instead of all racing for
   * one host's claim.
   */
  List<HostState> order(List<HostState> passing, ScheduleRequest r) {
    Map<HostState, Double> weight = new HashMap<>();
    for (HostState h : passing) {
      weight.put(h, 0.0);
    }
    for (HostWeigher w : weighers) {
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      Map<HostState, Double> raw = new HashMap<>();
      for (HostState h : passing) {
        double v = w.weigh(h, r);
        raw.put(h, v);
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      for (HostState h : passing) {
        double norm = max == min ? 0 : (raw.get(h) - min) / (max - min);
        weight.merge(h, norm * w.multiplier(), Double::sum);
      }
    }
    List<HostState> sorted = new ArrayList<>(passing);
    sorted.sort(Comparator.comparingDouble((HostState h) -> -weight.get(h))
        .thenComparing(HostState::host));
    // the best few, as long as they are nearly as good as the best (a tenth of the spread)
    int subset = 1;
    double best = weight.get(sorted.get(0));
    while (subset < Math.min(SUBSET, sorted.size())
        && weight.get(sorted.get(subset)) >= best - 0.1) {
      subset++;
    }
    if (subset > 1 && r.groupPolicy() == null) {
      int pick = ThreadLocalRandom.current().nextInt(subset);
      HostState first = sorted.remove(pick);
      sorted.add(0, first);
    }
    return sorted;
  }
}
