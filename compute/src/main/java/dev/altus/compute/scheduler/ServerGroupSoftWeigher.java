package dev.altus.compute.scheduler;

/**
 * The soft group policies: soft-affinity prefers hosts with more of the group's members,
 * soft-anti-affinity hosts with fewer. Other policies are filters, not weights.
 */
public final class ServerGroupSoftWeigher implements HostWeigher {
  @Override
  public double weigh(HostState host, ScheduleRequest r) {
    int members = r.groupHosts().getOrDefault(host.host(), 0);
    if ("soft-affinity".equals(r.groupPolicy())) {
      return members;
    }
    if ("soft-anti-affinity".equals(r.groupPolicy())) {
      return -members;
    }
    return 0;
  }

  @Override
  public double multiplier() {
    return 2.0;
  }
}
