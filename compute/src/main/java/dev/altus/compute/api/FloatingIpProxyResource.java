package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.altus.compute.client.NetworkClient.FloatingIpInfo;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code /v2.1/os-floating-ips} and {@code /v2.1/os-floating-ip-pools} (up to 2.35): the network
 * service's floating IPs in the compute API's format; pools are the external networks.
 */
public final class FloatingIpProxyResource {
  private final NetworkClient networks;
  private final PolicyEngine policy;

  FloatingIpProxyResource(NetworkClient networks, PolicyEngine policy) {
    this.networks = networks;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-floating-ips", this::list);
    r.post("/v2.1/os-floating-ips", this::create);
    r.get("/v2.1/os-floating-ips/{id}", this::show);
    r.delete("/v2.1/os-floating-ips/{id}", this::delete);
    r.get("/v2.1/os-floating-ip-pools", this::pools);
  }

  private RequestContext ctx(ApiRequest req, String rule) {
    ProxyErrors.upTo235(req);
    RequestContext ctx = req.context();
    policy.enforce(rule, ctx, ServerResource.target(ctx));
    return ctx;
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = ctx(req, "os_compute_api:os-floating-ips:list");
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("floating_ips");
    for (FloatingIpInfo f : ProxyErrors.call(() -> networks.floatingIpList(ctx))) {
      list.add(view(ctx, f));
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = ctx(req, "os_compute_api:os-floating-ips:show");
    return ApiResponse.ok(wrap(ctx, find(ctx, req.param("id"))));
  }

  private FloatingIpInfo find(RequestContext ctx, String id) {
    return ProxyErrors.call(() -> networks.floatingIp(ctx, id)).orElseThrow(() ->
        ApiException.notFound("Floating IP " + id + " could not be found"));
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = ctx(req, "os_compute_api:os-floating-ips:create");
    String pool = null;
    byte[] raw = req.body();
    if (raw.length > 0) {
      JsonNode doc = req.json();
      if (doc.isObject() && doc.hasNonNull("pool")) {
        pool = doc.get("pool").asText();
      }
    }
    String p = pool;
    FloatingIpInfo f;
    try {
      f = networks.createFloatingIp(ctx, p);
    } catch (ApiException e) {
      if (e.status() == 404) {
        throw ApiException.notFound(p == null ? "No more floating IPs available."
            : "Floating IP pool not found.");
      }
      if (e.status() == 409 && e.getMessage().toLowerCase().contains("quota")
          || e.status() == 413) {
        throw ApiException.forbidden("Maximum number of floating IPs exceeded");
      }
      throw ProxyErrors.translate(e);
    }
    return ApiResponse.ok(wrap(ctx, f));
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = ctx(req, "os_compute_api:os-floating-ips:delete");
    String id = req.param("id");
    find(ctx, id);
    ProxyErrors.run(() -> networks.deleteFloatingIp(ctx, id));
    return ApiResponse.empty(202);
  }

  private ApiResponse pools(ApiRequest req) {
    RequestContext ctx = ctx(req, "os_compute_api:os-floating-ip-pools:list");
    Set<String> names = new LinkedHashSet<>();
    for (NetworkClient.NetworkInfo n : ProxyErrors.call(() -> networks.networks(ctx))) {
      if (n.external()) {
        names.add(n.name().isEmpty() ? n.id() : n.name());
      }
    }
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("floating_ip_pools");
    names.forEach(n -> list.addObject().put("name", n));
    return ApiResponse.ok(body);
  }

  private ObjectNode wrap(RequestContext ctx, FloatingIpInfo f) {
    ObjectNode body = Json.object();
    body.set("floating_ip", view(ctx, f));
    return body;
  }

  ObjectNode view(RequestContext ctx, FloatingIpInfo f) {
    ObjectNode o = Json.object();
    o.put("id", f.id());
    o.put("ip", f.address());
    o.put("pool", f.pool());
    o.put("fixed_ip", f.fixedIp());
    String instance = null;
    if (f.portId() != null) {
      instance = networks.port(ctx, f.portId()).map(NetworkClient.PortInfo::deviceId)
          .filter(d -> d != null && !d.isEmpty()).orElse(null);
    }
    o.put("instance_id", instance);
    return o;
  }
}
