package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.service.FlavorService;
import java.util.List;
import java.util.Set;

/**
 * Who may use a private flavor: {@code GET /flavors/{id}/os-flavor-access} and the {@code
 * addTenantAccess} / {@code removeTenantAccess} actions, all for admins.
 */
public final class FlavorAccessResource {
  private final FlavorService flavors;
  private final PolicyEngine policy;

  public FlavorAccessResource(FlavorService flavors, PolicyEngine policy) {
    this.flavors = flavors;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/flavors/{flavor_id}/os-flavor-access", this::list);
    r.post("/v2.1/flavors/{flavor_id}/action", this::action);
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-flavor-access", ctx);
    String id = req.param("flavor_id");
    return ApiResponse.ok(render(id, flavors.access(ctx, id)));
  }

  private ApiResponse action(ApiRequest req) {
    RequestContext ctx = req.context();
    ObjectNode doc = NovaInput.body(req);
    String id = req.param("flavor_id");
    if (doc.has("addTenantAccess")) {
      policy.enforce("os_compute_api:os-flavor-access:add_tenant_access", ctx);
      String tenant = tenant(req, "addTenantAccess");
      boolean refusePublic = Microversion.of(req).atLeast(7);
      return ApiResponse.ok(render(id, flavors.addAccess(ctx, id, tenant, refusePublic)));
    }
    if (doc.has("removeTenantAccess")) {
      policy.enforce("os_compute_api:os-flavor-access:remove_tenant_access", ctx);
      String tenant = tenant(req, "removeTenantAccess");
      return ApiResponse.ok(render(id, flavors.removeAccess(ctx, id, tenant)));
    }
    String name = doc.fieldNames().hasNext() ? doc.fieldNames().next() : "";
    throw ApiException.badRequest("There is no such action: " + name);
  }

  private static String tenant(ApiRequest req, String action) {
    ObjectNode in = NovaInput.root(req, action);
    NovaInput.only(in, action, Set.of("tenant"));
    NovaInput.required(in, action, "tenant");
    return NovaInput.string(in, "tenant", 1, 255, false).orElseThrow();
  }

  private static ObjectNode render(String flavorId, List<String> projects) {
    ArrayNode list = Json.array();
    for (String p : projects) {
      list.addObject().put("flavor_id", flavorId).put("tenant_id", p);
    }
    ObjectNode body = Json.object();
    body.set("flavor_access", list);
    return body;
  }
}
