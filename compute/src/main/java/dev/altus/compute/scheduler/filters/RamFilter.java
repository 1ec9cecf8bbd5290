package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** Enough free RAM: memory × ram_allocation_ratio − claimed ≥ the flavor's RAM. */
public final class RamFilter implements HostFilter {
  @Override
  public String name() {
    return "RamFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    long free = h.freeRamMb();
    int asked = r.flavor().memoryMb();
    return free >= asked ? null : "RAM " + Math.max(0, free) + " MB free < " + asked
        + " MB requested";
  }
}
