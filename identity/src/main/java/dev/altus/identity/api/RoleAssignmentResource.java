package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.model.User;
import dev.altus.identity.service.RoleAssignmentService;
import dev.altus.identity.service.RoleAssignmentService.Entry;
import dev.altus.identity.service.RoleAssignmentService.Query;
import dev.altus.identity.store.GroupLookup;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.UserStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v3/role_assignments}: filters user.id, group.id, role.id, scope.project.id,
 * scope.domain.id, scope.system, scope.OS-INHERIT:inherited_to; flags effective, include_names,
 * include_subtree. Each entry links to the grant behind it, as Keystone does.
 */
public final class RoleAssignmentResource implements IdentityResource {
  private final RoleAssignmentService assignments;
  private final RoleStore roles;
  private final ProjectStore projects;
  private final UserStore users;
  private final GroupLookup groups;
  private final PolicyEngine policy;

  public RoleAssignmentResource(RoleAssignmentService assignments, RoleStore roles,
      ProjectStore projects, UserStore users, GroupLookup groups, PolicyEngine policy) {
    this.assignments = assignments;
    this.roles = roles;
    this.projects = projects;
    this.users = users;
    this.groups = groups;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:list_role_assignments", "rule:admin_required or rule:system_reader"
            + " or (role:reader and domain_id:%(target.domain_id)s)",
        "identity:list_role_assignments_for_tree", "rule:admin_required or rule:system_reader"
            + " or (role:reader and domain_id:%(target.domain_id)s)"
            + " or (role:admin and project_id:%(target.project.id)s)");
  }

  @Override
  public void routes(Router r) {
    r.get("/v3/role_assignments", this::list);
  }

  /** A key-only flag such as {@code ?effective}: present and not 0/false. */
  private static boolean flag(ApiRequest req, String name) {
    return req.query().containsKey(name) && req.queryParam(name)
        .map(v -> !v.equals("0") && !v.equalsIgnoreCase("false")).orElse(true);
  }

  private static String param(ApiRequest req, String name) {
    return req.queryParam(name).filter(v -> !v.isEmpty()).orElse(null);
  }

  private ApiResponse list(ApiRequest req) {
    var ctx = req.context();
    boolean subtree = flag(req, "include_subtree");
    String inheritedTo = param(req, "scope.OS-INHERIT:inherited_to");
    Query q = new Query(param(req, "user.id"), param(req, "group.id"), param(req, "role.id"),
        param(req, "scope.project.id"), param(req, "scope.domain.id"),
        "all".equals(param(req, "scope.system")),
        inheritedTo == null ? null : inheritedTo.equals("projects"), flag(req, "effective"), subtree);
    Map<String, Object> target = new HashMap<>();
    if (subtree) {
      if (q.projectId() != null) {
        Project p = projects.find(q.projectId()).filter(x -> !x.isDomain())
            .orElseThrow(() -> ApiException.notFound("Could not find project: " + q.projectId() + "."));
        target.put("target.project.id", p.id());
        target.put("target.domain_id", p.domainId());
      }
      policy.enforce("identity:list_role_assignments_for_tree", ctx, target);
    } else {
      target.put("target.domain_id", ctx.domainId());
      policy.enforce("identity:list_role_assignments", ctx, target);
    }
    List<Entry> entries = assignments.list(q);
    if (!subtree && ctx.domainId() != null) {
      entries = entries.stream().filter(e -> ctx.domainId().equals(e.domainId())
          || e.projectId() != null && projects.find(e.projectId())
              .map(p -> ctx.domainId().equals(p.domainId())).orElse(false)).toList();
    }
    Names names = flag(req, "include_names") ? new Names() : null;
    return ApiResponse.ok(Views.collection(req, "role_assignments", entries,
        e -> view(req, e, names)));
  }

  /** The entry as Keystone shows it, with the link to the grant it comes from. */
  private ObjectNode view(ApiRequest req, Entry e, Names names) {
    ObjectNode o = Json.object();
    ObjectNode links = o.putObject("links");
    ObjectNode scope = Json.object();
    StringBuilder link = new StringBuilder();
    boolean inherited = e.inherited();
    if (e.projectId() != null) {
      scope.set("project", names == null ? idOnly(e.projectId()) : names.project(e.projectId()));
      if (e.viaDomainId() != null) {
        inherited = true;
        link.append("/domains/").append(e.viaDomainId());
      } else if (e.viaProjectId() != null) {
        inherited = true;
        link.append("/projects/").append(e.viaProjectId());
      } else {
        link.append("/projects/").append(e.projectId());
      }
    } else if (e.domainId() != null) {
      scope.set("domain", names == null ? idOnly(e.domainId()) : names.domain(e.domainId()));
      link.append("/domains/").append(e.domainId());
    } else if (e.system()) {
      scope.putObject("system").put("all", true);
      link.append("/system");
    }
    if (e.userId() != null) {
      o.set("user", names == null ? idOnly(e.userId()) : names.user(e.userId()));
      if (e.viaGroupId() != null) {
        links.put("membership", Views.base(req) + "/v3/groups/" + e.viaGroupId() + "/users/" + e.userId());
        link.append("/groups/").append(e.viaGroupId());
      } else {
        link.append("/users/").append(e.userId());
      }
    } else if (e.groupId() != null) {
      o.set("group", names == null ? idOnly(e.groupId()) : names.group(e.groupId()));
      link.append("/groups/").append(e.groupId());
    }
    o.set("role", names == null ? idOnly(e.roleId()) : names.role(e.roleId()));
    String priorLink = null;
    if (e.viaRoleId() != null) {
      link.append("/roles/").append(e.viaRoleId());
      // Keystone names the implied role first in this link; clients compare it verbatim
      priorLink = "/prior_role/" + e.roleId() + "/implies/" + e.viaRoleId();
    } else {
      link.append("/roles/").append(e.roleId());
    }
    String path = link.toString();
    if (inherited) {
      scope.put("OS-INHERIT:inherited_to", "projects");
      path = "/OS-INHERIT" + path + "/inherited_to_projects";
    }
    o.set("scope", scope);
    links.put("assignment", Views.base(req) + "/v3" + path);
    if (priorLink != null) {
      links.put("prior_role", Views.base(req) + "/v3" + priorLink);
    }
    return o;
  }

  private static ObjectNode idOnly(String id) {
    return Json.object().put("id", id);
  }

  /** Names for include_names, looked up once per listing. */
  private final class Names {
    private final Map<String, Optional<Project>> projectCache = new HashMap<>();

    private Optional<Project> find(String id) {
      return projectCache.computeIfAbsent(id, projects::find);
    }

    private String name(String projectOrDomainId) {
      return find(projectOrDomainId).map(Project::name).orElse("");
    }

    ObjectNode domainRef(String domainId) {
      return Json.object().put("id", domainId).put("name", name(domainId));
    }

    ObjectNode project(String id) {
      Optional<Project> p = find(id);
      ObjectNode o = Json.object().put("id", id).put("name", p.map(Project::name).orElse(""));
      String domainId = p.map(Project::domainId).orElse("");
      o.set("domain", domainRef(domainId));
      return o;
    }

    ObjectNode domain(String id) {
      return domainRef(id);
    }

    ObjectNode user(String id) {
      Optional<User> u = users.find(id);
      ObjectNode o = Json.object().put("id", id).put("name", u.map(User::name).orElse(""));
      o.set("domain", u.map(x -> domainRef(x.domainId()))
          .orElse(Json.object().put("id", "").put("name", "")));
      return o;
    }

    ObjectNode group(String id) {
      Optional<GroupLookup.GroupRef> g = groups.find(id);
      ObjectNode o = Json.object().put("id", id).put("name", g.map(GroupLookup.GroupRef::name).orElse(""));
      o.set("domain", g.map(x -> domainRef(x.domainId()))
          .orElse(Json.object().put("id", "").put("name", "")));
      return o;
    }

    ObjectNode role(String id) {
      Optional<Role> r = roles.find(id);
      ObjectNode o = Json.object().put("id", id).put("name", r.map(Role::name).orElse(""));
      r.filter(x -> x.domainId() != null).ifPresent(x -> o.set("domain", domainRef(x.domainId())));
      return o;
    }
  }
}
