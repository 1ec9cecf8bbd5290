package dev.altus.compute.service;

import java.util.List;
import java.util.OptionalLong;

/**
 * What only the compute hosts' side knows, for the hypervisor views: the servers a host runs and
 * how long the host has been up (its agent asks its virt driver). Implemented by the servers part,
 * which runs the agents.
 */
public interface HostReports {
  /** A server on a host with the resources its flavor gives it (hypervisor and host views). */
  record HostedServer(String uuid, String name, String projectId, int vcpus, int memoryMb,
      int rootGb, int ephemeralGb) {}

  /** The servers {@code host} runs (not deleted), in creation order. */
  List<HostedServer> serversOn(String host);

  /**
   * Seconds since {@code host} booted, as its agent's driver reports; empty when no agent for the
   * host answers.
   */
  OptionalLong uptimeSeconds(String host);
}
