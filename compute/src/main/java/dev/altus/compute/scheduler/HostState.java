package dev.altus.compute.scheduler;

import java.util.Map;
import java.util.Set;

/**
 * A compute host as the scheduler sees it at one moment: whether it takes work, where it is, what
 * it has free (capacity × allocation ratio − claims) and what its aggregates say.
 *
 * @param down why its service is down (since when, or forced down by an operator), or null when
 *     it reported within the service down time
 * @param aggregateMetadata the metadata of the aggregates it is in, key to values
 */
public record HostState(String host, String node, String zone, boolean enabled,
    String disabledReason, String down, String hypervisorType, long hypervisorVersion,
    String cpuArch, int vcpus, int vcpusUsed, double cpuRatio, int memoryMb, int memoryMbUsed,
    double ramRatio, int localGb, int localGbUsed, double diskRatio, int runningVms,
    Map<String, Set<String>> aggregateMetadata) {
  public HostState {
    aggregateMetadata = Map.copyOf(aggregateMetadata);
  }

  /** Its service reported within the service down time and is not forced down. */
  public boolean up() {
    return down == null;
  }

  public long freeRamMb() {
    return (long) Math.floor(memoryMb * ramRatio) - memoryMbUsed;
  }

  public long freeVcpus() {
    return (long) Math.floor(vcpus * cpuRatio) - vcpusUsed;
  }

  public long freeDiskGb() {
    return (long) Math.floor(localGb * diskRatio) - localGbUsed;
  }
}
