package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/**
 * A member of an anti-affinity group avoids hosts that already have max_server_per_host (1 by
 * default) of its group's members.
 */
public final class ServerGroupAntiAffinityFilter implements HostFilter {
  @Override
  public String name() {
    return "ServerGroupAntiAffinityFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    if (!"anti-affinity".equals(r.groupPolicy())) {
      return null;
    }
    int here = r.groupHosts().getOrDefault(h.host(), 0);
    return here < r.maxPerHost() ? null : "anti-affinity group already has " + here
        + " member(s) here (max_server_per_host " + r.maxPerHost() + ")";
  }
}
