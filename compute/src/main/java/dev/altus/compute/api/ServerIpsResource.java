package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.service.ServerAddresses;
import dev.altus.compute.service.ServerService;
import java.util.List;

/** {@code /v2.1/servers/{id}/ips[/{network}]}: a server's addresses by network name. */
public final class ServerIpsResource {
  private final ServerService servers;
  private final ServerAddresses addresses;
  private final PolicyEngine policy;

  ServerIpsResource(ServerService servers, ServerAddresses addresses, PolicyEngine policy) {
    this.servers = servers;
    this.addresses = addresses;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/servers/{server_id}/ips", this::index);
    r.get("/v2.1/servers/{server_id}/ips/{network}", this::show);
  }

  private List<ServerPort> ports(ApiRequest req, String rule) {
    RequestContext ctx = req.context();
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:ips:" + rule, ctx, ServerResource.target(s));
    return addresses.refresh(ctx, s);
  }

  private ApiResponse index(ApiRequest req) {
    ObjectNode body = Json.object();
    body.set("addresses", ServerView.addresses(ports(req, "index"), false));
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    ObjectNode all = ServerView.addresses(ports(req, "show"), false);
    String net = req.param("network");
    if (!all.has(net)) {
      throw ApiException.notFound("There is no such network: " + net);
    }
    ObjectNode body = Json.object();
    body.set(net, all.get(net));
    return ApiResponse.ok(body);
  }
}
