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

/**
 * {@code /v2.1/os-networks} and {@code /v2.1/os-tenant-networks} (up to 2.35): the networks the
 * caller sees, in the nova-network era's format (read only; creating networks is the network
 * service's business, as in Nova with Neutron).
 */
public final class NetworkProxyResource {
  private final NetworkClient networks;
  private final PolicyEngine policy;

  NetworkProxyResource(NetworkClient networks, PolicyEngine policy) {
    this.networks = networks;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-networks", req -> list(req, "os-networks", true));
    r.get("/v2.1/os-networks/{id}", req -> show(req, "os-networks", true));
    r.get("/v2.1/os-tenant-networks", req -> list(req, "os-tenant-networks", false));
    r.get("/v2.1/os-tenant-networks/{id}", req -> show(req, "os-tenant-networks", false));
  }

  private RequestContext ctx(ApiRequest req, String rule) {
    ProxyErrors.upTo235(req);
    RequestContext ctx = req.context();
    policy.enforce(rule, ctx, ServerResource.target(ctx));
    return ctx;
  }

  private ApiResponse list(ApiRequest req, String api, boolean full) {
    RequestContext ctx = ctx(req, "os_compute_api:" + api + ":list");
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("networks");
    for (NetworkInfo n : ProxyErrors.call(() -> networks.networks(ctx))) {
      if (!full && n.external()) {
        continue;
      }
      list.add(view(n, full));
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req, String api, boolean full) {
    RequestContext ctx = ctx(req, "os_compute_api:" + api + ":show");
    String id = req.param("id");
    NetworkInfo n = ProxyErrors.call(() -> networks.network(ctx, id)).orElseThrow(() ->
        ApiException.notFound("Network " + id + " could not be found."));
    ObjectNode body = Json.object();
    body.set("network", view(n, full));
    return ApiResponse.ok(body);
  }

  private static ObjectNode view(NetworkInfo n, boolean full) {
    ObjectNode o = Json.object();
    o.put("id", n.id());
    o.put("label", n.name());
    o.putNull("cidr");
    if (full) {
      for (String f : new String[] {"bridge", "bridge_interface", "broadcast", "cidr_v6",
          "created_at", "deleted_at", "dhcp_server", "dhcp_start", "dns1", "dns2", "gateway",
          "gateway_v6", "host", "injected", "multi_host", "netmask", "netmask_v6", "priority",
          "project_id", "rxtx_base", "share_address", "updated_at", "vlan", "vpn_private_address",
          "vpn_public_address", "vpn_public_port"}) {
        o.putNull(f);
      }
      o.put("deleted", false);
      o.put("enable_dhcp", true);
      o.put("mtu", n.mtu());
      o.put("project_id", n.projectId());
    }
    return o;
  }
}
