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
import dev.altus.compute.model.Server;
import dev.altus.compute.service.ServerInterfaces;
import dev.altus.compute.service.ServerService;
import java.util.Set;

/** {@code /v2.1/servers/{id}/os-interface}: a server's ports; attach and detach. */
public final class InterfaceResource {
  private final ServerService servers;
  private final ServerInterfaces interfaces;
  private final PolicyEngine policy;

  InterfaceResource(ServerService servers, ServerInterfaces interfaces, PolicyEngine policy) {
    this.servers = servers;
    this.interfaces = interfaces;
    this.policy = policy;
  }

  public void routes(Router r) {
    String base = "/v2.1/servers/{server_id}/os-interface";
    r.get(base, this::list);
    r.post(base, this::attach);
    r.get(base + "/{port_id}", this::show);
    r.delete(base + "/{port_id}", this::detach);
  }

  private Server server(ApiRequest req, String rule) {
    RequestContext ctx = req.context();
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:os-attach-interfaces:" + rule, ctx,
        ServerResource.target(s));
    return s;
  }

  private ApiResponse list(ApiRequest req) {
    Server s = server(req, "list");
    Microversion v = Microversion.of(req);
    ObjectNode body = Json.object();
    ArrayNode a = body.putArray("interfaceAttachments");
    for (NetworkClient.PortInfo p : interfaces.list(req.context(), s.id())) {
      a.add(view(p, v, interfaces.tag(s.id(), p.id())));
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    Server s = server(req, "show");
    Microversion v = Microversion.of(req);
    String port = req.param("port_id");
    ObjectNode body = Json.object();
    body.set("interfaceAttachment", view(interfaces.show(req.context(), s.id(), port), v,
        interfaces.tag(s.id(), port)));
    return ApiResponse.ok(body);
  }

  private ApiResponse attach(ApiRequest req) {
    Server s = server(req, "create");
    Microversion v = Microversion.of(req);
    JsonNode doc = req.json();
    JsonNode a = doc.isObject() ? doc.get("interfaceAttachment") : null;
    String net = null;
    String port = null;
    String ip = null;
    String tag = null;
    if (a != null && !a.isNull()) {
      if (!a.isObject()) {
        throw ApiException.badRequest("Invalid input for field/attribute interfaceAttachment.");
      }
      Set<String> allowed = new java.util.HashSet<>(Set.of("net_id", "port_id", "fixed_ips"));
      if (v.atLeast(49)) {
        allowed.add("tag");
      }
      RequestChecks.onlyFields(a, allowed, "interfaceAttachment");
      net = a.has("net_id") ? RequestChecks.string(a.get("net_id"), "net_id", 1, 255) : null;
      port = a.has("port_id") ? RequestChecks.string(a.get("port_id"), "port_id", 1, 255)
          : null;
      if (net != null && port != null) {
        throw ApiException.badRequest("Must not input both network_id and port_id");
      }
      if (a.has("fixed_ips")) {
        JsonNode ips = a.get("fixed_ips");
        if (!ips.isArray() || ips.size() != 1) {
          throw ApiException.badRequest("Invalid input for field/attribute fixed_ips: one"
              + " address.");
        }
        ip = ips.get(0).path("ip_address").asText(null);
        if (ip == null || !RequestChecks.validIp(ip)) {
          throw ApiException.badRequest("Invalid input for field/attribute ip_address.");
        }
        if (net == null) {
          throw ApiException.badRequest("Must input network_id when request IP address");
        }
      }
      tag = a.has("tag") ? RequestChecks.tag(a.get("tag").asText()) : null;
    }
    NetworkClient.PortInfo p = interfaces.attach(req.context(), s.id(), req.requestId(), net,
        port, ip, tag);
    ObjectNode body = Json.object();
    body.set("interfaceAttachment", view(p, v, tag));
    return ApiResponse.ok(body);
  }

  private ApiResponse detach(ApiRequest req) {
    Server s = server(req, "delete");
    interfaces.detach(req.context(), s.id(), req.requestId(), req.param("port_id"));
    return ApiResponse.empty(202);
  }

  private static ObjectNode view(NetworkClient.PortInfo p, Microversion v, String tag) {
    ObjectNode o = Json.object();
    o.put("port_state", p.status());
    ArrayNode ips = o.putArray("fixed_ips");
    for (var ip : p.fixedIps()) {
      ips.addObject().put("subnet_id", ip.subnetId()).put("ip_address", ip.ipAddress());
    }
    o.put("port_id", p.id());
    o.put("net_id", p.networkId());
    o.put("mac_addr", p.macAddress());
    if (v.atLeast(70)) {
      o.put("tag", tag);
    }
    return o;
  }
}
