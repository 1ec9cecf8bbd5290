package dev.altus.compute.model;

/**
 * A compute host's hypervisor as its agent reports it: capacity from the driver, usage from the
 * claims servers hold, and the allocation ratios the scheduler applies.
 *
 * @param seq the integer id shown before microversion 2.53
 */
public record ComputeNode(String id, int seq, String host, String hypervisorHostname,
    String hypervisorType, long hypervisorVersion, String hostIp, String cpuArch, int vcpus,
    int memoryMb, int localGb, int vcpusUsed, int memoryMbUsed, int localGbUsed, int runningVms,
    double cpuAllocationRatio, double ramAllocationRatio, double diskAllocationRatio,
    long createdAt, long updatedAt) {}
