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
import dev.altus.compute.model.Server;
import dev.altus.compute.service.ServerAddresses;
import dev.altus.compute.store.ServerStore;
import java.util.Set;

/**
 * {@code POST /v2.1/os-server-external-events} (admins and services): other services tell compute
 * that something changed for a server. Network events refresh the server's interface cache; an
 * event for a server that does not exist is 404, for one that has no host or whose kind this
 * cloud does not act on, 422; the answer is 200 when all were taken, 207 when some, 404 when none.
 */
public final class ServerExternalEventResource {
  private static final Set<String> NAMES = Set.of("network-changed", "network-vif-plugged",
      "network-vif-unplugged", "network-vif-deleted", "volume-extended", "power-update",
      "accelerator-request-bound", "volume-reimaged");
  private static final Set<String> NETWORK = Set.of("network-changed", "network-vif-plugged",
      "network-vif-unplugged", "network-vif-deleted");
  private final ServerStore servers;
  private final ServerAddresses addresses;
  private final PolicyEngine policy;

  ServerExternalEventResource(ServerStore servers, ServerAddresses addresses,
      PolicyEngine policy) {
    this.servers = servers;
    this.addresses = addresses;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.post("/v2.1/os-server-external-events", this::create);
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    policy.enforce("os_compute_api:os-server-external-events:create", ctx,
        ServerResource.target(ctx));
    JsonNode doc = req.json();
    JsonNode events = doc.isObject() ? doc.get("events") : null;
    if (events == null || !events.isArray() || events.isEmpty()) {
      throw ApiException.badRequest("Invalid input for field/attribute events. 'events' is a"
          + " required non-empty list");
    }
    ArrayNode out = Json.array();
    int accepted = 0;
    for (JsonNode e : events) {
      if (!e.isObject()) {
        throw ApiException.badRequest("Invalid input for field/attribute events.");
      }
      RequestChecks.onlyFields(e, Set.of("name", "server_uuid", "status", "tag"), "events");
      String name = e.path("name").asText("");
      if (!NAMES.contains(name) || name.equals("power-update") && !v.atLeast(76)
          || name.equals("accelerator-request-bound") && !v.atLeast(82)
          || name.equals("volume-reimaged") && !v.atLeast(93)) {
        throw ApiException.badRequest("Invalid input for field/attribute name. Value: " + name
            + ". It is not a valid event name.");
      }
      String status = e.path("status").asText("completed");
      if (!Set.of("completed", "failed", "in-progress").contains(status)) {
        throw ApiException.badRequest("Invalid input for field/attribute status. Value: "
            + status + ".");
      }
      String serverId = e.path("server_uuid").asText("");
      ObjectNode o = out.addObject();
      o.put("name", name);
      o.put("server_uuid", serverId);
      o.put("status", status);
      if (e.has("tag")) {
        o.put("tag", e.get("tag").asText());
      }
      Server s = servers.find(serverId).orElse(null);
      if (s == null) {
        o.put("code", 404);
        o.put("status", "failed");
      } else if (s.host() == null || !NETWORK.contains(name)) {
        o.put("code", 422);
        o.put("status", "failed");
      } else {
        addresses.refresh(ctx, s);
        o.put("code", 200);
        accepted++;
      }
    }
    ObjectNode body = Json.object();
    body.set("events", out);
    if (accepted == 0) {
      throw ApiException.notFound("No instances found for any event");
    }
    return ApiResponse.json(accepted == events.size() ? 200 : 207, body);
  }
}
