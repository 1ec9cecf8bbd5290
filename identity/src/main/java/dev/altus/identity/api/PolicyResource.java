package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.service.Ids;
import dev.altus.identity.store.PolicyStore;
import dev.altus.identity.store.PolicyStore.PolicyDoc;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v3/policies}: policy documents the identity service keeps for other services. The blob
 * is opaque here; it is never used to authorize identity calls.
 */
public final class PolicyResource implements IdentityResource {
  private static final Set<String> KNOWN = Set.of("id", "type", "blob", "links");
  private static final int MAX_BLOB = 65535;
  private final PolicyStore store;
  private final PolicyEngine policy;

  public PolicyResource(PolicyStore store, PolicyEngine policy) {
    this.store = store;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_policy", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:list_policies", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:create_policy", "rule:admin_required",
        "identity:update_policy", "rule:admin_required",
        "identity:delete_policy", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/policies", this::create);
    r.get("/v3/policies", this::list);
    r.get("/v3/policies/{id}", this::show);
    r.patch("/v3/policies/{id}", this::update);
    r.delete("/v3/policies/{id}", this::delete);
  }

  private PolicyDoc find(String id) {
    return store.find(id).orElseThrow(() -> ApiException.notFound("Could not find policy: " + id + "."));
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_policy", req.context());
    Body b = Body.root(req.json(), "policy");
    String blob = b.requiredString("blob", 0, MAX_BLOB);
    String type = b.requiredString("type", 0, 255);
    PolicyDoc p = new PolicyDoc(Ids.newId(), type, blob,
        CatalogRequests.bounded(b.extras(KNOWN), "policy"));
    store.insert(p);
    return ApiResponse.created(Views.wrap("policy", view(req, find(p.id()))));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("identity:list_policies", req.context());
    var type = req.queryParam("type");
    var out = store.list().stream().filter(p -> type.isEmpty() || type.get().equals(p.type())).toList();
    return ApiResponse.ok(Views.collection(req, "policies", out, p -> view(req, p)));
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("identity:get_policy", req.context());
    return ApiResponse.ok(Views.wrap("policy", view(req, find(req.param("id")))));
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("identity:update_policy", req.context());
    PolicyDoc before = find(req.param("id"));
    Body b = Body.root(req.json(), "policy");
    CatalogRequests.requireSomething(b, "policy");
    CatalogRequests.requireMatchingId(b, before.id());
    String blob = b.optionalString("blob", 0, MAX_BLOB).orElse(before.blob());
    String type = b.optionalString("type", 0, 255).orElse(before.type());
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    CatalogRequests.bounded(extra, "policy");
    store.update(new PolicyDoc(before.id(), type, blob, extra));
    return ApiResponse.ok(Views.wrap("policy", view(req, find(before.id()))));
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("identity:delete_policy", req.context());
    find(req.param("id"));
    store.delete(req.param("id"));
    return ApiResponse.noContent();
  }

  static ObjectNode view(ApiRequest req, PolicyDoc p) {
    ObjectNode o = Json.object();
    o.setAll(p.extra());
    o.put("id", p.id());
    o.put("type", p.type());
    o.put("blob", p.blob());
    o.set("links", Views.selfLink(req, "/v3/policies/" + p.id()));
    return o;
  }
}
