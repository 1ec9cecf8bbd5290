package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** The different_host hint: no host that runs one of the servers it names. */
public final class DifferentHostFilter implements HostFilter {
  @Override
  public String name() {
    return "DifferentHostFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    return r.differentHosts().contains(h.host()) ? "runs a server named in different_host" : null;
  }
}
