package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.service.CatalogService;
import dev.altus.identity.store.CatalogStore.Endpoint;
import java.util.Map;
import java.util.Set;

/** {@code /v3/endpoints}: where each service is reached, per interface and region. */
public final class EndpointResource implements IdentityResource {
  private static final Set<String> KNOWN = Set.of("id", "interface", "service_id", "url",
      "region_id", "region", "enabled", "links", "legacy_endpoint_id");
  private static final int MAX_URL = 225;
  private final CatalogService catalog;
  private final PolicyEngine policy;

  public EndpointResource(CatalogService catalog, PolicyEngine policy) {
    this.catalog = catalog;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_endpoint", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:list_endpoints", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:create_endpoint", "rule:admin_required",
        "identity:update_endpoint", "rule:admin_required",
        "identity:delete_endpoint", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/endpoints", this::create);
    r.get("/v3/endpoints", this::list);
    r.get("/v3/endpoints/{id}", this::show);
    r.patch("/v3/endpoints/{id}", this::update);
    r.delete("/v3/endpoints/{id}", this::delete);
  }

  private static String iface(Body b) {
    String i = b.requiredString("interface", 1, 255);
    if (!CatalogService.INTERFACES.contains(i)) {
      throw ApiException.badRequest("Invalid input for field 'interface': '" + i
          + "' is not one of ['admin', 'internal', 'public'].");
    }
    return i;
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_endpoint", req.context());
    Body b = Body.root(req.json(), "endpoint");
    String iface = iface(b);
    String serviceId = b.requiredString("service_id", 1, 64);
    String url = b.requiredString("url", 0, MAX_URL);
    String regionId = b.nullableString("region_id", 255).orElse(null);
    String region = b.nullableString("region", 255).orElse(null);
    boolean enabled = b.optionalBoolean("enabled").orElse(true);
    Endpoint e = catalog.createEndpoint(serviceId, iface, url, regionId, region, enabled,
        CatalogRequests.bounded(b.extras(KNOWN), "endpoint"));
    return ApiResponse.created(Views.wrap("endpoint", view(req, e)));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("identity:list_endpoints", req.context());
    var iface = req.queryParam("interface");
    var service = req.queryParam("service_id");
    var region = req.queryParam("region_id");
    var out = catalog.endpoints().stream()
        .filter(e -> iface.isEmpty() || iface.get().equals(e.iface()))
        .filter(e -> service.isEmpty() || service.get().equals(e.serviceId()))
        .filter(e -> region.isEmpty() || region.get().equals(e.regionId()))
        .toList();
    return ApiResponse.ok(Views.collection(req, "endpoints", out, e -> view(req, e)));
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("identity:get_endpoint", req.context());
    return ApiResponse.ok(Views.wrap("endpoint", view(req, catalog.endpoint(req.param("id")))));
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("identity:update_endpoint", req.context());
    Endpoint before = catalog.endpoint(req.param("id"));
    Body b = Body.root(req.json(), "endpoint");
    CatalogRequests.requireSomething(b, "endpoint");
    CatalogRequests.requireMatchingId(b, before.id());
    String iface = b.has("interface") ? iface(b) : before.iface();
    String serviceId = b.optionalString("service_id", 1, 64).orElse(before.serviceId());
    String url = b.optionalString("url", 0, MAX_URL).orElse(before.url());
    boolean enabled = b.optionalBoolean("enabled").orElse(before.enabled());
    boolean regionGiven = b.has("region_id") || b.has("region");
    String regionId = b.has("region_id") ? b.nullableString("region_id", 255).orElse(null)
        : (b.has("region") ? null : before.regionId());
    String region = b.nullableString("region", 255).orElse(null);
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    CatalogRequests.bounded(extra, "endpoint");
    Endpoint after = catalog.updateEndpoint(before,
        new Endpoint(before.id(), serviceId, regionId, iface, url, enabled, extra), region, regionGiven);
    return ApiResponse.ok(Views.wrap("endpoint", view(req, after)));
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("identity:delete_endpoint", req.context());
    catalog.deleteEndpoint(req.param("id"));
    return ApiResponse.noContent();
  }

  /** The endpoint as Keystone shows it, with the legacy {@code region} equal to region_id. */
  static ObjectNode view(ApiRequest req, Endpoint e) {
    ObjectNode o = Json.object();
    o.setAll(e.extra());
    o.put("id", e.id());
    o.put("interface", e.iface());
    o.put("region_id", e.regionId());
    o.put("region", e.regionId());
    o.put("service_id", e.serviceId());
    o.put("url", e.url());
    o.put("enabled", e.enabled());
    o.set("links", Views.selfLink(req, "/v3/endpoints/" + e.id()));
    return o;
  }
}
