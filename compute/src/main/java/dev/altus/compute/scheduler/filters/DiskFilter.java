package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** Enough free disk: local_gb × disk_allocation_ratio − claimed ≥ root + ephemeral disk. */
public final class DiskFilter implements HostFilter {
  @Override
  public String name() {
    return "DiskFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    long free = h.freeDiskGb();
    int asked = r.diskGb();
    return free >= asked ? null : "disk " + Math.max(0, free) + " GB free < " + asked
        + " GB requested";
  }
}
