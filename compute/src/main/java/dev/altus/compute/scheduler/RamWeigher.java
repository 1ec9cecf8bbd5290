package dev.altus.compute.scheduler;

/** Spreads servers: the more free RAM a host has, the more it is preferred. */
public final class RamWeigher implements HostWeigher {
  @Override
  public double weigh(HostState host, ScheduleRequest request) {
    return host.freeRamMb();
  }
}
