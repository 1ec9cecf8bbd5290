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
import dev.altus.compute.service.HostReports;
import dev.altus.compute.service.HypervisorService;
import dev.altus.compute.service.HypervisorService.Hypervisor;
import java.util.List;
import java.util.Set;

/**
 * {@code /os-hypervisors} for admins: list and detail (paged from 2.33; from 2.53 with {@code
 * hypervisor_hostname_pattern} and {@code with_servers}, UUID ids), show, statistics, uptime, and
 * before 2.53 the search and servers routes. 2.28 makes cpu_info an object; 2.88 drops the
 * resource figures from the views, adds {@code uptime} to them and retires statistics and uptime.
 */
public final class HypervisorResource {
  private final HypervisorService hypervisors;
  private final PolicyEngine policy;
  private final ResourceLinks links;

  public HypervisorResource(HypervisorService hypervisors, PolicyEngine policy,
      ResourceLinks links) {
    this.hypervisors = hypervisors;
    this.policy = policy;
    this.links = links;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-hypervisors", req -> list(req, false));
    r.get("/v2.1/os-hypervisors/detail", req -> list(req, true));
    r.get("/v2.1/os-hypervisors/statistics", this::statistics);
    r.get("/v2.1/os-hypervisors/{id}", this::show);
    r.get("/v2.1/os-hypervisors/{id}/uptime", this::uptime);
    r.get("/v2.1/os-hypervisors/{pattern}/search", this::search);
    r.get("/v2.1/os-hypervisors/{pattern}/servers", this::servers);
  }

  private void enforce(ApiRequest req, String action) {
    policy.enforce("os_compute_api:os-hypervisors:" + action, req.context());
  }

  private static String id(Hypervisor h, Microversion v) {
    return v.atLeast(53) ? h.node().id() : Integer.toString(h.node().seq());
  }

  private static void putId(ObjectNode o, Hypervisor h, Microversion v) {
    if (v.atLeast(53)) {
      o.put("id", h.node().id());
    } else {
      o.put("id", h.node().seq());
    }
  }

  private static boolean withServers(ApiRequest req, Microversion v) {
    if (!v.atLeast(53)) {
      return false;
    }
    var s = req.queryParam("with_servers");
    if (s.isEmpty()) {
      return false;
    }
    Boolean b = NovaInput.strictBool(s.get());
    if (b == null) {
      throw ApiException.badRequest("Invalid input for query parameters with_servers. Value: "
          + s.get() + ". '" + s.get() + "' is not a boolean");
    }
    return b;
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    enforce(req, detail ? "list-detail" : "list");
    Microversion v = Microversion.of(req);
    if (v.atLeast(75)) {
      NovaInput.onlyQuery(req, v.atLeast(53)
          ? Set.of("limit", "marker", "hypervisor_hostname_pattern", "with_servers")
          : Set.of("limit", "marker"));
    }
    boolean servers = withServers(req, v);
    var pattern = v.atLeast(53) ? req.queryParam("hypervisor_hostname_pattern")
        : java.util.Optional.<String>empty();
    List<Hypervisor> page;
    ArrayNode next = Json.array();
    if (pattern.isPresent()) {
      if (req.queryParam("limit").isPresent() || req.queryParam("marker").isPresent()) {
        throw ApiException.badRequest("Paging over hypervisors with the"
            + " hypervisor_hostname_pattern query parameter is not supported.");
      }
      page = hypervisors.matching(pattern.get());
    } else {
      List<Hypervisor> all = hypervisors.all();
      if (v.atLeast(33)) {
        int limit = NovaInput.queryInt(req, "limit", 0).orElse(FlavorResource.MAX_LIMIT);
        limit = limit == 0 ? FlavorResource.MAX_LIMIT : Math.min(limit, FlavorResource.MAX_LIMIT);
        int start = 0;
        var marker = req.queryParam("marker");
        if (marker.isPresent()) {
          start = -1;
          for (int i = 0; i < all.size(); i++) {
            if (id(all.get(i), v).equals(marker.get())) {
              start = i + 1;
            }
          }
          if (start < 0) {
            throw ApiException.badRequest("marker [" + marker.get() + "] not found");
          }
        }
        page = all.subList(start, Math.min(all.size(), start + limit));
        next = links.next(req, detail ? "os-hypervisors/detail" : "os-hypervisors", page.size(),
            limit, page.isEmpty() ? null : id(page.get(page.size() - 1), v));
      } else {
        page = all;
      }
    }
    ArrayNode items = Json.array();
    for (Hypervisor h : page) {
      items.add(render(h, v, detail, servers, servers ? hypervisors.servers(h) : null));
    }
    ObjectNode body = Json.object();
    body.set("hypervisors", items);
    if (!next.isEmpty()) {
      body.set("hypervisors_links", next);
    }
    return ApiResponse.ok(body);
  }

  private Hypervisor byId(ApiRequest req, Microversion v, String param) {
    String id = req.param(param);
    if (v.atLeast(53) && !ServiceResource.uuidLike(id)) {
      throw ApiException.badRequest("Invalid uuid " + id);
    }
    return hypervisors.get(id, !v.atLeast(53));
  }

  private ApiResponse show(ApiRequest req) {
    enforce(req, "show");
    Microversion v = Microversion.of(req);
    boolean servers = withServers(req, v);
    Hypervisor h = byId(req, v, "id");
    ObjectNode body = Json.object();
    body.set("hypervisor", render(h, v, true, servers, servers ? hypervisors.servers(h) : null));
    return ApiResponse.ok(body);
  }

  private ApiResponse uptime(ApiRequest req) {
    Microversion v = Microversion.of(req);
    if (v.atLeast(88)) {
      throw ApiException.notFound("The resource could not be found.");
    }
    enforce(req, "uptime");
    Hypervisor h = byId(req, v, "id");
    ObjectNode o = render(h, v, false, false, null);
    o.put("uptime", hypervisors.uptime(h));
    ObjectNode body = Json.object();
    body.set("hypervisor", o);
    return ApiResponse.ok(body);
  }

  private ApiResponse statistics(ApiRequest req) {
    Microversion v = Microversion.of(req);
    if (v.atLeast(88)) {
      throw ApiException.notFound("The resource could not be found.");
    }
    enforce(req, "statistics");
    var t = hypervisors.totals();
    ObjectNode s = Json.object();
    s.put("count", t.count());
    s.put("vcpus", t.vcpus());
    s.put("memory_mb", t.memoryMb());
    s.put("local_gb", t.localGb());
    s.put("vcpus_used", t.vcpusUsed());
    s.put("memory_mb_used", t.memoryMbUsed());
    s.put("local_gb_used", t.localGbUsed());
    s.put("free_ram_mb", t.memoryMb() - t.memoryMbUsed());
    s.put("free_disk_gb", t.localGb() - t.localGbUsed());
    s.put("current_workload", 0);
    s.put("running_vms", t.runningVms());
    s.put("disk_available_least", t.localGb() - t.localGbUsed());
    ObjectNode body = Json.object();
    body.set("hypervisor_statistics", s);
    return ApiResponse.ok(body);
  }

  private ApiResponse search(ApiRequest req) {
    Microversion v = Microversion.of(req);
    if (v.atLeast(53)) {
      throw ApiException.notFound("The resource could not be found.");
    }
    enforce(req, "search");
    ArrayNode items = Json.array();
    for (Hypervisor h : hypervisors.matching(req.param("pattern"))) {
      items.add(render(h, v, false, false, null));
    }
    ObjectNode body = Json.object();
    body.set("hypervisors", items);
    return ApiResponse.ok(body);
  }

  private ApiResponse servers(ApiRequest req) {
    Microversion v = Microversion.of(req);
    if (v.atLeast(53)) {
      throw ApiException.notFound("The resource could not be found.");
    }
    enforce(req, "servers");
    ArrayNode items = Json.array();
    for (Hypervisor h : hypervisors.matching(req.param("pattern"))) {
      items.add(render(h, v, false, false, hypervisors.servers(h)));
    }
    ObjectNode body = Json.object();
    body.set("hypervisors", items);
    return ApiResponse.ok(body);
  }

  private ObjectNode render(Hypervisor h, Microversion v, boolean detail, boolean withServers,
      List<HostReports.HostedServer> servers) {
    ComputeNode n = h.node();
    ObjectNode o = Json.object();
    putId(o, h, v);
    o.put("hypervisor_hostname", n.hypervisorHostname());
    o.put("state", h.up() ? "up" : "down");
    o.put("status", h.service().disabled() ? "disabled" : "enabled");
    if (detail) {
      o.put("hypervisor_type", n.hypervisorType());
      o.put("hypervisor_version", n.hypervisorVersion());
      o.put("host_ip", n.hostIp());
      ObjectNode svc = o.putObject("service");
      if (v.atLeast(53)) {
        svc.put("id", h.service().id());
      } else {
        svc.put("id", h.service().seq());
      }
      svc.put("host", n.host());
      svc.put("disabled_reason", h.service().disabledReason());
      if (!v.atLeast(88)) {
        o.put("vcpus", n.vcpus());
        o.put("memory_mb", n.memoryMb());
        o.put("local_gb", n.localGb());
        o.put("vcpus_used", n.vcpusUsed());
        o.put("memory_mb_used", n.memoryMbUsed());
        o.put("local_gb_used", n.localGbUsed());
        o.put("free_ram_mb", n.memoryMb() - n.memoryMbUsed());
        o.put("free_disk_gb", n.localGb() - n.localGbUsed());
        o.put("current_workload", 0);
        o.put("running_vms", n.runningVms());
        o.put("disk_available_least", n.localGb() - n.localGbUsed());
        ObjectNode cpu = Json.object();
        cpu.put("arch", n.cpuArch());
        if (v.atLeast(28)) {
          o.set("cpu_info", cpu);
        } else {
          o.put("cpu_info", Json.text(cpu));
        }
      } else {
        String up = null;
        try {
          up = h.up() ? hypervisors.uptime(h) : null;
        } catch (ApiException e) {
          up = null;
        }
        o.put("uptime", up);
      }
    }
    if (servers != null && !servers.isEmpty()) {
      ArrayNode list = o.putArray("servers");
      for (var s : servers) {
        list.addObject().put("name", s.name()).put("uuid", s.uuid());
      }
    } else if (withServers && v.atLeast(75)) {
      o.putArray("servers");
    }
    return o;
  }
}
