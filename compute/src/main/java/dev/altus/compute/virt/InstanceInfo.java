package dev.altus.compute.virt;

/**
 * What a driver knows of a running guest.
 *
 * @param uuid the server id
 * @param state its power state
 * @param vcpus virtual CPUs it has
 * @param memoryMb RAM it has
 * @param cpuTimeNs CPU time used so far
 */
public record InstanceInfo(String uuid, PowerState state, int vcpus, int memoryMb, long cpuTimeNs) {}
