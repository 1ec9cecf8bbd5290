package dev.altus.identity.service;

import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.model.User;
import dev.altus.identity.store.GroupLookup;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.RoleStore.Assignment;
import dev.altus.identity.store.UserStore;
import java.util.List;
import java.util.Objects;

/**
 * Role grants of a user or a group on a project, a domain or the system, optionally inherited to
 * the projects below (OS-INHERIT). Rules: a domain-specific role can only be granted on projects
 * of its own domain, never on the system; only project and domain grants can be inherited.
 */
public final class GrantService {
  /** Who receives a grant. */
  public enum ActorKind {
    USER("User"), GROUP("Group");

    final String prefix;

    ActorKind(String prefix) {
      this.prefix = prefix;
    }
  }

  /** Where a grant applies. */
  public enum TargetKind {
    PROJECT("Project"), DOMAIN("Domain"), SYSTEM("System");

    final String suffix;

    TargetKind(String suffix) {
      this.suffix = suffix;
    }
  }

  /** A resolved actor: a user or a group, with its domain (null if it no longer exists). */
  public record Actor(ActorKind kind, String id, String domainId) {}

  /** A resolved target: a project, a domain or the system ({@code project} null). */
  public record Target(TargetKind kind, String id, Project project) {
    public String domainId() {
      return project == null ? null : kind == TargetKind.DOMAIN ? project.id() : project.domainId();
    }
  }

  private final RoleStore roles;
  private final ProjectStore projects;
  private final UserStore users;
  private final GroupLookup groups;

  public GrantService(RoleStore roles, ProjectStore projects, UserStore users, GroupLookup groups) {
    this.roles = Objects.requireNonNull(roles);
    this.projects = Objects.requireNonNull(projects);
    this.users = Objects.requireNonNull(users);
    this.groups = Objects.requireNonNull(groups);
  }

  public Role role(String id) {
    return roles.find(id).orElseThrow(() -> ApiException.notFound("Could not find role: " + id + "."));
  }

  /** The user or group; a 404 if it does not exist, unless {@code allowMissing}. */
  public Actor actor(ActorKind kind, String id, boolean allowMissing) {
    String domainId = switch (kind) {
      case USER -> users.find(id).map(User::domainId).orElse(null);
      case GROUP -> groups.find(id).map(GroupLookup.GroupRef::domainId).orElse(null);
    };
    if (domainId == null && !allowMissing) {
      throw ApiException.notFound("Could not find " + (kind == ActorKind.USER ? "user" : "group")
          + ": " + id + ".");
    }
    return new Actor(kind, id, domainId);
  }

  /** The project, domain or system; a 404 if the project or domain does not exist. */
  public Target target(TargetKind kind, String id) {
    return switch (kind) {
      case PROJECT -> new Target(kind, id, projects.find(id).filter(p -> !p.isDomain())
          .orElseThrow(() -> ApiException.notFound("Could not find project: " + id + ".")));
      case DOMAIN -> new Target(kind, id, projects.find(id).filter(Project::isDomain)
          .orElseThrow(() -> ApiException.notFound("Could not find domain: " + id + ".")));
      case SYSTEM -> new Target(kind, AssignmentService.SYSTEM, null);
    };
  }

  public void grant(Actor actor, Target target, Role role, boolean inherited) {
    if (role.domainId() != null) {
      if (target.kind() == TargetKind.SYSTEM) {
        throw ApiException.badRequest("Role " + role.id() + " is a domain-specific role. Unable to use"
            + " a domain-specific role in a system assignment.");
      }
      if (target.kind() == TargetKind.PROJECT && !role.domainId().equals(target.domainId())) {
        throw ApiException.forbidden("Project " + target.id() + " must be in the same domain as the"
            + " role " + role.id() + " being assigned.");
      }
    }
    roles.grant(row(actor, target, role, inherited));
  }

  /** A 404 unless the grant exists. */
  public void check(Actor actor, Target target, Role role, boolean inherited) {
    if (!roles.exists(row(actor, target, role, inherited))) {
      throw notFound(actor, target, role);
    }
  }

  public void revoke(Actor actor, Target target, Role role, boolean inherited) {
    if (!roles.revoke(row(actor, target, role, inherited))) {
      throw notFound(actor, target, role);
    }
  }

  /** The roles granted to the actor on the target (direct grants only, no group or inheritance). */
  public List<Role> list(Actor actor, Target target, boolean inherited) {
    String type = actor.kind().prefix + target.kind().suffix;
    return roles.assignmentsOf(List.of(actor.id())).stream()
        .filter(a -> a.type().equals(type) && a.targetId().equals(target.id()) && a.inherited() == inherited)
        .map(a -> roles.find(a.roleId()).orElse(null))
        .filter(Objects::nonNull)
        .toList();
  }

  private static Assignment row(Actor actor, Target target, Role role, boolean inherited) {
    if (inherited && target.kind() == TargetKind.SYSTEM) {
      throw ApiException.badRequest("System role assignments cannot be inherited.");
    }
    return new Assignment(actor.kind().prefix + target.kind().suffix, actor.id(), target.id(),
        role.id(), inherited);
  }

  private static ApiException notFound(Actor actor, Target target, Role role) {
    return ApiException.notFound("Could not find role assignment with role: " + role.id()
        + ", user or group: " + actor.id() + ", project, domain, or system: " + target.id() + ".");
  }
}
