package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** Enough free vCPUs: vcpus × cpu_allocation_ratio − claimed ≥ the flavor's vCPUs. */
public final class VcpuFilter implements HostFilter {
  @Override
  public String name() {
    return "VcpuFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    long free = h.freeVcpus();
    int asked = r.flavor().vcpus();
    return free >= asked ? null : "vCPUs " + Math.max(0, free) + " free < " + asked
        + " requested";
  }
}
