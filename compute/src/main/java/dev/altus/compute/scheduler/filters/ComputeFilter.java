package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;

/** Only hosts whose compute service is enabled and up (recent heartbeat, not forced down). */
public final class ComputeFilter implements HostFilter {
  @Override
  public String name() {
    return "ComputeFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    if (!h.enabled()) {
      return "service disabled" + (h.disabledReason() == null || h.disabledReason()
          .isEmpty() ? "" : " (" + h.disabledReason() + ")");
    }
    if (!h.up()) {
      return "service " + h.down();
    }
    return null;
  }
}
