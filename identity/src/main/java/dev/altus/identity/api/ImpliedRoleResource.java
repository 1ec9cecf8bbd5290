package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Role;
import dev.altus.identity.service.ImpliedRoleService;
import java.util.HashMap;
import java.util.Map;

/**
 * Role inference rules: {@code /v3/roles/{prior}/implies[/{implied}]} and {@code
 * /v3/role_inferences}.
 */
public final class ImpliedRoleResource implements IdentityResource {
  private final ImpliedRoleService implied;
  private final PolicyEngine policy;

  public ImpliedRoleResource(ImpliedRoleService implied, PolicyEngine policy) {
    this.implied = implied;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    String read = "rule:admin_required or rule:system_reader";
    return Map.of(
        "identity:get_implied_role", read,
        "identity:check_implied_role", read,
        "identity:list_implied_roles", read,
        "identity:list_role_inference_rules", read,
        "identity:create_implied_role", "rule:admin_required",
        "identity:delete_implied_role", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    r.get("/v3/roles/{prior_role_id}/implies", this::list);
    r.add("GET", "/v3/roles/{prior_role_id}/implies/{implied_role_id}", this::show);
    r.head("/v3/roles/{prior_role_id}/implies/{implied_role_id}", this::check);
    r.put("/v3/roles/{prior_role_id}/implies/{implied_role_id}", this::create);
    r.delete("/v3/roles/{prior_role_id}/implies/{implied_role_id}", this::delete);
    r.get("/v3/role_inferences", this::all);
  }

  private static Map<String, Object> target(Role prior, Role implies) {
    Map<String, Object> t = new HashMap<>();
    t.put("target.prior_role.id", prior.id());
    t.put("target.prior_role.domain_id", prior.domainId());
    if (implies != null) {
      t.put("target.implied_role.id", implies.id());
      t.put("target.implied_role.domain_id", implies.domainId());
    }
    return t;
  }

  private ApiResponse list(ApiRequest req) {
    Role prior = implied.role(req.param("prior_role_id"));
    policy.enforce("identity:list_implied_roles", req.context(), target(prior, null));
    ObjectNode inference = Json.object();
    inference.set("prior_role", ref(req, prior));
    ArrayNode arr = inference.putArray("implies");
    implied.impliedBy(prior).forEach(r -> arr.add(ref(req, r)));
    return ApiResponse.ok(body(req, inference, "/v3/roles/" + prior.id() + "/implies"));
  }

  private ApiResponse show(ApiRequest req) {
    Role prior = implied.role(req.param("prior_role_id"));
    Role implies = implied.role(req.param("implied_role_id"));
    policy.enforce("identity:get_implied_role", req.context(), target(prior, implies));
    implied.check(prior, implies);
    return ApiResponse.ok(rule(req, prior, implies));
  }

  private ApiResponse check(ApiRequest req) {
    Role prior = implied.role(req.param("prior_role_id"));
    Role implies = implied.role(req.param("implied_role_id"));
    policy.enforce("identity:check_implied_role", req.context(), target(prior, implies));
    implied.check(prior, implies);
    return ApiResponse.noContent();
  }

  private ApiResponse create(ApiRequest req) {
    Role prior = implied.role(req.param("prior_role_id"));
    Role implies = implied.role(req.param("implied_role_id"));
    policy.enforce("identity:create_implied_role", req.context(), target(prior, implies));
    implied.create(prior, implies);
    return ApiResponse.created(rule(req, prior, implies));
  }

  private ApiResponse delete(ApiRequest req) {
    Role prior = implied.role(req.param("prior_role_id"));
    Role implies = implied.role(req.param("implied_role_id"));
    policy.enforce("identity:delete_implied_role", req.context(), target(prior, implies));
    implied.delete(prior, implies);
    return ApiResponse.noContent();
  }

  private ApiResponse all(ApiRequest req) {
    policy.enforce("identity:list_role_inference_rules", req.context());
    ObjectNode body = Json.object();
    ArrayNode arr = body.putArray("role_inferences");
    for (ImpliedRoleService.Inference i : implied.all()) {
      ObjectNode o = arr.addObject();
      o.set("prior_role", ref(req, i.prior()));
      ArrayNode imp = o.putArray("implies");
      i.implies().forEach(r -> imp.add(ref(req, r)));
    }
    return ApiResponse.ok(body);
  }

  private static ObjectNode rule(ApiRequest req, Role prior, Role implies) {
    ObjectNode inference = Json.object();
    inference.set("prior_role", ref(req, prior));
    inference.set("implies", ref(req, implies));
    return body(req, inference, "/v3/roles/" + prior.id() + "/implies/" + implies.id());
  }

  private static ObjectNode body(ApiRequest req, ObjectNode inference, String self) {
    ObjectNode body = Json.object();
    body.set("role_inference", inference);
    body.set("links", Views.selfLink(req, self));
    return body;
  }

  /** A role as rules show it: id, name and self link. */
  private static ObjectNode ref(ApiRequest req, Role r) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.set("links", Views.selfLink(req, "/v3/roles/" + r.id()));
    o.put("name", r.name());
    return o;
  }
}
