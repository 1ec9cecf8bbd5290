package dev.altus.identity.service;

import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.RoleStore.Assignment;
import dev.altus.identity.store.UserStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Effective roles: direct and group assignments, inherited assignments from a project's domain and
 * ancestors, then implied roles. Domain-specific roles are left out of the result (they only carry
 * their implications), as Keystone does.
 */
public final class AssignmentService {
  public static final String SYSTEM = "system";
  private final RoleStore roles;
  private final UserStore users;
  private final ProjectStore projects;

  public AssignmentService(RoleStore roles, UserStore users, ProjectStore projects) {
    this.roles = Objects.requireNonNull(roles);
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
  }

  /** The caller and the groups they belong to. */
  public Set<String> actors(String userId) {
    Set<String> actors = new LinkedHashSet<>();
    actors.add(userId);
    actors.addAll(users.groupIds(userId));
    return actors;
  }

  /** Ids of the projects above {@code projectId}, nearest first. */
  public List<String> ancestors(String projectId) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String cur = projects.find(projectId).map(Project::parentId).orElse(null);
    while (cur != null && seen.add(cur)) {
      var p = projects.find(cur);
      if (p.isEmpty() || p.get().isDomain()) {
        break;
      }
      out.add(cur);
      cur = p.get().parentId();
    }
    return out;
  }

  /** Role ids assigned (not yet expanded) to the user on a project. */
  public Set<String> assignedOnProject(String userId, Project project) {
    List<String> ancestors = ancestors(project.id());
    Set<String> out = new LinkedHashSet<>();
    for (Assignment a : roles.assignmentsOf(actors(userId))) {
      boolean direct = a.type().endsWith("Project") && a.targetId().equals(project.id()) && !a.inherited();
      boolean fromParent = a.type().endsWith("Project") && a.inherited() && ancestors.contains(a.targetId());
      boolean fromDomain = a.type().endsWith("Domain") && a.inherited() && a.targetId().equals(project.domainId());
      if (direct || fromParent || fromDomain) {
        out.add(a.roleId());
      }
    }
    return out;
  }

  public Set<String> assignedOnDomain(String userId, String domainId) {
    Set<String> out = new LinkedHashSet<>();
    for (Assignment a : roles.assignmentsOf(actors(userId))) {
      if (a.type().endsWith("Domain") && a.targetId().equals(domainId) && !a.inherited()) {
        out.add(a.roleId());
      }
    }
    return out;
  }

  public Set<String> assignedOnSystem(String userId) {
    Set<String> out = new LinkedHashSet<>();
    for (Assignment a : roles.assignmentsOf(actors(userId))) {
      if (a.type().endsWith("System") && a.targetId().equals(SYSTEM)) {
        out.add(a.roleId());
      }
    }
    return out;
  }

  /** Expands implied roles and drops domain-specific ones. */
  public List<Role> effective(Set<String> assigned) {
    List<Role> out = new ArrayList<>();
    for (String id : roles.expandImplied(assigned)) {
      roles.find(id).filter(r -> r.domainId() == null).ifPresent(out::add);
    }
    return out;
  }

  public List<Role> rolesOnProject(String userId, Project project) {
    return effective(assignedOnProject(userId, project));
  }

  public List<Role> rolesOnDomain(String userId, String domainId) {
    return effective(assignedOnDomain(userId, domainId));
  }

  public List<Role> rolesOnSystem(String userId) {
    return effective(assignedOnSystem(userId));
  }

  /** Projects on which the user has at least one role (directly, by group or by inheritance). */
  public List<Project> projectsOf(String userId) {
    List<Project> out = new ArrayList<>();
    for (Project p : projects.list(false)) {
      Set<String> assigned = assignedOnProject(userId, p);
      if (!assigned.isEmpty() && !effective(assigned).isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  /** Domains on which the user has a role. */
  public List<Project> domainsOf(String userId) {
    List<Project> out = new ArrayList<>();
    for (Project d : projects.list(true)) {
      Set<String> assigned = assignedOnDomain(userId, d.id());
      if (!assigned.isEmpty() && !effective(assigned).isEmpty()) {
        out.add(d);
      }
    }
    return out;
  }
}
