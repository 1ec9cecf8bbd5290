package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import java.util.Map;

/** Version discovery at {@code /} (300 Multiple Choices) and {@code /v3}. */
public final class VersionResource implements IdentityResource {
  static final String VERSION = "v3.14";
  static final String UPDATED = "2020-04-07T00:00:00Z";

  @Override
  public void routes(Router r) {
    r.markPublic("GET", "/").get("/", req -> {
      ObjectNode body = Json.object();
      ArrayNode values = body.putObject("versions").putArray("values");
      values.add(version(req));
      return ApiResponse.json(300, body);
    });
    r.markPublic("GET", "/v3").get("/v3", req -> {
      ObjectNode body = Json.object();
      body.set("version", version(req));
      return ApiResponse.ok(body);
    });
  }

  private static ObjectNode version(ApiRequest req) {
    ObjectNode v = Json.object();
    v.put("id", VERSION);
    v.put("status", "stable");
    v.put("updated", UPDATED);
    ArrayNode links = v.putArray("links");
    links.addObject().put("rel", "self").put("href", Views.base(req) + "/v3/");
    ArrayNode media = v.putArray("media-types");
    media.addObject().put("base", "application/json")
        .put("type", "application/vnd.openstack.identity-v3+json");
    return v;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of();
  }
}
