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
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.client.NetworkClient.NetworkInfo;
import java.util.Map;

/**
 * {@code /os-networks} and {@code /os-tenant-networks} (gone from 2.36 on): the networks the caller
 * sees in the network service (an admin all of them, others their own, shared and external ones),
 * labelled by name, as Nova's proxy lists Neutron's.
 * Addresses live in the network service, so the cidr is null as Nova shows it with Neutron.
 */
public final class NetworkProxyResource {
  private final NetworkClient networks;
  private final PolicyEngine policy;

  public NetworkProxyResource(NetworkClient networks, PolicyEngine policy) {
    this.networks = networks;
    this.policy = policy;
    policy.addDefaults(Map.of(
        "os_compute_api:os-networks:list", "rule:project_reader_or_admin",
        "os_compute_api:os-networks:view", "rule:project_reader_or_admin",
        "os_compute_api:os-tenant-networks:list", "rule:project_reader_or_admin",
        "os_compute_api:os-tenant-networks:show", "rule:project_reader_or_admin"));
  }

  public void routes(Router r) {
    r.get("/v2.1/os-networks", req -> list(req, "os-networks:list"));
    r.get("/v2.1/os-networks/{id}", req -> show(req, "os-networks:view"));
    r.get("/v2.1/os-tenant-networks", req -> list(req, "os-tenant-networks:list"));
    r.get("/v2.1/os-tenant-networks/{id}", req -> show(req, "os-tenant-networks:show"));
  }

  private void allow(ApiRequest req, String action) {
    if (Microversion.of(req).atLeast(36)) {
      throw ApiException.notFound("The resource could not be found.");
    }
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:" + action, ctx,
        Map.of("project_id", ctx.projectId() == null ? "" : ctx.projectId()));
  }

  private ApiResponse list(ApiRequest req, String action) {
    allow(req, action);
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("networks");
    networks.visibleNetworks(req.context()).forEach(n -> list.add(view(n)));
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req, String action) {
    allow(req, action);
    String id = req.param("id");
    NetworkInfo n = networks.visibleNetworks(req.context()).stream()
        .filter(x -> x.id().equals(id)).findFirst()
        .orElseThrow(() -> ApiException.notFound("Network " + id + " could not be found."));
    ObjectNode body = Json.object();
    body.set("network", view(n));
    return ApiResponse.ok(body);
  }

  private static ObjectNode view(NetworkInfo n) {
    ObjectNode o = Json.object();
    o.put("id", n.id());
    o.put("label", n.name());
    o.putNull("cidr");
    return o;
  }
}
