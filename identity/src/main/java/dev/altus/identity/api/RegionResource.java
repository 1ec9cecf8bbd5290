package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.error.ApiException;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.service.CatalogService;
import dev.altus.identity.store.CatalogStore.Region;
import java.util.Map;
import java.util.Set;

/** {@code /v3/regions}: the catalog's regions, optionally nested. */
public final class RegionResource implements IdentityResource {
  private static final Set<String> KNOWN = Set.of("id", "description", "parent_region_id", "links");
  private final CatalogService catalog;
  private final PolicyEngine policy;

  public RegionResource(CatalogService catalog, PolicyEngine policy) {
    this.catalog = catalog;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_region", "",
        "identity:list_regions", "",
        "identity:create_region", "rule:admin_required",
        "identity:update_region", "rule:admin_required",
        "identity:delete_region", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/regions", this::create);
    r.get("/v3/regions", this::list);
    r.get("/v3/regions/{id}", this::show);
    r.put("/v3/regions/{id}", this::createWithId);
    r.patch("/v3/regions/{id}", this::update);
    r.delete("/v3/regions/{id}", this::delete);
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_region", req.context());
    Body b = Body.root(req.json(), "region");
    String id = b.nullableString("id", 255).filter(s -> !s.isEmpty()).orElse(null);
    return created(req, b, id);
  }

  private ApiResponse createWithId(ApiRequest req) {
    policy.enforce("identity:create_region", req.context());
    Body b = Body.root(req.json(), "region");
    String id = req.param("id");
    if (b.has("id") && !(b.raw("id").isTextual() && b.raw("id").asText().equals(id))) {
      throw ApiException.badRequest("Conflicting region IDs specified: \"" + id + "\" != " + b.raw("id") + ".");
    }
    if (id.length() > 255) {
      throw ApiException.badRequest("Invalid input for field 'id': value is too long (maximum 255).");
    }
    return created(req, b, id);
  }

  private ApiResponse created(ApiRequest req, Body b, String id) {
    String description = b.nullableString("description", 255).orElse("");
    String parent = b.nullableString("parent_region_id", 255).orElse(null);
    Region r = catalog.createRegion(id, description, parent,
        CatalogRequests.bounded(b.extras(KNOWN), "region"));
    return ApiResponse.created(Views.wrap("region", view(req, r)));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("identity:list_regions", req.context());
    var parent = req.queryParam("parent_region_id");
    var out = catalog.regions().stream()
        .filter(r -> parent.isEmpty() || parent.get().equals(r.parentRegionId())).toList();
    return ApiResponse.ok(Views.collection(req, "regions", out, r -> view(req, r)));
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("identity:get_region", req.context());
    return ApiResponse.ok(Views.wrap("region", view(req, catalog.region(req.param("id")))));
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("identity:update_region", req.context());
    Region before = catalog.region(req.param("id"));
    Body b = Body.root(req.json(), "region");
    CatalogRequests.requireSomething(b, "region");
    CatalogRequests.requireMatchingId(b, before.id());
    String description = b.has("description") ? b.nullableString("description", 255).orElse("")
        : before.description();
    String parent = b.has("parent_region_id") ? b.nullableString("parent_region_id", 255).orElse(null)
        : before.parentRegionId();
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    CatalogRequests.bounded(extra, "region");
    Region after = catalog.updateRegion(before, new Region(before.id(), description, parent, extra));
    return ApiResponse.ok(Views.wrap("region", view(req, after)));
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("identity:delete_region", req.context());
    catalog.deleteRegion(req.param("id"));
    return ApiResponse.noContent();
  }

  /** The region as Keystone shows it. */
  static ObjectNode view(ApiRequest req, Region r) {
    ObjectNode o = Json.object();
    o.setAll(r.extra());
    o.put("id", r.id());
    o.put("description", r.description() == null ? "" : r.description());
    o.put("parent_region_id", r.parentRegionId());
    o.set("links", Views.selfLink(req, "/v3/regions/" + r.id()));
    return o;
  }
}
