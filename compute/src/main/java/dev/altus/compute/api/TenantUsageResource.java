package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.service.UsageReports;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code /os-simple-tenant-usage}: every project's usage in a period (admins; {@code detailed=1}
 * lists the servers) and one project's usage with its servers (its members and admins). Paged by
 * server from 2.40.
 */
public final class TenantUsageResource {
  private static final List<DateTimeFormatter> FORMATS = List.of(
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"),
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"),
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));

  private final UsageReports reports;
  private final PolicyEngine policy;
  private final ResourceLinks links;
  private final java.time.Clock clock;

  public TenantUsageResource(UsageReports reports, PolicyEngine policy, ResourceLinks links,
      java.time.Clock clock) {
    this.reports = reports;
    this.policy = policy;
    this.links = links;
    this.clock = clock;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-simple-tenant-usage", this::list);
    r.get("/v2.1/os-simple-tenant-usage/{tenant_id}", this::show);
  }

  private long time(ApiRequest req, String name) {
    var s = req.queryParam(name).filter(x -> !x.isEmpty());
    if (s.isEmpty()) {
      return clock.millis();
    }
    for (DateTimeFormatter f : FORMATS) {
      try {
        return LocalDateTime.parse(s.get(), f).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (DateTimeParseException e) {
        // the next format
      }
    }
    throw ApiException.badRequest("Invalid datetime string: Datetime is in invalid format");
  }

  private ApiResponse list(ApiRequest req) {
    if (req.path().endsWith("/")) {
      // "/os-simple-tenant-usage/" names a project with an empty id: Nova has no such route
      throw ApiException.notFound("The resource could not be found.");
    }
    policy.enforce("os_compute_api:os-simple-tenant-usage:list", req.context());
    Microversion v = Microversion.of(req);
    boolean detailed = req.queryParam("detailed").orElse("0").equals("1");
    var r = report(req, v, null);
    ArrayNode items = Json.array();
    for (var p : r.projects()) {
      items.add(render(p, detailed));
    }
    ObjectNode body = Json.object();
    body.set("tenant_usages", items);
    addLinks(req, v, body, "tenant_usages_links", "os-simple-tenant-usage", r);
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    String projectId = req.param("tenant_id");
    policy.enforce("os_compute_api:os-simple-tenant-usage:show", req.context(),
        Map.of("project_id", projectId));
    Microversion v = Microversion.of(req);
    var r = report(req, v, projectId);
    ObjectNode body = Json.object();
    body.set("tenant_usage", r.projects().isEmpty() ? Json.object()
        : render(r.projects().get(0), true));
    addLinks(req, v, body, "tenant_usage_links", "os-simple-tenant-usage/" + projectId, r);
    return ApiResponse.ok(body);
  }

  private UsageReports.Reports report(ApiRequest req, Microversion v, String projectId) {
    long start = time(req, "start");
    long end = time(req, "end");
    int limit = FlavorResource.MAX_LIMIT;
    String marker = null;
    if (v.atLeast(40)) {
      limit = NovaInput.queryInt(req, "limit", 0).orElse(FlavorResource.MAX_LIMIT);
      limit = limit == 0 ? FlavorResource.MAX_LIMIT : Math.min(limit, FlavorResource.MAX_LIMIT);
      marker = req.queryParam("marker").orElse(null);
    }
    return reports.report(projectId, start, end, limit, marker);
  }

  private void addLinks(ApiRequest req, Microversion v, ObjectNode body, String key, String path,
      UsageReports.Reports r) {
    if (!v.atLeast(40)) {
      return;
    }
    int limit = NovaInput.queryInt(req, "limit", 0).orElse(FlavorResource.MAX_LIMIT);
    limit = limit == 0 ? FlavorResource.MAX_LIMIT : Math.min(limit, FlavorResource.MAX_LIMIT);
    var servers = r.servers();
    ArrayNode next = links.next(req, path, servers.size(), limit,
        servers.isEmpty() ? null : servers.get(servers.size() - 1).life().uuid());
    if (!next.isEmpty()) {
      body.set(key, next);
    }
  }

  private static ObjectNode render(UsageReports.ProjectUsageReport p, boolean detailed) {
    ObjectNode o = Json.object();
    o.put("tenant_id", p.projectId());
    o.put("total_local_gb_usage", p.localGbHours());
    o.put("total_vcpus_usage", p.vcpuHours());
    o.put("total_memory_mb_usage", p.memoryMbHours());
    o.put("total_hours", p.totalHours());
    o.put("start", IsoTimes.of(p.start()));
    o.put("stop", IsoTimes.of(p.stop()));
    if (detailed) {
      ArrayNode servers = o.putArray("server_usages");
      for (var u : p.servers()) {
        var s = u.life();
        ObjectNode x = servers.addObject();
        x.put("instance_id", s.uuid());
        x.put("name", s.name());
        x.put("hours", u.hours());
        x.put("memory_mb", s.memoryMb());
        x.put("local_gb", s.rootGb() + s.ephemeralGb());
        x.put("vcpus", s.vcpus());
        x.put("tenant_id", s.projectId());
        x.put("flavor", s.flavorName());
        x.put("started_at", IsoTimes.of(s.launchedAt()));
        x.put("ended_at", IsoTimes.ofNullable(s.terminatedAt()));
        x.put("state", u.state());
        x.put("uptime", u.uptimeSeconds());
      }
    }
    return o;
  }
}
