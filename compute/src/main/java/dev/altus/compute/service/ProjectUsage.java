package dev.altus.compute.service;

/**
 * What a project (or one user in it) uses now, counted from its servers; quotas, limits and usage
 * reports read it. Implemented by the servers part of the service.
 */
public interface ProjectUsage {
  /**
   * @param instances servers that count against quota (not deleted)
   * @param cores their vCPUs
   * @param ramMb their RAM
   */
  record Usage(int instances, int cores, int ramMb) {}

  /** Usage of a project, or of one user in it when {@code userId} is not null. */
  Usage of(String projectId, String userId);
}
