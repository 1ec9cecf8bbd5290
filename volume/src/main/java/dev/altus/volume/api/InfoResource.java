package dev.altus.volume.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.VolumeConfig;
import dev.altus.volume.service.Access;
import dev.altus.volume.store.ServiceRecords;
import java.time.Clock;

/**
 * {@code os-availability-zone} (the zone volumes are made in, available while the volume service
 * is up) and {@code os-services} (the scheduler and volume service with their heartbeats).
 */
public final class InfoResource {
  private final VolumeConfig config;
  private final ServiceRecords services;
  private final Access access;
  private final Clock clock;

  public InfoResource(VolumeConfig config, ServiceRecords services, Access access, Clock clock) {
    this.config = config;
    this.services = services;
    this.access = access;
    this.clock = clock;
  }

  public void routes(Router r) {
    r.get(VolumeResource.P + "/os-availability-zone", this::zones);
    r.get(VolumeResource.P + "/os-services", this::services);
    r.put(VolumeResource.P + "/os-services/{action}", this::serviceAction);
  }

  private boolean up(ServiceRecords.Service s) {
    return clock.millis() - s.heartbeatAt() <= config.serviceDownTime().toMillis();
  }

  /** A service host without its backend and pool ({@code host@file#pool} is {@code host}). */
  private static String hostPart(String host) {
    return host.split("[@#]", 2)[0];
  }

  private ApiResponse zones(ApiRequest req) {
    RequestContext ctx = req.context();
    access.enforce("volume_extension:availability_zone_list", ctx);
    boolean available = services.list().stream()
        .anyMatch(s -> s.binary().equals("cinder-volume") && !s.disabled() && up(s));
    ObjectNode out = Json.object();
    var z = out.putArray("availabilityZoneInfo").addObject();
    z.put("zoneName", config.zone());
    z.putObject("zoneState").put("available", available);
    return ApiResponse.ok(out);
  }

  /**
   * {@code enable}, {@code disable}, {@code disable-log-reason} of a service by host and binary;
   * {@code freeze} and {@code thaw} (replication) are refused: the file backend does not
   * replicate.
   */
  private ApiResponse serviceAction(ApiRequest req) {
    RequestContext ctx = req.context();
    access.enforce("volume_extension:services:update", ctx);
    String action = req.param("action");
    var body = req.json();
    String host = body.path("host").asText(null);
    String binary = body.path("binary").asText(null);
    if (action.equals("freeze") || action.equals("thaw")) {
      if (host == null || services.list().stream().noneMatch(s -> s.host().equals(host)
          && s.binary().equals("cinder-volume"))) {
        throw dev.altus.common.error.ApiException.badRequest("Invalid input received: host "
            + host + " is not a volume service host.");
      }
      throw dev.altus.common.error.ApiException.badRequest("Invalid input received: the "
          + config.backend() + " backend does not replicate; there is nothing to " + action
          + ".");
    }
    boolean disable;
    String reason = null;
    switch (action) {
      case "enable" -> disable = false;
      case "disable" -> disable = true;
      case "disable-log-reason" -> {
        disable = true;
        reason = body.path("disabled_reason").asText(null);
        if (reason == null || reason.isBlank() || reason.length() > 255) {
          throw dev.altus.common.error.ApiException.badRequest("Disabled reason contains invalid"
              + " characters or is too long");
        }
      }
      default -> throw dev.altus.common.error.ApiException.notFound("Unknown action " + action);
    }
    if (host == null || binary == null) {
      throw dev.altus.common.error.ApiException.badRequest("Missing required element 'host' or"
          + " 'binary' in request body.");
    }
    if (!services.setDisabled(binary, host, disable, reason)) {
      throw dev.altus.common.error.ApiException.notFound("Service " + binary + " on host "
          + host + " could not be found.");
    }
    ObjectNode out = Json.object();
    out.put("disabled", disable);
    out.put("status", disable ? "disabled" : "enabled");
    out.put("host", host);
    out.put("service", binary);
    out.put("binary", binary);
    out.put("disabled_reason", reason);
    return ApiResponse.ok(out);
  }

  private ApiResponse services(ApiRequest req) {
    RequestContext ctx = req.context();
    access.enforce("volume_extension:services:index", ctx);
    var host = req.queryParam("host");
    var binary = req.queryParam("binary");
    ObjectNode out = Json.object();
    var arr = out.putArray("services");
    for (ServiceRecords.Service s : services.list()) {
      if (host.isPresent() && !hostPart(host.get()).equals(hostPart(s.host()))
          || binary.isPresent() && !binary.get().equals(s.binary())) {
        continue;
      }
      ObjectNode o = arr.addObject();
      o.put("binary", s.binary());
      o.put("host", s.host());
      o.put("zone", s.zone());
      o.put("status", s.disabled() ? "disabled" : "enabled");
      o.put("state", up(s) ? "up" : "down");
      o.put("updated_at", CinderTimes.format(s.heartbeatAt()));
      o.put("disabled_reason", s.disabledReason());
      if (s.binary().equals("cinder-volume")) {
        o.put("frozen", false);
        o.put("replication_status", "disabled");
        o.put("active_backend_id", (String) null);
      }
    }
    return ApiResponse.ok(out);
  }
}
