package dev.altus.compute.service;

import dev.altus.common.context.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server groups as the servers part and the scheduler need them. Implemented by the server groups
 * part of the service.
 */
public interface ServerGroupDirectory {
  /**
   * A server group.
   *
   * @param policy affinity, anti-affinity, soft-affinity or soft-anti-affinity
   * @param rules e.g. max_server_per_host for anti-affinity
   * @param members the ids of its servers
   */
  record Group(String id, String name, String projectId, String policy,
      Map<String, Integer> rules, List<String> members) {}

  /** A group the caller may use, by id. */
  Optional<Group> find(RequestContext ctx, String id);

  /** The group a server belongs to, if any. */
  Optional<Group> groupOf(String serverId);

  /**
   * Adds a server to a group; a 403 in Nova's words when the group's member quota is used up.
   */
  void addMember(RequestContext ctx, String groupId, String serverId);

  /** Removes a deleted server from its group, if any. */
  void removeMember(String serverId);
}
