package dev.altus.compute.service;

import java.util.List;

/**
 * The servers that ran in a period, with the sizes they ran with, for usage reports. Implemented
 * by the servers part, which keeps the servers (deleted ones too, with when they ended).
 */
public interface ServerHistory {
  /**
   * One server's life.
   *
   * @param launchedAt when it first became active (epoch ms)
   * @param terminatedAt when it was deleted (epoch ms), or null while it exists
   * @param vmState its vm_state now (active, stopped, ...), e.g. "deleted" once gone
   */
  record ServerLife(String uuid, String name, String projectId, String flavorName, int vcpus,
      int memoryMb, int rootGb, int ephemeralGb, long launchedAt, Long terminatedAt,
      String vmState) {}

  /**
   * The launched servers of {@code projectId} (every project when null) that were not yet deleted
   * at {@code start} and had launched before {@code end}, oldest first.
   */
  List<ServerLife> ranDuring(String projectId, long start, long end);
}
