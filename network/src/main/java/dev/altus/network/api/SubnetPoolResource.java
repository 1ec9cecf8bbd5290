package dev.altus.network.api;

import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.network.service.IpAvailabilityService;
import dev.altus.network.service.SubnetPoolService;

/** Routes for /v2.0/subnetpools and /v2.0/network-ip-availabilities (address management). */
public final class SubnetPoolResource {
  private final SubnetPoolService pools;
  private final IpAvailabilityService availability;
  private final String baseUrl;

  public SubnetPoolResource(SubnetPoolService pools, IpAvailabilityService availability,
      String baseUrl) {
    this.pools = pools;
    this.availability = availability;
    this.baseUrl = baseUrl;
  }

  public void routes(Router r) {
    r.post("/v2.0/subnetpools", req -> ApiResponse.created(Bodies.wrap("subnetpool",
        pools.create(req.context(), Bodies.unwrap(req, "subnetpool")))));
    r.get("/v2.0/subnetpools", req -> ApiResponse.ok(ListQuery.render(req, "subnetpools",
        pools.list(req.context()), baseUrl)));
    r.get("/v2.0/subnetpools/{id}", req -> ApiResponse.ok(Bodies.wrap("subnetpool",
        ListQuery.fields(req, pools.get(req.context(), req.param("id"))))));
    r.put("/v2.0/subnetpools/{id}", req -> ApiResponse.ok(Bodies.wrap("subnetpool",
        pools.update(req.context(), req.param("id"), Bodies.unwrap(req, "subnetpool")))));
    r.delete("/v2.0/subnetpools/{id}", req -> {
      pools.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });

    r.get("/v2.0/network-ip-availabilities", req -> ApiResponse.ok(ListQuery.render(req,
        "network_ip_availabilities", availability.list(req.context(), req.query()), baseUrl)));
    r.get("/v2.0/network-ip-availabilities/{id}", req -> ApiResponse.ok(Bodies.wrap(
        "network_ip_availability", ListQuery.fields(req,
            availability.get(req.context(), req.param("id"))))));
  }
}
