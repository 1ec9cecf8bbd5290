package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.AccessRule;
import dev.altus.identity.service.ApplicationCredentialService;
import java.util.List;
import java.util.Map;

/** {@code /v3/users/{user_id}/access_rules}: the access rules of a user's credentials. */
public final class AccessRuleResource implements IdentityResource {
  private final ApplicationCredentialService creds;
  private final PolicyEngine policy;

  public AccessRuleResource(ApplicationCredentialService creds, PolicyEngine policy) {
    this.creds = creds;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_access_rule",
        "rule:admin_required or (role:reader and system_scope:all) or rule:owner",
        "identity:list_access_rules",
        "rule:admin_required or (role:reader and system_scope:all) or rule:owner",
        "identity:delete_access_rule",
        "rule:admin_required or (role:admin and system_scope:all) or rule:owner");
  }

  @Override
  public void routes(Router r) {
    String base = "/v3/users/{user_id}/access_rules";
    r.get(base, this::list);
    r.get(base + "/{access_rule_id}", this::show);
    r.delete(base + "/{access_rule_id}", this::delete);
  }

  private ApiResponse list(ApiRequest req) {
    String userId = req.param("user_id");
    policy.enforce("identity:list_access_rules", req.context(), Map.of("user_id", userId));
    creds.refuseTrustToken(req.context());
    var service = req.queryParam("service");
    var path = req.queryParam("path");
    var method = req.queryParam("method");
    List<AccessRule> out = creds.rules(userId).stream()
        .filter(r -> service.isEmpty() || service.get().equals(r.service()))
        .filter(r -> path.isEmpty() || path.get().equals(r.path()))
        .filter(r -> method.isEmpty() || method.get().equals(r.method()))
        .toList();
    return ApiResponse.ok(Views.collection(req, "access_rules", out, r -> view(req, r)));
  }

  private ApiResponse show(ApiRequest req) {
    String userId = req.param("user_id");
    policy.enforce("identity:get_access_rule", req.context(), Map.of("user_id", userId));
    creds.refuseTrustToken(req.context());
    AccessRule r = creds.rule(userId, req.param("access_rule_id"));
    return ApiResponse.ok(Views.wrap("access_rule", view(req, r)));
  }

  private ApiResponse delete(ApiRequest req) {
    String userId = req.param("user_id");
    policy.enforce("identity:delete_access_rule", req.context(), Map.of("user_id", userId));
    creds.deleteRule(req.context(), userId, req.param("access_rule_id"));
    return ApiResponse.noContent();
  }

  /** id, service, path and method, as in a credential's {@code access_rules}. */
  static ObjectNode fields(AccessRule r) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.put("service", r.service());
    o.put("path", r.path());
    o.put("method", r.method());
    return o;
  }

  private static ObjectNode view(ApiRequest req, AccessRule r) {
    ObjectNode o = fields(r);
    o.set("links", Views.selfLink(req, "/v3/users/" + r.userId() + "/access_rules/" + r.id()));
    return o;
  }
}
