package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** A member of an affinity group goes where its group's other members are. */
public final class ServerGroupAffinityFilter implements HostFilter {
  @Override
  public String name() {
    return "ServerGroupAffinityFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    if (!"affinity".equals(r.groupPolicy()) || r.groupHosts().isEmpty()
        || r.groupHosts().containsKey(h.host())) {
      return null;
    }
    return "affinity group members are on " + String.join(", ", r.groupHosts().keySet());
  }
}
