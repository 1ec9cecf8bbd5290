package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** A host where this server's build already failed is not tried again. */
public final class RetryFilter implements HostFilter {
  @Override
  public String name() {
    return "RetryFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    return r.spec().triedHosts().contains(h.host()) ? "build already failed on this host" : null;
  }
}
