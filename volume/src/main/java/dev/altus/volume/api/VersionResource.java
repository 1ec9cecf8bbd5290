package dev.altus.volume.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;

/**
 * Version discovery: {@code GET /} lists v3 (300 Multiple Choices, as Cinder), {@code GET /v3/}
 * describes it with its microversion range.
 */
public final class VersionResource {
  private static final String UPDATED = "2022-08-31T00:00:00Z";
  private final String publicUrl;

  public VersionResource(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  public void routes(Router r) {
    // version documents need no token, as in every OpenStack service
    r.markPublic("GET", "/").get("/", this::versions);
    r.markPublic("GET", "/v3").get("/v3", this::v3);
  }

  private ApiResponse versions(ApiRequest req) {
    ObjectNode body = Json.object();
    body.putArray("versions").add(version());
    return ApiResponse.json(300, body);
  }

  private ApiResponse v3(ApiRequest req) {
    ObjectNode body = Json.object();
    body.putArray("versions").add(version());
    return ApiResponse.ok(body);
  }

  private ObjectNode version() {
    ObjectNode o = Json.object();
    o.put("id", "v3.0");
    o.put("status", "CURRENT");
    o.put("version", VolumeMicroversion.MAX.toString());
    o.put("min_version", VolumeMicroversion.MIN.toString());
    o.put("updated", UPDATED);
    var links = o.putArray("links");
    links.addObject().put("rel", "describedby").put("type", "text/html")
        .put("href", "https://docs.openstack.org/");
    links.addObject().put("rel", "self").put("href", publicUrl + "/v3/");
    o.putArray("media-types").addObject().put("base", "application/json")
        .put("type", "application/vnd.openstack.volume+json;version=3");
    return o;
  }
}
