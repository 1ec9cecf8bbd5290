package dev.altus.compute.scheduler;

/**
 * Ranks the hosts that passed every filter: a higher weight is preferred. Raw weights are
 * normalised to 0..1 across the hosts and multiplied by {@link #multiplier()}, as Nova does.
 */
public interface HostWeigher {
  double weigh(HostState host, ScheduleRequest request);

  default double multiplier() {
    return 1.0;
  }
}
