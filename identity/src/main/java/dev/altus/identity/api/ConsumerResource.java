package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.service.Ids;
import dev.altus.identity.store.ConsumerStore;
import dev.altus.identity.store.ConsumerStore.Consumer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v3/OS-OAUTH1/consumers}: OAuth 1.0a consumers. The secret is generated here and shown
 * only in the answer to the create call.
 */
public final class ConsumerResource implements IdentityResource {
  private static final String PREFIX = "/v3/OS-OAUTH1/consumers";
  private static final Set<String> KNOWN = Set.of("id", "description", "secret", "links");
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ConsumerStore store;
  private final PolicyEngine policy;

  public ConsumerResource(ConsumerStore store, PolicyEngine policy) {
    this.store = store;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_consumer", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:list_consumers", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:create_consumer", "rule:admin_required",
        "identity:update_consumer", "rule:admin_required",
        "identity:delete_consumer", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    r.post(PREFIX, this::create);
    r.get(PREFIX, this::list);
    r.get(PREFIX + "/{id}", this::show);
    r.patch(PREFIX + "/{id}", this::update);
    r.delete(PREFIX + "/{id}", this::delete);
  }

  private Consumer find(String id) {
    return store.find(id).orElseThrow(() -> ApiException.notFound("Could not find consumer: " + id + "."));
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_consumer", req.context());
    Body b = Body.root(req.json(), "consumer");
    String description = b.nullableString("description", 65535).orElse(null);
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    Consumer c = new Consumer(Ids.newId(), description, HexFormat.of().formatHex(secret),
        CatalogRequests.bounded(b.extras(KNOWN), "consumer"));
    store.insert(c);
    ObjectNode v = view(req, find(c.id()));
    v.put("secret", c.secret());
    return ApiResponse.created(Views.wrap("consumer", v));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("identity:list_consumers", req.context());
    return ApiResponse.ok(Views.collection(req, "consumers", store.list(), c -> view(req, c)));
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("identity:get_consumer", req.context());
    return ApiResponse.ok(Views.wrap("consumer", view(req, find(req.param("id")))));
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("identity:update_consumer", req.context());
    Consumer before = find(req.param("id"));
    Body b = Body.root(req.json(), "consumer");
    CatalogRequests.requireSomething(b, "consumer");
    CatalogRequests.requireMatchingId(b, before.id());
    if (b.has("secret")) {
      throw ApiException.badRequest("Cannot change consumer secret.");
    }
    String description = b.has("description") ? b.nullableString("description", 65535).orElse(null)
        : before.description();
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    CatalogRequests.bounded(extra, "consumer");
    store.update(new Consumer(before.id(), description, before.secret(), extra));
    return ApiResponse.ok(Views.wrap("consumer", view(req, find(before.id()))));
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("identity:delete_consumer", req.context());
    find(req.param("id"));
    store.delete(req.param("id"));
    return ApiResponse.noContent();
  }

  /** The consumer without its secret. */
  static ObjectNode view(ApiRequest req, Consumer c) {
    ObjectNode o = Json.object();
    o.setAll(c.extra());
    o.put("id", c.id());
    o.put("description", c.description());
    o.set("links", Views.selfLink(req, PREFIX + "/" + c.id()));
    return o;
  }
}
