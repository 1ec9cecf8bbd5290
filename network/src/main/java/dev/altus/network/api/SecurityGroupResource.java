package dev.altus.network.api;

import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.network.service.SecurityGroupService;

/** Routes for /v2.0/security-groups and /v2.0/security-group-rules. */
public final class SecurityGroupResource {
  private final SecurityGroupService groups;
  private final String baseUrl;

  public SecurityGroupResource(SecurityGroupService groups, String baseUrl) {
    this.groups = groups;
    this.baseUrl = baseUrl;
  }

  public void routes(Router r) {
    r.post("/v2.0/security-groups", req -> ApiResponse.created(Bodies.wrap("security_group",
        groups.view(req.context(), groups.create(req.context(), Bodies.unwrap(req, "security_group"))))));
    r.get("/v2.0/security-groups", req -> ApiResponse.ok(ListQuery.render(req, "security_groups",
        groups.list(req.context()).stream().map(g -> groups.view(req.context(), g)).toList(), baseUrl)));
    r.get("/v2.0/security-groups/{id}", req -> ApiResponse.ok(Bodies.wrap("security_group",
        ListQuery.fields(req, groups.view(req.context(), groups.get(req.context(), req.param("id")))))));
    r.put("/v2.0/security-groups/{id}", req -> ApiResponse.ok(Bodies.wrap("security_group",
        groups.view(req.context(), groups.update(req.context(), req.param("id"),
            Bodies.unwrap(req, "security_group"))))));
    r.delete("/v2.0/security-groups/{id}", req -> {
      groups.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
    r.post("/v2.0/security-group-rules", req -> ApiResponse.created(Bodies.wrap(
        "security_group_rule", groups.createRule(req.context(), Bodies.unwrap(req, "security_group_rule")))));
    r.get("/v2.0/security-group-rules", req -> ApiResponse.ok(ListQuery.render(req,
        "security_group_rules", groups.listRules(req.context()), baseUrl)));
    r.get("/v2.0/security-group-rules/{id}", req -> ApiResponse.ok(Bodies.wrap("security_group_rule",
        ListQuery.fields(req, groups.getRule(req.context(), req.param("id"))))));
    r.delete("/v2.0/security-group-rules/{id}", req -> {
      groups.deleteRule(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
  }
}
