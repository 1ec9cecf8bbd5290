package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Server;
import dev.altus.compute.service.ServerService;
import dev.altus.compute.store.ServerStore;

/**
 * {@code /v2.1/servers/{id}/os-server-password}: the admin password a guest posted (encrypted with
 * its key pair) through the metadata service, empty until it posts one; DELETE clears it.
 */
public final class ServerPasswordResource {
  private final ServerService servers;
  private final ServerStore store;
  private final PolicyEngine policy;

  ServerPasswordResource(ServerService servers, ServerStore store, PolicyEngine policy) {
    this.servers = servers;
    this.store = store;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/servers/{server_id}/os-server-password", this::show);
    r.delete("/v2.1/servers/{server_id}/os-server-password", this::clear);
  }

  private Server server(ApiRequest req, String rule) {
    RequestContext ctx = req.context();
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:os-server-password:" + rule, ctx, ServerResource.target(s));
    return s;
  }

  private ApiResponse show(ApiRequest req) {
    Server s = server(req, "show");
    String p = store.password(s.id());
    ObjectNode body = Json.object();
    body.put("password", p == null ? "" : p);
    return ApiResponse.ok(body);
  }

  private ApiResponse clear(ApiRequest req) {
    Server s = server(req, "clear");
    store.password(s.id(), null);
    return ApiResponse.noContent();
  }
}
