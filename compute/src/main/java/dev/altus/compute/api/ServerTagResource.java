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
import dev.altus.compute.service.ServerService;
import dev.altus.compute.store.ServerTagStore;
import java.util.List;
import java.util.Set;

/** {@code /v2.1/servers/{id}/tags} (2.26+): a server's tags. */
public final class ServerTagResource {
  private static final int MAX_TAGS = 50;
  private final ServerService servers;
  private final ServerTagStore tags;
  private final PolicyEngine policy;
  private final String root;

  ServerTagResource(ServerService servers, ServerTagStore tags, PolicyEngine policy,
      String root) {
    this.servers = servers;
    this.tags = tags;
    this.policy = policy;
    this.root = root;
  }

  public void routes(Router r) {
    String base = "/v2.1/servers/{server_id}/tags";
    r.get(base, this::index);
    r.put(base, this::updateAll);
    r.delete(base, this::deleteAll);
    r.get(base + "/{tag}", this::show);
    r.put(base + "/{tag}", this::update);
    r.delete(base + "/{tag}", this::delete);
  }

  private Server server(ApiRequest req, String rule) {
    Microversion v = Microversion.of(req);
    if (!v.atLeast(26)) {
      throw ApiException.notFound("The resource could not be found.");
    }
    RequestContext ctx = req.context();
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:os-server-tags:" + rule, ctx, ServerResource.target(s));
    return s;
  }

  private ApiResponse index(ApiRequest req) {
    Server s = server(req, "index");
    return ApiResponse.ok(list(tags.of(s.id())));
  }

  private ApiResponse show(ApiRequest req) {
    Server s = server(req, "show");
    if (!tags.of(s.id()).contains(req.param("tag"))) {
      throw ApiException.notFound("Tag " + req.param("tag") + " could not be found.");
    }
    return ApiResponse.noContent();
  }

  private ApiResponse updateAll(ApiRequest req) {
    Server s = server(req, "update_all");
    JsonNode doc = req.json();
    if (!doc.isObject() || !doc.has("tags")) {
      throw ApiException.badRequest("Invalid input for field/attribute tags. 'tags' is a"
          + " required property");
    }
    RequestChecks.onlyFields(doc, Set.of("tags"), "body");
    List<String> all = RequestChecks.tags(doc.get("tags"), "tags");
    tags.replace(s.id(), all);
    return ApiResponse.ok(list(tags.of(s.id())));
  }

  private ApiResponse update(ApiRequest req) {
    Server s = server(req, "update");
    String tag = RequestChecks.tag(req.param("tag"));
    List<String> have = tags.of(s.id());
    if (have.contains(tag)) {
      return ApiResponse.noContent();
    }
    if (have.size() >= MAX_TAGS) {
      throw ApiException.badRequest("The number of tags exceeded the per-server limit "
          + MAX_TAGS);
    }
    tags.add(s.id(), tag);
    return ApiResponse.empty(201).header("Location", root + "/v2.1/servers/" + s.id()
        + "/tags/" + tag);
  }

  private ApiResponse delete(ApiRequest req) {
    Server s = server(req, "delete");
    if (!tags.remove(s.id(), req.param("tag"))) {
      throw ApiException.notFound("Tag " + req.param("tag") + " could not be found.");
    }
    return ApiResponse.noContent();
  }

  private ApiResponse deleteAll(ApiRequest req) {
    Server s = server(req, "delete_all");
    tags.replace(s.id(), List.of());
    return ApiResponse.noContent();
  }

  private static ObjectNode list(List<String> t) {
    ObjectNode body = Json.object();
    ArrayNode a = body.putArray("tags");
    t.forEach(a::add);
    return body;
  }
}
