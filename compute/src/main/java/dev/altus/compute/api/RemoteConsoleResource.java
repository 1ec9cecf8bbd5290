package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Server;
import dev.altus.compute.service.ServerConsoles;
import dev.altus.compute.service.ServerService;
import java.util.Set;

/**
 * {@code POST /v2.1/servers/{id}/remote-consoles} (2.6+): a console URL. Only VNC through noVNC
 * is offered; the URL's token stands for the guest's VNC address, which the console proxy
 * ({@link dev.altus.compute.console.ConsoleProxy}) opens.
 */
public final class RemoteConsoleResource {
  private final ServerService servers;
  private final ServerConsoles consoles;
  private final PolicyEngine policy;

  RemoteConsoleResource(ServerService servers, ServerConsoles consoles, PolicyEngine policy) {
    this.servers = servers;
    this.consoles = consoles;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.post("/v2.1/servers/{server_id}/remote-consoles", this::create);
  }

  private ApiResponse create(ApiRequest req) {
    Microversion v = Microversion.of(req);
    if (!v.atLeast(6)) {
      throw ApiException.notFound("The resource could not be found.");
    }
    RequestContext ctx = req.context();
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:os-remote-consoles", ctx, ServerResource.target(s));
    JsonNode doc = req.json();
    JsonNode c = doc.isObject() ? doc.get("remote_console") : null;
    if (c == null || !c.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute remote_console."
          + " 'remote_console' is a required property");
    }
    RequestChecks.onlyFields(c, Set.of("protocol", "type"), "remote_console");
    String protocol = c.path("protocol").asText("");
    String type = c.path("type").asText("");
    if (!Set.of("vnc", "spice", "rdp", "serial", "mks").contains(protocol)) {
      throw ApiException.badRequest("Invalid input for field/attribute protocol. Value: "
          + protocol + ".");
    }
    if (!protocol.equals("vnc") || !type.equals("novnc")) {
      throw ApiException.badRequest("Unavailable console type " + type + " for protocol "
          + protocol + ": only vnc/novnc consoles are available.");
    }
    ObjectNode body = Json.object();
    ObjectNode out = body.putObject("remote_console");
    out.put("protocol", "vnc");
    out.put("type", "novnc");
    out.put("url", consoles.vncUrl(ctx, s.id()));
    return ApiResponse.ok(body);
  }
}
