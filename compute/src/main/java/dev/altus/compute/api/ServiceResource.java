package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.ServiceRecord;
import dev.altus.compute.service.AvailabilityZoneService;
import dev.altus.compute.service.ComputeServiceAdmin;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /os-services} for admins: list (filtered by host and binary) with state up/down from
 * heartbeats; before 2.53 {@code PUT /os-services/enable|disable|disable-log-reason|force-down}
 * with host and binary in the body, from 2.53 {@code PUT /os-services/{uuid}}; delete. {@code
 * forced_down} shows from 2.11, UUID ids from 2.53.
 */
public final class ServiceResource {
  private static final Pattern UUID_LIKE =
      Pattern.compile("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
          + "[0-9a-fA-F]{12}$");
  private static final Pattern HOST = Pattern.compile("^[a-zA-Z0-9-._]*$");

  private final ComputeServiceAdmin services;
  private final AvailabilityZoneService zones;
  private final PolicyEngine policy;

  public ServiceResource(ComputeServiceAdmin services, AvailabilityZoneService zones,
      PolicyEngine policy) {
    this.services = services;
    this.zones = zones;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-services", this::list);
    r.put("/v2.1/os-services/{id}", this::update);
    r.delete("/v2.1/os-services/{id}", this::delete);
  }

  static boolean uuidLike(String s) {
    return UUID_LIKE.matcher(s).matches();
  }

  private Map<String, String> zoneByService() {
    Map<String, String> out = new HashMap<>();
    zones.placed().forEach(p -> out.put(p.service().id(), p.zone()));
    return out;
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("os_compute_api:os-services:list", req.context());
    Microversion v = Microversion.of(req);
    if (v.atLeast(75)) {
      NovaInput.onlyQuery(req, Set.of("host", "binary"));
    }
    String host = req.queryParam("host").filter(s -> !s.isEmpty()).orElse(null);
    String binary = req.queryParam("binary").filter(s -> !s.isEmpty()).orElse(null);
    Map<String, String> zoneOf = zoneByService();
    ArrayNode items = Json.array();
    for (ServiceRecord s : services.list(host, binary)) {
      items.add(render(s, zoneOf.get(s.id()), v, v.atLeast(11)));
    }
    ObjectNode body = Json.object();
    body.set("services", items);
    return ApiResponse.ok(body);
  }

  private ObjectNode render(ServiceRecord s, String zone, Microversion v, boolean forcedDown) {
    ObjectNode o = Json.object();
    if (v.atLeast(53)) {
      o.put("id", s.id());
    } else {
      o.put("id", s.seq());
    }
    o.put("binary", s.binary());
    o.put("host", s.host());
    o.put("zone", zone == null ? s.zone() : zone);
    o.put("status", s.disabled() ? "disabled" : "enabled");
    o.put("state", services.isUp(s) ? "up" : "down");
    o.put("updated_at", IsoTimes.of(s.updatedAt()));
    o.put("disabled_reason", s.disabledReason());
    if (forcedDown) {
      o.put("forced_down", s.forcedDown());
    }
    return o;
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("os_compute_api:os-services:update", req.context());
    Microversion v = Microversion.of(req);
    return v.atLeast(53) ? updateByUuid(req, v) : updateByAction(req, v);
  }

  /** Before 2.53: the action is the last path segment, the service is named in the body. */
  private ApiResponse updateByAction(ApiRequest req, Microversion v) {
    String action = req.param("id");
    Set<String> actions = v.atLeast(11)
        ? Set.of("enable", "disable", "disable-log-reason", "force-down")
        : Set.of("enable", "disable", "disable-log-reason");
    ObjectNode in = NovaInput.body(req);
    Set<String> allowed = v.atLeast(11) ? Set.of("host", "binary", "disabled_reason",
        "forced_down") : Set.of("host", "binary", "disabled_reason");
    NovaInput.only(in, "body", allowed);
    NovaInput.required(in, "body", "host", "binary");
    String host = NovaInput.string(in, "host", 1, 255, false).orElseThrow();
    if (!HOST.matcher(host).matches()) {
      throw NovaInput.invalid("host", in.get("host"), "'" + host + "' does not match '"
          + HOST.pattern() + "'");
    }
    String binary = NovaInput.string(in, "binary", 1, 255, false).orElseThrow();
    String reason = NovaInput.string(in, "disabled_reason", 1, 255, false).orElse(null);
    Boolean forced = v.atLeast(11) ? NovaInput.bool(in, "forced_down").orElse(null) : null;
    if (!actions.contains(action)) {
      throw ApiException.notFound("Unknown action");
    }
    ObjectNode out = Json.object();
    out.put("host", host);
    out.put("binary", binary);
    switch (action) {
      case "enable" -> {
        services.update(services.byHost(host, binary), false, null, null);
        out.put("status", "enabled");
      }
      case "disable" -> {
        services.update(services.byHost(host, binary), true, null, null);
        out.put("status", "disabled");
      }
      case "disable-log-reason" -> {
        if (reason == null) {
          throw ApiException.badRequest("Missing disabled reason field");
        }
        services.update(services.byHost(host, binary), true, reason, null);
        out.put("status", "disabled");
        out.put("disabled_reason", reason);
      }
      default -> {
        if (forced == null) {
          throw ApiException.badRequest("Missing forced_down field");
        }
        services.update(services.byHost(host, binary), null, null, forced);
        out.put("forced_down", forced);
      }
    }
    ObjectNode body = Json.object();
    body.set("service", out);
    return ApiResponse.ok(body);
  }

  private ApiResponse updateByUuid(ApiRequest req, Microversion v) {
    String id = req.param("id");
    ObjectNode in = NovaInput.body(req);
    NovaInput.only(in, "body", Set.of("status", "disabled_reason", "forced_down"));
    JsonNode status = in.get("status");
    if (status != null && !(status.isTextual()
        && Set.of("enabled", "disabled").contains(status.asText()))) {
      throw NovaInput.invalid("status", status, Json.text(status)
          + " is not one of ['enabled', 'disabled']");
    }
    String reason = NovaInput.string(in, "disabled_reason", 1, 255, false).orElse(null);
    Boolean forced = NovaInput.bool(in, "forced_down").orElse(null);
    if (!uuidLike(id)) {
      throw ApiException.badRequest("Invalid uuid " + id);
    }
    ServiceRecord s = services.byId(id);
    if (!s.binary().equals(ComputeServiceAdmin.COMPUTE)) {
      throw ApiException.badRequest("Updating a " + s.binary() + " service is not supported."
          + " Only nova-compute services can be updated.");
    }
    Boolean disabled = null;
    if (status != null) {
      disabled = status.asText().equals("disabled");
      if (!disabled && reason != null) {
        throw ApiException.badRequest("Specifying 'disabled_reason' with status 'enabled' is"
            + " invalid.");
      }
    }
    if (disabled == null && forced == null) {
      throw ApiException.badRequest("No updates were requested. Fields 'status' or"
          + " 'forced_down' should be specified.");
    }
    ServiceRecord updated = services.update(s, disabled, reason, forced);
    ObjectNode body = Json.object();
    body.set("service", render(updated, zoneByService().get(updated.id()), v, true));
    return ApiResponse.ok(body);
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("os_compute_api:os-services:delete", req.context());
    Microversion v = Microversion.of(req);
    String id = req.param("id");
    ServiceRecord s;
    if (v.atLeast(53)) {
      if (!uuidLike(id)) {
        throw ApiException.badRequest("Invalid uuid " + id);
      }
      s = services.list(null, null).stream().filter(x -> x.id().equals(id)).findFirst()
          .orElseThrow(() -> ApiException.notFound("Service " + id + " not found."));
    } else {
      int seq;
      try {
        seq = Integer.parseInt(id.trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("Invalid input received: id must be an integer");
      }
      s = services.list(null, null).stream().filter(x -> x.seq() == seq).findFirst()
          .orElseThrow(() -> ApiException.notFound("Service " + id + " not found."));
    }
    services.delete(s);
    return ApiResponse.noContent();
  }
}
