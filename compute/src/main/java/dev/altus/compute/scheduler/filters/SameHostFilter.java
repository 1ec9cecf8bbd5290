package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** The same_host hint: only hosts that run the servers it names. */
public final class SameHostFilter implements HostFilter {
  @Override
  public String name() {
    return "SameHostFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    if (r.spec().sameHost().isEmpty() || r.sameHosts().contains(h.host())
        && r.sameHosts().size() == 1) {
      return null;
    }
    return "same_host servers are not all on this host";
  }
}
