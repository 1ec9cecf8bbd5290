package dev.altus.compute.virt;

/**
 * What a host offers, as its driver measures it.
 *
 * @param hypervisorType e.g. QEMU, fake
 * @param hypervisorVersion e.g. 7002000 for 7.2.0
 * @param vcpus physical CPUs available to guests
 * @param memoryMb RAM available to guests
 * @param localGb disk available to guests
 * @param cpuArch e.g. x86_64
 * @param hostIp the address consoles and migrations use
 */
public record HostResources(String hypervisorType, long hypervisorVersion, int vcpus,
    int memoryMb, int localGb, String cpuArch, String hostIp) {}
