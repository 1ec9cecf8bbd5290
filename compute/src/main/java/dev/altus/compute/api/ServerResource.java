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
import dev.altus.compute.service.ServerCreateRequest;
import dev.altus.compute.service.ServerCreation;
import dev.altus.compute.service.ServerListQuery;
import dev.altus.compute.service.ServerListing;
import dev.altus.compute.service.ServerService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v2.1/servers}: create, list (brief and detail, filtered, sorted, paged), show, update,
 * delete.
 */
public final class ServerResource {
  private final ServerCreation creation;
  private final ServerService servers;
  private final ServerListing listing;
  private final ServerViews views;
  private final PolicyEngine policy;
  private final int maxLimit;

  ServerResource(ServerCreation creation, ServerService servers, ServerListing listing,
      ServerViews views, PolicyEngine policy, int maxLimit) {
    this.creation = creation;
    this.servers = servers;
    this.listing = listing;
    this.views = views;
    this.policy = policy;
    this.maxLimit = maxLimit;
  }

  public void routes(Router r) {
    r.post("/v2.1/servers", this::create);
    r.get("/v2.1/servers", req -> list(req, false));
    r.get("/v2.1/servers/detail", req -> list(req, true));
    r.get("/v2.1/servers/{server_id}", this::show);
    r.put("/v2.1/servers/{server_id}", this::update);
    r.delete("/v2.1/servers/{server_id}", this::delete);
  }

  static Map<String, Object> target(RequestContext ctx) {
    return Map.of("project_id", ctx.projectId() == null ? "" : ctx.projectId());
  }

  static Map<String, Object> target(Server s) {
    return Map.of("project_id", s.projectId(), "user_id", s.userId());
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    policy.enforce("os_compute_api:servers:create", ctx, target(ctx));
    ServerCreateRequest r = ServerCreateBody.parse(req.json(), v);
    ServerCreation.Created c = creation.create(ctx, r, req.requestId());
    ObjectNode body = Json.object();
    if (r.returnReservationId()) {
      body.put("reservation_id", c.reservationId());
      return ApiResponse.json(202, body);
    }
    Server s = c.servers().get(0);
    ObjectNode server = body.putObject("server");
    server.put("id", s.id());
    server.set("links", views.view().links("servers", s.id()));
    server.put("OS-DCF:diskConfig", s.autoDiskConfig() ? "AUTO" : "MANUAL");
    ArrayNode groups = server.putArray("security_groups");
    s.securityGroups().forEach(g -> groups.addObject().put("name", g));
    server.put("adminPass", c.adminPass());
    return ApiResponse.json(202, body)
        .header("Location", views.view().root() + "/v2.1/servers/" + s.id());
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    String action = detail ? "detail" : "index";
    policy.enforce("os_compute_api:servers:" + action, ctx, target(ctx));
    boolean allFilters = policy.allowed("os_compute_api:servers:allow_all_filters", ctx,
        target(ctx));
    boolean allTenants = policy.allowed("os_compute_api:servers:" + action
        + ":get_all_tenants", ctx, target(ctx));
    ServerListQuery q = ServerListParams.parse(req, v, ctx, allFilters, allTenants, maxLimit);
    ServerListing.Page page = listing.list(q);
    ObjectNode body = Json.object();
    if (detail) {
      body.set("servers", views.many(ctx, v, page.servers()));
    } else {
      ArrayNode list = body.putArray("servers");
      page.servers().forEach(s -> list.add(views.view().brief(s)));
    }
    boolean limited = req.queryParam("limit").isPresent() || page.more();
    if (limited && !page.servers().isEmpty() && page.servers().size() >= q.limit()) {
      String last = page.servers().get(page.servers().size() - 1).id();
      body.putArray("servers_links").addObject().put("rel", "next")
          .put("href", nextLink(req, detail, last));
    }
    return ApiResponse.ok(body);
  }

  private String nextLink(ApiRequest req, boolean detail, String marker) {
    StringBuilder b = new StringBuilder(views.view().root()).append("/v2.1/servers")
        .append(detail ? "/detail" : "").append('?');
    Map<String, List<String>> q = new LinkedHashMap<>(req.query());
    q.remove("marker");
    for (var e : q.entrySet()) {
      for (String val : e.getValue()) {
        b.append(enc(e.getKey())).append('=').append(enc(val)).append('&');
      }
    }
    return b.append("marker=").append(enc(marker)).toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:servers:show", ctx, target(s));
    ObjectNode body = Json.object();
    body.set("server", views.one(ctx, v, s));
    return ApiResponse.ok(body);
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:servers:update", ctx, target(s));
    JsonNode doc = req.json();
    if (!doc.isObject() || !doc.has("server") || !doc.get("server").isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute server. 'server' is a"
          + " required property");
    }
    RequestChecks.onlyFields(doc, Set.of("server"), "body");
    JsonNode u = doc.get("server");
    Set<String> allowed = new java.util.HashSet<>(Set.of("name", "accessIPv4", "accessIPv6",
        "OS-DCF:diskConfig"));
    if (v.atLeast(19)) {
      allowed.add("description");
    }
    if (v.atLeast(90)) {
      allowed.add("hostname");
    }
    RequestChecks.onlyFields(u, allowed, "server");
    Map<String, Object> changes = new HashMap<>();
    if (u.has("name")) {
      changes.put("name", RequestChecks.name(u.get("name"), "name"));
    }
    if (u.has("accessIPv4")) {
      String ip = u.get("accessIPv4").isNull() ? "" : RequestChecks.ipv4(u.get("accessIPv4"),
          "accessIPv4");
      changes.put("access_ipv4", ip.isEmpty() ? null : ip);
    }
    if (u.has("accessIPv6")) {
      String ip = u.get("accessIPv6").isNull() ? "" : RequestChecks.ipv6(u.get("accessIPv6"),
          "accessIPv6");
      changes.put("access_ipv6", ip.isEmpty() ? null : ip);
    }
    if (u.has("description")) {
      changes.put("description", RequestChecks.nullableString(u.get("description"),
          "description", 255));
    }
    if (u.has("hostname")) {
      changes.put("hostname", RequestChecks.hostname(u.get("hostname")));
    }
    if (u.has("OS-DCF:diskConfig")) {
      changes.put("auto_disk_config", RequestChecks.diskConfig(u.get("OS-DCF:diskConfig")));
    }
    Server after = servers.update(ctx, s.id(), changes);
    ObjectNode body = Json.object();
    body.set("server", views.updated(ctx, v, after));
    return ApiResponse.ok(body);
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:servers:delete", ctx, target(s));
    servers.delete(ctx, s.id(), req.requestId(), false);
    return ApiResponse.noContent();
  }
}
