package dev.altus.compute.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.model.ServerGroup;
import dev.altus.compute.store.ServerGroupStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Server groups of a project and their members, with the {@code server_groups} (per project) and
 * {@code server_group_members} (per group) quotas. A project sees only its own groups; an admin
 * sees all. Callers check policy; this holds the rules.
 */
public final class ServerGroupService implements ServerGroupDirectory {
  /** The policies a group may have; the soft ones from microversion 2.15. */
  public static final List<String> POLICIES =
      List.of("anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity");
  public static final String MAX_SERVER_PER_HOST = "max_server_per_host";

  private final ServerGroupStore store;
  private final QuotaLimits limits;
  private final Clock clock;

  public ServerGroupService(ServerGroupStore store, QuotaLimits limits, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.limits = Objects.requireNonNull(limits);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Creates a group in the caller's project.
   *
   * @param maxServerPerHost the anti-affinity rule, or null
   */
  public ServerGroup create(RequestContext ctx, String name, String policy,
      Integer maxServerPerHost) {
    if (!POLICIES.contains(policy)) {
      throw ApiException.badRequest("Invalid server group policy '" + policy + "'.");
    }
    if (maxServerPerHost != null && !policy.equals("anti-affinity")) {
      throw ApiException.badRequest("Only anti-affinity policy supports rules.");
    }
    if (maxServerPerHost != null && maxServerPerHost < 1) {
      throw ApiException.badRequest("max_server_per_host must be at least 1.");
    }
    String project = ctx.projectId();
    if (project == null) {
      throw ApiException.badRequest("Server groups belong to a project: use a project-scoped"
          + " token.");
    }
    int limit = limit(project, ctx.userId(), "server_groups");
    if (limit >= 0 && store.countInProject(project) >= limit) {
      throw tooManyGroups();
    }
    ServerGroup g = new ServerGroup(UUID.randomUUID().toString(), name, project, ctx.userId(),
        policy, maxServerPerHost, clock.millis(), List.of());
    store.insert(g);
    // two creates may both have passed the first check: the one that went over takes it back
    if (limit >= 0 && store.countInProject(project) > limit) {
      store.delete(g.id());
      throw tooManyGroups();
    }
    return g;
  }

  /** The groups of a project, or of every project when {@code projectId} is null. */
  public List<ServerGroup> list(String projectId) {
    return store.list(projectId);
  }

  /** A group the caller may see (its project's, or any for an admin); 404 otherwise. */
  public ServerGroup get(RequestContext ctx, String id) {
    return store.find(id).filter(g -> visible(ctx, g)).orElseThrow(() -> notFound(id));
  }

  public void delete(RequestContext ctx, String id) {
    ServerGroup g = get(ctx, id);
    if (!store.delete(g.id())) {
      throw notFound(id);
    }
  }

  @Override
  public Optional<Group> find(RequestContext ctx, String id) {
    return store.find(id).filter(g -> visible(ctx, g)).map(ServerGroupService::group);
  }

  @Override
  public Optional<Group> groupOf(String serverId) {
    return store.groupIdOf(serverId).flatMap(store::find).map(ServerGroupService::group);
  }

  /**
   * Adds a server to a group: 404 for a group the caller cannot see, 409 when the server is in
   * another group, 403 when the group's member quota is used up. Adding a member again is a
   * no-op.
   */
  @Override
  public void addMember(RequestContext ctx, String groupId, String serverId) {
    ServerGroup g = get(ctx, groupId);
    Optional<String> current = store.groupIdOf(serverId);
    if (current.isPresent()) {
      if (current.get().equals(groupId)) {
        return;
      }
      throw ApiException.conflict("Server " + serverId + " is already in server group "
          + current.get() + ".");
    }
    int limit = limit(g.projectId(), ctx.userId(), "server_group_members");
    if (limit >= 0 && store.countMembers(groupId) >= limit) {
      throw tooManyMembers();
    }
    try {
      store.addMember(groupId, serverId, clock.millis());
    } catch (RuntimeException e) {
      if (store.groupIdOf(serverId).isPresent()) {
        throw ApiException.conflict("Server " + serverId + " is already in a server group.");
      }
      if (store.find(groupId).isEmpty()) {
        throw notFound(groupId); // deleted meanwhile
      }
      throw e;
    }
    if (limit >= 0 && store.countMembers(groupId) > limit) {
      store.removeMember(serverId);
      throw tooManyMembers();
    }
  }

  @Override
  public void removeMember(String serverId) {
    store.removeMember(serverId);
  }

  private static boolean visible(RequestContext ctx, ServerGroup g) {
    return ctx.isAdmin() || g.projectId().equals(ctx.projectId());
  }

  private static Group group(ServerGroup g) {
    Map<String, Integer> rules = g.maxServerPerHost() == null ? Map.of()
        : Map.of(MAX_SERVER_PER_HOST, g.maxServerPerHost());
    return new Group(g.id(), g.name(), g.projectId(), g.policy(), rules, g.members());
  }

  private int limit(String projectId, String userId, String resource) {
    Integer l = limits.limits(projectId, userId).get(resource);
    return l == null ? -1 : l;
  }

  private static ApiException tooManyGroups() {
    return ApiException.forbidden("Quota exceeded, too many server groups.");
  }

  private static ApiException tooManyMembers() {
    return ApiException.forbidden("Quota exceeded, too many servers in group");
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Instance group " + id + " could not be found.");
  }
}
