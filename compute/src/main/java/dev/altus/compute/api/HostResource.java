package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.ComputeNode;
import dev.altus.compute.service.AvailabilityZoneService;
import dev.altus.compute.service.HostReports;
import dev.altus.compute.service.HypervisorService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The deprecated {@code /os-hosts} API (removed at 2.43), for admins: the hosts of enabled
 * services with their zone, a compute host's resources (total, used now, used by its servers,
 * per project). Host power actions and the host-wide enable / maintenance switches are things no
 * virt driver here does: they answer 501 for a known host, as Nova does for such drivers.
 */
public final class HostResource {
  private final AvailabilityZoneService zones;
  private final HypervisorService hypervisors;
  private final PolicyEngine policy;

  public HostResource(AvailabilityZoneService zones, HypervisorService hypervisors,
      PolicyEngine policy) {
    this.zones = zones;
    this.hypervisors = hypervisors;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-hosts", this::list);
    r.get("/v2.1/os-hosts/{host}", this::show);
    r.put("/v2.1/os-hosts/{host}", this::update);
    r.get("/v2.1/os-hosts/{host}/startup", req -> power(req, "start"));
    r.get("/v2.1/os-hosts/{host}/shutdown", req -> power(req, "shutdown"));
    r.get("/v2.1/os-hosts/{host}/reboot", req -> power(req, "reboot"));
  }

  private static void removed(ApiRequest req) {
    if (Microversion.of(req).atLeast(43)) {
      throw ApiException.notFound("The resource could not be found.");
    }
  }

  private void enforce(ApiRequest req, String action) {
    policy.enforce("os_compute_api:os-hosts:" + action, req.context());
  }

  private ApiResponse list(ApiRequest req) {
    removed(req);
    enforce(req, "list");
    String zone = req.queryParam("zone").filter(z -> !z.isEmpty()).orElse(null);
    ArrayNode hosts = Json.array();
    for (var p : zones.placed()) {
      if (p.service().disabled() || (zone != null && !zone.equals(p.zone()))) {
        continue;
      }
      String topic = p.service().topic() != null ? p.service().topic()
          : p.service().binary().replaceFirst("^nova-", "");
      hosts.addObject().put("host_name", p.service().host()).put("service", topic)
          .put("zone", p.zone());
    }
    ObjectNode body = Json.object();
    body.set("hosts", hosts);
    return ApiResponse.ok(body);
  }

  private HypervisorService.Hypervisor compute(String host) {
    return hypervisors.all().stream().filter(h -> h.node().host().equals(host)).findFirst()
        .orElseThrow(() -> ApiException.notFound("Compute host " + host
            + " could not be found."));
  }

  private ApiResponse show(ApiRequest req) {
    removed(req);
    enforce(req, "show");
    String host = req.param("host");
    var h = compute(host);
    ComputeNode n = h.node();
    ArrayNode list = Json.array();
    list.add(resource(host, "(total)", n.vcpus(), n.memoryMb(), n.localGb()));
    list.add(resource(host, "(used_now)", n.vcpusUsed(), n.memoryMbUsed(), n.localGbUsed()));
    int cpu = 0;
    int ram = 0;
    int disk = 0;
    Map<String, int[]> byProject = new LinkedHashMap<>();
    for (HostReports.HostedServer s : hypervisors.servers(h)) {
      cpu += s.vcpus();
      ram += s.memoryMb();
      disk += s.rootGb() + s.ephemeralGb();
      int[] p = byProject.computeIfAbsent(s.projectId(), k -> new int[3]);
      p[0] += s.vcpus();
      p[1] += s.memoryMb();
      p[2] += s.rootGb() + s.ephemeralGb();
    }
    list.add(resource(host, "(used_max)", cpu, ram, disk));
    byProject.forEach((project, p) -> list.add(resource(host, project, p[0], p[1], p[2])));
    ObjectNode body = Json.object();
    body.set("host", list);
    return ApiResponse.ok(body);
  }

  private static ObjectNode resource(String host, String project, int cpu, int ram, int disk) {
    ObjectNode o = Json.object();
    o.putObject("resource").put("host", host).put("project", project).put("cpu", cpu)
        .put("memory_mb", ram).put("disk_gb", disk);
    return o;
  }

  private ApiResponse update(ApiRequest req) {
    removed(req);
    enforce(req, "update");
    ObjectNode in = NovaInput.body(req);
    NovaInput.only(in, "body", Set.of("status", "maintenance_mode"));
    if (!in.has("status") && !in.has("maintenance_mode")) {
      throw NovaInput.invalid("body", in, "'status' or 'maintenance_mode' is required");
    }
    for (String field : new String[] {"status", "maintenance_mode"}) {
      var v = in.get(field);
      if (v != null && !(v.isTextual() && Set.of("enable", "disable", "Enable", "Disable",
          "ENABLE", "DISABLE").contains(v.asText()))) {
        throw NovaInput.invalid(field, v, Json.text(v) + " is not one of ['enable', 'disable',"
            + " 'Enable', 'Disable', 'ENABLE', 'DISABLE']");
      }
    }
    compute(req.param("host"));
    throw ApiException.notImplemented("Feature not supported: the virt drivers here cannot"
        + " switch a whole host; use os-services to disable its compute service.");
  }

  private ApiResponse power(ApiRequest req, String action) {
    removed(req);
    enforce(req, action);
    compute(req.param("host"));
    throw ApiException.notImplemented("Feature not supported: the virt drivers here cannot "
        + (action.equals("start") ? "start up" : action) + " a host.");
  }
}
