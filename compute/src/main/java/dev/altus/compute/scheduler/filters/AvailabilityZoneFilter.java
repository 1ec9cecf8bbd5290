package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** Only hosts in the availability zone the server asked for (any when it asked for none). */
public final class AvailabilityZoneFilter implements HostFilter {
  @Override
  public String name() {
    return "AvailabilityZoneFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    String zone = r.spec().zone();
    if (zone == null || zone.equals(h.zone())) {
      return null;
    }
    return "in availability zone " + h.zone() + ", not " + zone;
  }
}
