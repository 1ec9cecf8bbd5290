package dev.altus.identity.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Role;
import dev.altus.identity.service.ProjectService;
import dev.altus.identity.service.UserService;
import dev.altus.identity.store.RoleStore;
import java.util.List;
import java.util.Map;

/** Role grants on projects: {@code /v3/projects/{p}/users/{u}/roles[/{r}]}. */
public final class GrantResource implements IdentityResource {
  private final RoleStore roles;
  private final ProjectService projects;
  private final UserService users;
  private final PolicyEngine policy;

  public GrantResource(RoleStore roles, ProjectService projects, UserService users, PolicyEngine policy) {
    this.roles = roles;
    this.projects = projects;
    this.users = users;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:check_grant", "rule:admin_required",
        "identity:list_grants", "rule:admin_required",
        "identity:create_grant", "rule:admin_required",
        "identity:revoke_grant", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    String base = "/v3/projects/{project_id}/users/{user_id}/roles";
    r.get(base, this::list);
    r.put(base + "/{role_id}", this::grant);
    r.add("GET", base + "/{role_id}", this::check);
    r.head(base + "/{role_id}", this::check);
    r.delete(base + "/{role_id}", this::revoke);
  }

  private RoleStore.Assignment assignment(ApiRequest req, String action) {
    var p = projects.get(req.param("project_id"));
    var u = users.get(req.param("user_id"));
    Role role = RoleResource.find(roles, req.param("role_id"));
    policy.enforce(action, req.context(), Map.of("target.project.id", p.id(), "target.user.id", u.id(),
        "target.role.id", role.id()));
    if (role.domainId() != null && !role.domainId().equals(p.domainId())) {
      throw ApiException.forbidden("Domain-specific role " + role.id() + " belongs to another domain than project " + p.id() + ".");
    }
    return new RoleStore.Assignment("UserProject", u.id(), p.id(), role.id(), false);
  }

  private ApiResponse grant(ApiRequest req) {
    roles.grant(assignment(req, "identity:create_grant"));
    return ApiResponse.noContent();
  }

  private ApiResponse check(ApiRequest req) {
    if (!roles.exists(assignment(req, "identity:check_grant"))) {
      throw ApiException.notFound("Could not find role assignment with role: " + req.param("role_id")
          + ", user or group: " + req.param("user_id") + ", project, domain, or system: "
          + req.param("project_id") + ".");
    }
    return ApiResponse.noContent();
  }

  private ApiResponse revoke(ApiRequest req) {
    if (!roles.revoke(assignment(req, "identity:revoke_grant"))) {
      throw ApiException.notFound("Could not find role assignment with role: " + req.param("role_id")
          + ", user or group: " + req.param("user_id") + ", project, domain, or system: "
          + req.param("project_id") + ".");
    }
    return ApiResponse.noContent();
  }

  private ApiResponse list(ApiRequest req) {
    var p = projects.get(req.param("project_id"));
    var u = users.get(req.param("user_id"));
    policy.enforce("identity:list_grants", req.context(), Map.of("target.project.id", p.id(), "target.user.id", u.id()));
    List<Role> out = roles.assignmentsOf(List.of(u.id())).stream()
        .filter(a -> a.type().equals("UserProject") && a.targetId().equals(p.id()) && !a.inherited())
        .map(a -> roles.find(a.roleId()).orElse(null))
        .filter(java.util.Objects::nonNull)
        .toList();
    return ApiResponse.ok(Views.collection(req, "roles", out, r -> RoleResource.view(req, r)));
  }
}
