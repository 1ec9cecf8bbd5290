package dev.altus.network.api;

import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.network.service.Errors;
import dev.altus.network.service.FloatingIpService;
import dev.altus.network.service.RouterService;

/** Routes for /v2.0/routers (with add/remove_router_interface) and /v2.0/floatingips. */
public final class L3Resources {
  private final RouterService routers;
  private final FloatingIpService floatingIps;
  private final String baseUrl;

  public L3Resources(RouterService routers, FloatingIpService floatingIps, String baseUrl) {
    this.routers = routers;
    this.floatingIps = floatingIps;
    this.baseUrl = baseUrl;
  }

  public void routes(Router r) {
    r.post("/v2.0/routers", req -> ApiResponse.created(Bodies.wrap("router", routers.view(
        req.context(), routers.create(req.context(), Bodies.unwrap(req, "router"))))));
    r.get("/v2.0/routers", req -> ApiResponse.ok(ListQuery.render(req, "routers",
        routers.list(req.context()).stream().map(x -> routers.view(req.context(), x)).toList(), baseUrl)));
    r.get("/v2.0/routers/{id}", req -> ApiResponse.ok(Bodies.wrap("router", ListQuery.fields(req,
        routers.view(req.context(), routers.get(req.context(), req.param("id")))))));
    r.put("/v2.0/routers/{id}", req -> ApiResponse.ok(Bodies.wrap("router", routers.view(
        req.context(), routers.update(req.context(), req.param("id"), Bodies.unwrap(req, "router"))))));
    r.delete("/v2.0/routers/{id}", req -> {
      routers.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
    r.put("/v2.0/routers/{id}/add_router_interface", req -> ApiResponse.ok(
        routers.addInterface(req.context(), req.param("id"), body(req))));
    r.put("/v2.0/routers/{id}/remove_router_interface", req -> ApiResponse.ok(
        routers.removeInterface(req.context(), req.param("id"), body(req))));

    r.post("/v2.0/floatingips", req -> ApiResponse.created(Bodies.wrap("floatingip",
        floatingIps.create(req.context(), Bodies.unwrap(req, "floatingip")))));
    r.get("/v2.0/floatingips", req -> ApiResponse.ok(ListQuery.render(req, "floatingips",
        floatingIps.list(req.context()), baseUrl)));
    r.get("/v2.0/floatingips/{id}", req -> ApiResponse.ok(Bodies.wrap("floatingip",
        ListQuery.fields(req, floatingIps.get(req.context(), req.param("id"))))));
    r.put("/v2.0/floatingips/{id}", req -> ApiResponse.ok(Bodies.wrap("floatingip",
        floatingIps.update(req.context(), req.param("id"), Bodies.unwrap(req, "floatingip")))));
    r.delete("/v2.0/floatingips/{id}", req -> {
      floatingIps.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
  }

  private static com.fasterxml.jackson.databind.JsonNode body(dev.altus.common.http.ApiRequest req) {
    var in = req.json();
    if (in == null || !in.isObject()) {
      throw Errors.badRequest("Bad router request: Either subnet_id or port_id must be specified");
    }
    return in;
  }
}
