package dev.altus.image.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;

/**
 * Version discovery: {@code GET /} and {@code /versions} answer 300 Multiple Choices with the v2
 * minor versions (v2.16 current).
 */
public final class VersionResource {
  private static final String[] SUPPORTED = {"2.15", "2.14", "2.13", "2.12", "2.11", "2.10",
      "2.9", "2.8", "2.7", "2.6", "2.5", "2.4", "2.3", "2.2", "2.1", "2.0"};
  private final String publicUrl;

  public VersionResource(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  public void routes(Router r) {
    r.markPublic("GET", "/").get("/", this::versions);
    r.markPublic("GET", "/versions").get("/versions", req -> ApiResponse.ok(document()));
  }

  private ApiResponse versions(ApiRequest req) {
    return ApiResponse.json(300, document());
  }

  private ObjectNode document() {
    ObjectNode body = Json.object();
    var arr = body.putArray("versions");
    arr.add(version("2.16", "CURRENT"));
    for (String v : SUPPORTED) {
      arr.add(version(v, "SUPPORTED"));
    }
    return body;
  }

  private ObjectNode version(String v, String status) {
    ObjectNode o = Json.object();
    o.put("id", "v" + v);
    o.put("status", status);
    var link = o.putArray("links").addObject();
    link.put("rel", "self");
    link.put("href", publicUrl + "/v2/");
    return o;
  }
}
