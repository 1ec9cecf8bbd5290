package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.service.CatalogService;
import dev.altus.identity.store.CatalogStore.Service;
import java.util.Map;
import java.util.Set;

/** {@code /v3/services}: the catalog's services (type, name, description, enabled). */
public final class ServiceResource implements IdentityResource {
  /** Attributes kept in their own columns or owned by the server; the rest are extras. */
  private static final Set<String> KNOWN = Set.of("id", "type", "enabled", "links");
  private final CatalogService catalog;
  private final PolicyEngine policy;

  public ServiceResource(CatalogService catalog, PolicyEngine policy) {
    this.catalog = catalog;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_service", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:list_services", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:create_service", "rule:admin_required",
        "identity:update_service", "rule:admin_required",
        "identity:delete_service", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/services", this::create);
    r.get("/v3/services", this::list);
    r.get("/v3/services/{id}", this::show);
    r.patch("/v3/services/{id}", this::update);
    r.delete("/v3/services/{id}", this::delete);
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_service", req.context());
    Body b = Body.root(req.json(), "service");
    String type = b.requiredString("type", 1, 255);
    CatalogRequests.name(b, "name", false);
    boolean enabled = b.optionalBoolean("enabled").orElse(true);
    Service s = catalog.createService(type, enabled,
        CatalogRequests.bounded(b.extras(KNOWN), "service"));
    return ApiResponse.created(Views.wrap("service", view(req, s)));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("identity:list_services", req.context());
    var type = req.queryParam("type");
    var name = req.queryParam("name");
    var out = catalog.services().stream()
        .filter(s -> type.isEmpty() || type.get().equals(s.type()))
        .filter(s -> name.isEmpty() || name.get().equals(s.name()))
        .toList();
    return ApiResponse.ok(Views.collection(req, "services", out, s -> view(req, s)));
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("identity:get_service", req.context());
    return ApiResponse.ok(Views.wrap("service", view(req, catalog.service(req.param("id")))));
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("identity:update_service", req.context());
    Service before = catalog.service(req.param("id"));
    Body b = Body.root(req.json(), "service");
    CatalogRequests.requireSomething(b, "service");
    CatalogRequests.requireMatchingId(b, before.id());
    String type = b.optionalString("type", 1, 255).orElse(before.type());
    CatalogRequests.name(b, "name", false);
    boolean enabled = b.optionalBoolean("enabled").orElse(before.enabled());
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    CatalogRequests.bounded(extra, "service");
    Service after = catalog.updateService(new Service(before.id(), type, enabled, extra));
    return ApiResponse.ok(Views.wrap("service", view(req, after)));
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("identity:delete_service", req.context());
    catalog.deleteService(req.param("id"));
    return ApiResponse.noContent();
  }

  /** The service as Keystone shows it: its extras (name, description...) and its columns. */
  static ObjectNode view(ApiRequest req, Service s) {
    ObjectNode o = Json.object();
    o.setAll(s.extra());
    o.put("id", s.id());
    o.put("type", s.type());
    o.put("enabled", s.enabled());
    o.set("links", Views.selfLink(req, "/v3/services/" + s.id()));
    return o;
  }
}
