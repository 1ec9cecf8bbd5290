package dev.altus.compute.model;

import java.util.List;

/**
 * A server group: a scheduling policy over its member servers.
 *
 * @param policy affinity, anti-affinity, soft-affinity or soft-anti-affinity
 * @param maxServerPerHost the anti-affinity rule max_server_per_host, or null
 * @param createdAt epoch milliseconds
 * @param members the ids of its servers, in the order they joined
 */
public record ServerGroup(String id, String name, String projectId, String userId, String policy,
    Integer maxServerPerHost, long createdAt, List<String> members) {
  public ServerGroup {
    members = List.copyOf(members);
  }
}
