package dev.altus.identity.service;

import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.store.GroupLookup;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.RoleStore.Assignment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Lists role assignments as {@code GET /v3/role_assignments} shows them: the stored grants, or in
 * effective mode what they amount to for users — group grants expanded to the members, inherited
 * grants to the projects below their target, implied roles added and domain-specific roles left
 * out. Each derived entry remembers where it came from ({@code via*}), so the API can link to the
 * grant behind it.
 */
public final class RoleAssignmentService {
  /** What to list. {@code inherited} null means both inherited and direct grants. */
  public record Query(String userId, String groupId, String roleId, String projectId,
      String domainId, boolean system, Boolean inherited, boolean effective,
      boolean includeSubtree) {}

  /**
   * One assignment: an actor (user or group), a scope (project, domain or system) and a role; the
   * via fields say which group, inherited grant or prior role it was derived from.
   */
  public record Entry(String userId, String groupId, String projectId, String domainId,
      boolean system, String roleId, boolean inherited, String viaGroupId, String viaProjectId,
      String viaDomainId, String viaRoleId) {
    Entry withRole(String role, String prior) {
      return new Entry(userId, groupId, projectId, domainId, system, role, inherited, viaGroupId,
          viaProjectId, viaDomainId, prior);
    }
  }

  private final RoleStore roles;
  private final ProjectStore projects;
  private final GroupLookup groups;

  public RoleAssignmentService(RoleStore roles, ProjectStore projects, GroupLookup groups) {
    this.roles = Objects.requireNonNull(roles);
    this.projects = Objects.requireNonNull(projects);
    this.groups = Objects.requireNonNull(groups);
  }

  /** Rejects filter combinations that make no sense, as Keystone does (400). */
  public void validate(Query q) {
    if (q.domainId() != null && q.projectId() != null) {
      throw ApiException.badRequest("Specify a domain or project, not both");
    }
    if (q.system() && q.domainId() != null) {
      throw ApiException.badRequest("Specify system or domain, not both");
    }
    if (q.system() && q.projectId() != null) {
      throw ApiException.badRequest("Specify system or project, not both");
    }
    if (q.userId() != null && q.groupId() != null) {
      throw ApiException.badRequest("Specify a user or group, not both");
    }
    if (q.includeSubtree() && q.projectId() == null) {
      throw ApiException.badRequest("scope.project.id must be specified if include_subtree is also specified");
    }
    if (q.effective() && q.groupId() != null) {
      throw ApiException.badRequest("Combining effective and group filter will always result in an empty list.");
    }
    if (q.effective() && Boolean.TRUE.equals(q.inherited()) && q.domainId() != null) {
      throw ApiException.badRequest("Combining effective, domain and inherited filters will always result in an empty list.");
    }
  }

  public List<Entry> list(Query q) {
    validate(q);
    if (q.projectId() != null && (q.includeSubtree() || q.effective())
        && projects.find(q.projectId()).filter(p -> !p.isDomain()).isEmpty()) {
      // inheritance is worked out from the project's place in the tree, so it must exist
      throw ApiException.notFound("Could not find project: " + q.projectId() + ".");
    }
    Tree tree = new Tree(projects.list(false));
    Set<String> projectIds = new HashSet<>();
    if (q.projectId() != null) {
      projectIds.add(q.projectId());
      if (q.includeSubtree()) {
        projectIds.addAll(tree.subtree(q.projectId()));
      }
    }
    return q.effective() ? effective(q, tree, projectIds) : direct(q, projectIds);
  }

  private List<Entry> direct(Query q, Set<String> projectIds) {
    List<Entry> out = new ArrayList<>();
    for (Assignment a : roles.assignments()) {
      boolean user = a.type().startsWith("User");
      boolean onSystem = a.type().endsWith("System");
      if (q.system() && !onSystem
          || q.projectId() != null && !(a.type().endsWith("Project") && projectIds.contains(a.targetId()))
          || q.domainId() != null && !(a.type().endsWith("Domain") && a.targetId().equals(q.domainId()))
          || q.userId() != null && !(user && a.actorId().equals(q.userId()))
          || q.groupId() != null && !(!user && a.actorId().equals(q.groupId()))
          || q.roleId() != null && !a.roleId().equals(q.roleId())
          || q.inherited() != null && a.inherited() != q.inherited()) {
        continue;
      }
      out.add(entry(a, user ? a.actorId() : null, user ? null : a.actorId(), null));
    }
    return out;
  }

  private List<Entry> effective(Query q, Tree tree, Set<String> projectIds) {
    Boolean inherited = q.domainId() != null ? Boolean.FALSE : q.inherited();
    List<Entry> base = new ArrayList<>();
    Map<String, List<String>> members = new HashMap<>();
    for (Assignment a : roles.assignments()) {
      boolean onSystem = a.type().endsWith("System");
      boolean onDomain = a.type().endsWith("Domain");
      if (inherited != null && a.inherited() != inherited
          || q.system() && !onSystem
          || (q.projectId() != null || q.domainId() != null) && onSystem
          || q.domainId() != null && !(onDomain && a.targetId().equals(q.domainId()))) {
        continue;
      }
      List<String> users;
      String viaGroup = null;
      if (a.type().startsWith("User")) {
        users = List.of(a.actorId());
      } else {
        viaGroup = a.actorId();
        users = members.computeIfAbsent(a.actorId(), groups::memberIds);
      }
      for (String u : users) {
        if (q.userId() != null && !q.userId().equals(u)) {
          continue;
        }
        if (!a.inherited()) {
          if (q.projectId() == null || projectIds.contains(a.targetId()) && a.type().endsWith("Project")) {
            base.add(entry(a, u, null, viaGroup));
          }
          continue;
        }
        List<String> below = onDomain ? tree.inDomain(a.targetId()) : tree.subtree(a.targetId());
        for (String p : below) {
          if (q.projectId() == null || projectIds.contains(p)) {
            base.add(new Entry(u, null, p, null, false, a.roleId(), false, viaGroup,
                onDomain ? null : a.targetId(), onDomain ? a.targetId() : null, null));
          }
        }
      }
    }
    Map<String, Set<String>> implications = roles.implications();
    Map<String, Role> roleById = new HashMap<>();
    roles.list().forEach(r -> roleById.put(r.id(), r));
    List<Entry> out = new ArrayList<>();
    for (Entry e : withImplied(base, implications)) {
      Role r = roleById.get(e.roleId());
      if (r == null || r.domainId() != null) {
        continue;
      }
      if (q.roleId() == null || q.roleId().equals(e.roleId())) {
        out.add(e);
      }
    }
    return out;
  }

  /** Adds an entry for every role implied (transitively) by each entry's role. */
  private static List<Entry> withImplied(List<Entry> base, Map<String, Set<String>> implications) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : base) {
      out.add(e);
      Set<String> seen = new HashSet<>();
      Deque<Entry> todo = new ArrayDeque<>(List.of(e));
      while (!todo.isEmpty()) {
        Entry cur = todo.pop();
        for (String implied : implications.getOrDefault(cur.roleId(), Set.of())) {
          if (seen.add(implied + "\n" + cur.roleId())) {
            Entry next = cur.withRole(implied, cur.roleId());
            out.add(next);
            todo.add(next);
          }
        }
      }
    }
    return out;
  }

  private static Entry entry(Assignment a, String userId, String groupId, String viaGroup) {
    String project = a.type().endsWith("Project") ? a.targetId() : null;
    String domain = a.type().endsWith("Domain") ? a.targetId() : null;
    return new Entry(userId, groupId, project, domain, a.type().endsWith("System"), a.roleId(),
        a.inherited(), viaGroup, null, null, null);
  }

  /** The project hierarchy, loaded once per listing. */
  private static final class Tree {
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, List<String>> byDomain = new HashMap<>();

    Tree(List<Project> all) {
      for (Project p : all) {
        if (p.parentId() != null) {
          children.computeIfAbsent(p.parentId(), k -> new ArrayList<>()).add(p.id());
        }
        byDomain.computeIfAbsent(p.domainId(), k -> new ArrayList<>()).add(p.id());
      }
    }

    /** Every project below {@code id}, not including it. */
    List<String> subtree(String id) {
      Set<String> out = new LinkedHashSet<>();
      Deque<String> todo = new ArrayDeque<>(children.getOrDefault(id, List.of()));
      while (!todo.isEmpty()) {
        String cur = todo.pop();
        if (out.add(cur)) {
          todo.addAll(children.getOrDefault(cur, List.of()));
        }
      }
      return List.copyOf(out);
    }

    List<String> inDomain(String domainId) {
      return byDomain.getOrDefault(domainId, List.of());
    }
  }
}
