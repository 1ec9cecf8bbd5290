package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.ServiceRecord;
import dev.altus.compute.service.AvailabilityZoneService;

/**
 * {@code /os-availability-zone}: the zones and whether they are available, for anyone; {@code
 * /os-availability-zone/detail} adds each zone's hosts and their services, for admins.
 */
public final class AvailabilityZoneResource {
  private final AvailabilityZoneService zones;
  private final PolicyEngine policy;

  public AvailabilityZoneResource(AvailabilityZoneService zones, PolicyEngine policy) {
    this.zones = zones;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-availability-zone", req -> list(req, false));
    r.get("/v2.1/os-availability-zone/detail", req -> list(req, true));
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    policy.enforce("os_compute_api:os-availability-zone:" + (detail ? "detail" : "list"),
        req.context());
    ArrayNode info = Json.array();
    for (var z : zones.zones(detail)) {
      ObjectNode o = info.addObject();
      o.put("zoneName", z.name());
      o.putObject("zoneState").put("available", z.available());
      if (z.hosts() == null) {
        o.putNull("hosts");
        continue;
      }
      ObjectNode hosts = o.putObject("hosts");
      z.hosts().forEach((host, services) -> {
        ObjectNode h = hosts.putObject(host);
        for (var p : services) {
          ServiceRecord s = p.service();
          h.putObject(s.binary()).put("available", p.up()).put("active", !s.disabled())
              .put("updated_at", IsoTimes.of(s.lastSeenUp() != null ? s.lastSeenUp()
                  : s.updatedAt()));
        }
      });
    }
    ObjectNode body = Json.object();
    body.set("availabilityZoneInfo", info);
    return ApiResponse.ok(body);
  }
}
