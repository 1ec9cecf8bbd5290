package dev.altus.compute.scheduler;

import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.RequestSpec;
import java.util.Map;
import java.util.Set;

/**
 * What one server needs from a host.
 *
 * @param flavor its size and extra specs
 * @param spec its request (zone, forced host, image properties, hosts tried)
 * @param groupPolicy the policy of its server group (affinity, anti-affinity, soft-...), or null
 * @param maxPerHost anti-affinity's max_server_per_host rule (1 unless set)
 * @param groupHosts the hosts the group's other members are on, with how many on each
 * @param sameHosts hosts of the servers named in the same_host hint
 * @param differentHosts hosts of the servers named in the different_host hint
 */
public record ScheduleRequest(String serverId, Flavor flavor, RequestSpec spec,
    String groupPolicy, int maxPerHost, Map<String, Integer> groupHosts, Set<String> sameHosts,
    Set<String> differentHosts) {
  public ScheduleRequest {
    groupHosts = Map.copyOf(groupHosts);
    sameHosts = Set.copyOf(sameHosts);
    differentHosts = Set.copyOf(differentHosts);
  }

  public int diskGb() {
    return flavor.rootGb() + flavor.ephemeralGb();
  }
}
