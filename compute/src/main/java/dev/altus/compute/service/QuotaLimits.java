package dev.altus.compute.service;

import java.util.Map;

/**
 * The effective quota limits of a project (and user): Nova's resource names ({@code instances},
 * {@code cores}, {@code ram}, {@code key_pairs}, {@code server_groups}, {@code
 * server_group_members}, {@code metadata_items}, ...) to a limit, -1 meaning unlimited. Implemented
 * by the quota part of the service; servers, key pairs and server groups enforce with it.
 */
public interface QuotaLimits {
  Map<String, Integer> limits(String projectId, String userId);
}
