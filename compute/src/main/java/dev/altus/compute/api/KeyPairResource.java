package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Paging;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.StoredKeyPair;
import dev.altus.compute.service.KeyPairService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@code /os-keypairs}: list, create (import or generate), show, delete a user's key pairs, with
 * the microversions that change them: 2.2 type (and 201/204), 2.10 another user's pairs for
 * admins, 2.35 paging, 2.75 unknown query parameters refused, 2.92 import only (and '@', '.' in
 * names).
 */
public final class KeyPairResource {
  private static final String RULE = "(rule:admin_api) or user_id:%(user_id)s";
  private static final int MAX_LIMIT = 1000;

  private final KeyPairService keyPairs;
  private final PolicyEngine policy;
  private final String root;

  public KeyPairResource(KeyPairService keyPairs, PolicyEngine policy, String root) {
    this.keyPairs = keyPairs;
    this.policy = policy;
    this.root = root;
    policy.addDefaults(Map.of(
        "os_compute_api:os-keypairs:index", RULE,
        "os_compute_api:os-keypairs:create", RULE,
        "os_compute_api:os-keypairs:show", RULE,
        "os_compute_api:os-keypairs:delete", RULE));
  }

  public void routes(Router r) {
    r.get("/v2.1/os-keypairs", this::list);
    r.post("/v2.1/os-keypairs", this::create);
    r.get("/v2.1/os-keypairs/{name}", this::show);
    r.delete("/v2.1/os-keypairs/{name}", this::delete);
  }

  private ApiResponse list(ApiRequest req) {
    Microversion v = Microversion.of(req);
    RequestContext ctx = req.context();
    onlyQuery(req, v, v.atLeast(35) ? Set.of("user_id", "limit", "marker") : Set.of("user_id"));
    String userId = user(req, v, ctx, "index");
    var all = keyPairs.list(userId);
    var items = Json.array();
    var body = Json.object();
    if (v.atLeast(35)) {
      Paging.Page<StoredKeyPair> page = Paging.page(all, StoredKeyPair::name, req, MAX_LIMIT);
      page.items().forEach(k -> items.addObject().set("keypair", listView(k, v)));
      body.set("keypairs", items);
      if (page.more()) {
        String last = page.items().get(page.items().size() - 1).name();
        StringBuilder href = new StringBuilder(root).append("/v2.1/os-keypairs?");
        req.queryParam("user_id").ifPresent(u -> href.append("user_id=").append(enc(u))
            .append('&'));
        href.append("limit=").append(page.items().size()).append("&marker=").append(enc(last));
        body.set("keypairs_links", Json.array().add(Json.object().put("rel", "next")
            .put("href", href.toString())));
      }
    } else {
      all.forEach(k -> items.addObject().set("keypair", listView(k, v)));
      body.set("keypairs", items);
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    Microversion v = Microversion.of(req);
    RequestContext ctx = req.context();
    onlyQuery(req, v, Set.of("user_id"));
    StoredKeyPair k = keyPairs.get(user(req, v, ctx, "show"), req.param("name"));
    ObjectNode kp = Json.object();
    kp.put("name", k.name());
    kp.put("public_key", k.publicKey());
    kp.put("fingerprint", k.fingerprint());
    kp.put("user_id", k.userId());
    if (v.atLeast(2)) {
      kp.put("type", k.type());
    }
    kp.put("id", k.id());
    kp.put("deleted", false);
    kp.put("created_at", NovaTimes.format(k.createdAt()));
    kp.putNull("updated_at");
    kp.putNull("deleted_at");
    return ApiResponse.ok(Json.object().set("keypair", kp));
  }

  private ApiResponse create(ApiRequest req) {
    Microversion v = Microversion.of(req);
    RequestContext ctx = req.context();
    JsonNode doc = req.json();
    if (!doc.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute body: the request body"
          + " must be an object.");
    }
    NovaBodies.onlyFields(doc, Set.of("keypair"), "request body");
    JsonNode kp = doc.get("keypair");
    if (kp == null || !kp.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute keypair. 'keypair' is a"
          + " required property and must be an object.");
    }
    Set<String> allowed = v.atLeast(10) ? Set.of("name", "public_key", "type", "user_id")
        : v.atLeast(2) ? Set.of("name", "public_key", "type") : Set.of("name", "public_key");
    NovaBodies.onlyFields(kp, allowed, "keypair");
    String name = NovaBodies.requiredString(kp, "name", 1, 255);
    checkName(name, v);
    String publicKey = NovaBodies.optionalString(kp, "public_key");
    if (publicKey == null && v.atLeast(92)) {
      throw ApiException.badRequest("Invalid input for field/attribute keypair. 'public_key' is"
          + " a required property");
    }
    String type = NovaBodies.optionalString(kp, "type");
    if (type == null) {
      type = KeyPairService.SSH;
    } else if (!type.equals(KeyPairService.SSH) && !type.equals(KeyPairService.X509)) {
      throw ApiException.badRequest("Invalid input for field/attribute type. Value: " + type
          + ". '" + type + "' is not one of ['ssh', 'x509']");
    }
    String userId = NovaBodies.optionalString(kp, "user_id");
    if (userId == null) {
      userId = ctx.userId();
    }
    policy.enforce("os_compute_api:os-keypairs:create", ctx, Map.of("user_id", userId));
    KeyPairService.Created c = keyPairs.create(ctx.projectId(), userId, name, type, publicKey);
    ObjectNode out = Json.object();
    out.put("name", c.keyPair().name());
    out.put("public_key", c.keyPair().publicKey());
    out.put("fingerprint", c.keyPair().fingerprint());
    out.put("user_id", c.keyPair().userId());
    if (v.atLeast(2)) {
      out.put("type", c.keyPair().type());
    }
    if (c.privateKey() != null) {
      out.put("private_key", c.privateKey());
    }
    return ApiResponse.json(v.atLeast(2) ? 201 : 200, Json.object().set("keypair", out));
  }

  private ApiResponse delete(ApiRequest req) {
    Microversion v = Microversion.of(req);
    RequestContext ctx = req.context();
    onlyQuery(req, v, Set.of("user_id"));
    keyPairs.delete(user(req, v, ctx, "delete"), req.param("name"));
    return ApiResponse.empty(v.atLeast(2) ? 204 : 202);
  }

  /** The user whose key pairs are meant (2.10: {@code ?user_id=}), after the policy check. */
  private String user(ApiRequest req, Microversion v, RequestContext ctx, String action) {
    String userId = v.atLeast(10) ? req.queryParam("user_id").orElse(ctx.userId()) : ctx.userId();
    policy.enforce("os_compute_api:os-keypairs:" + action, ctx, Map.of("user_id", userId));
    return userId;
  }

  private static void onlyQuery(ApiRequest req, Microversion v, Set<String> allowed) {
    if (v.atLeast(75)) {
      NovaBodies.onlyQuery(req, allowed);
    }
  }

  /**
   * Nova's key pair names: 1 to 255 letters, digits, spaces, '_' and '-' (2.92 adds '@' and
   * '.'), not starting or ending with a space.
   */
  static void checkName(String name, Microversion v) {
    String extra = v.atLeast(92) ? "@." : "";
    boolean ok = !name.isEmpty() && name.charAt(0) != ' ' && name.charAt(name.length() - 1) != ' ';
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == ' ' || extra.indexOf(c) >= 0;
    }
    if (!ok) {
      throw ApiException.badRequest("Invalid input for field/attribute name. Value: " + name
          + ". '" + name + "' is not a valid key pair name: use letters, digits, spaces, '_' and"
          + " '-'" + (extra.isEmpty() ? "" : ", '@' and '.'") + ", with no space at either end");
    }
  }

  private static ObjectNode listView(StoredKeyPair k, Microversion v) {
    ObjectNode o = Json.object();
    o.put("name", k.name());
    o.put("public_key", k.publicKey());
    o.put("fingerprint", k.fingerprint());
    if (v.atLeast(2)) {
      o.put("type", k.type());
    }
    return o;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
