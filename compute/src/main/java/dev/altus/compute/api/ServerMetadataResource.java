package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.service.QuotaCheck;
import dev.altus.compute.service.ServerService;
import dev.altus.compute.store.ServerMetadataStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /v2.1/servers/{id}/metadata}: a server's metadata, whole or by key. */
public final class ServerMetadataResource {
  private static final Set<String> BUSY = Set.of(ServerStates.DELETING);
  private final ServerService servers;
  private final ServerMetadataStore metadata;
  private final QuotaCheck quota;
  private final PolicyEngine policy;

  ServerMetadataResource(ServerService servers, ServerMetadataStore metadata, QuotaCheck quota,
      PolicyEngine policy) {
    this.servers = servers;
    this.metadata = metadata;
    this.quota = quota;
    this.policy = policy;
  }

  public void routes(Router r) {
    String base = "/v2.1/servers/{server_id}/metadata";
    r.get(base, this::index);
    r.post(base, this::create);
    r.put(base, this::updateAll);
    r.get(base + "/{key}", this::show);
    r.put(base + "/{key}", this::update);
    r.delete(base + "/{key}", this::delete);
  }

  private Server server(ApiRequest req, String rule) {
    RequestContext ctx = req.context();
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:server-metadata:" + rule, ctx, ServerResource.target(s));
    return s;
  }

  private Server writable(ApiRequest req, String rule) {
    Server s = server(req, rule);
    ServerService.checkLock(req.context(), s);
    if (s.taskState() != null && BUSY.contains(s.taskState())) {
      throw new ApiException(409, "InstanceInvalidState", "Cannot 'update metadata' instance "
          + s.id() + " while it is in task_state " + s.taskState());
    }
    return s;
  }

  private ApiResponse index(ApiRequest req) {
    Server s = server(req, "index");
    return ApiResponse.ok(wrap("metadata", metadata.of(s.id())));
  }

  private ApiResponse show(ApiRequest req) {
    Server s = server(req, "show");
    String key = req.param("key");
    String v = metadata.of(s.id()).get(key);
    if (v == null) {
      throw ApiException.notFound("Metadata item was not found");
    }
    return ApiResponse.ok(wrap("meta", Map.of(key, v)));
  }

  private ApiResponse create(ApiRequest req) {
    Server s = writable(req, "create");
    Map<String, String> add = body(req.json(), "metadata");
    Map<String, String> all = new LinkedHashMap<>(metadata.of(s.id()));
    all.putAll(add);
    quota.metadata(s.projectId(), s.userId(), all.size());
    metadata.merge(s.id(), add);
    return ApiResponse.ok(wrap("metadata", metadata.of(s.id())));
  }

  private ApiResponse updateAll(ApiRequest req) {
    Server s = writable(req, "update_all");
    Map<String, String> all = body(req.json(), "metadata");
    quota.metadata(s.projectId(), s.userId(), all.size());
    metadata.replace(s.id(), all);
    return ApiResponse.ok(wrap("metadata", metadata.of(s.id())));
  }

  private ApiResponse update(ApiRequest req) {
    Server s = writable(req, "update");
    String key = req.param("key");
    Map<String, String> one = body(req.json(), "meta");
    if (one.size() != 1) {
      throw ApiException.badRequest("Request body contains too many items");
    }
    if (!one.containsKey(key)) {
      throw ApiException.badRequest("Request body and URI mismatch");
    }
    Map<String, String> all = new LinkedHashMap<>(metadata.of(s.id()));
    all.putAll(one);
    quota.metadata(s.projectId(), s.userId(), all.size());
    metadata.merge(s.id(), one);
    return ApiResponse.ok(wrap("meta", one));
  }

  private ApiResponse delete(ApiRequest req) {
    Server s = writable(req, "delete");
    if (!metadata.remove(s.id(), req.param("key"))) {
      throw ApiException.notFound("Metadata item was not found");
    }
    return ApiResponse.noContent();
  }

  private static Map<String, String> body(JsonNode doc, String key) {
    if (doc == null || !doc.isObject() || !doc.has(key)) {
      throw ApiException.badRequest("Invalid input for field/attribute " + key + ". '" + key
          + "' is a required property");
    }
    RequestChecks.onlyFields(doc, Set.of(key), "body");
    return RequestChecks.metadata(doc.get(key), key);
  }

  private static ObjectNode wrap(String key, Map<String, String> m) {
    ObjectNode body = Json.object();
    ObjectNode inner = body.putObject(key);
    m.forEach(inner::put);
    return body;
  }
}
