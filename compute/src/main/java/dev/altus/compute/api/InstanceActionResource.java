package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Paging;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Server;
import dev.altus.compute.service.ServerService;
import dev.altus.compute.store.InstanceActionStore;
import dev.altus.compute.store.ServerStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code /v2.1/servers/{id}/os-instance-actions}: what was done to a server and the steps each
 * took. From 2.21 the actions of a deleted server stay readable.
 */
public final class InstanceActionResource {
  private final ServerStore servers;
  private final InstanceActionStore actions;
  private final PolicyEngine policy;

  InstanceActionResource(ServerStore servers, InstanceActionStore actions,
      PolicyEngine policy) {
    this.servers = servers;
    this.actions = actions;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/servers/{server_id}/os-instance-actions", this::list);
    r.get("/v2.1/servers/{server_id}/os-instance-actions/{request_id}", this::show);
  }

  private Server server(ApiRequest req, Microversion v, String rule) {
    RequestContext ctx = req.context();
    String id = req.param("server_id");
    Server s = (v.atLeast(21) ? servers.findAny(id) : servers.find(id))
        .filter(x -> ServerService.visible(ctx, x))
        .orElseThrow(() -> ServerService.notFound(id));
    policy.enforce("os_compute_api:os-instance-actions:" + rule, ctx, ServerResource.target(s));
    return s;
  }

  private ApiResponse list(ApiRequest req) {
    Microversion v = Microversion.of(req);
    Server s = server(req, v, "list");
    List<InstanceActionStore.Action> all = actions.of(s.id());
    if (v.atLeast(58)) {
      var since = req.queryParam("changes-since").map(t -> Times.parse("changes-since", t));
      var before = req.queryParam("changes-before").map(t -> Times.parse("changes-before", t));
      all = all.stream().filter(a -> since.isEmpty() || a.updatedAt() >= since.get())
          .filter(a -> before.isEmpty() || a.updatedAt() <= before.get()).toList();
      // no page size of its own: without a limit the page is everything after the marker
      all = Paging.page(all, x -> x.requestId(), req, Integer.MAX_VALUE).items();
    }
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("instanceActions");
    for (var a : all) {
      list.add(action(a, v));
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    Microversion v = Microversion.of(req);
    RequestContext ctx = req.context();
    Server s = server(req, v, "show");
    String rid = req.param("request_id");
    var a = actions.byRequest(s.id(), rid).orElseThrow(() -> ApiException.notFound(
        "Action " + rid + " not found"));
    ObjectNode o = action(a, v);
    boolean events = policy.allowed("os_compute_api:os-instance-actions:events", ctx,
        ServerResource.target(s));
    boolean details = policy.allowed("os_compute_api:os-instance-actions:events:details", ctx,
        ServerResource.target(s));
    if (events) {
      ArrayNode ev = o.putArray("events");
      for (var e : actions.events(a.id())) {
        ObjectNode n = ev.addObject();
        n.put("event", e.event());
        n.put("start_time", Times.micros(e.startTime()));
        n.put("finish_time", Times.micros(e.finishTime()));
        n.put("result", e.result());
        if (details) {
          n.put("traceback", e.traceback());
        }
        if (v.atLeast(62)) {
          n.put("hostId", e.host() == null ? "" : hostId(s.projectId(), e.host()));
          if (details) {
            n.put("host", e.host() == null ? "" : e.host());
          }
        }
      }
    }
    ObjectNode body = Json.object();
    body.set("instanceAction", o);
    return ApiResponse.ok(body);
  }

  private static ObjectNode action(InstanceActionStore.Action a, Microversion v) {
    ObjectNode o = Json.object();
    o.put("action", a.action());
    o.put("instance_uuid", a.serverId());
    o.put("request_id", a.requestId());
    o.put("user_id", a.userId());
    o.put("project_id", a.projectId());
    o.put("start_time", Times.micros(a.startTime()));
    o.put("message", a.message());
    if (v.atLeast(58)) {
      o.put("updated_at", Times.micros(a.updatedAt()));
    }
    return o;
  }

  private static String hostId(String project, String host) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-224")
          .digest((project + host).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
