package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;

/**
 * Version discovery: {@code GET /} lists the compute API versions (v2.0 as the legacy alias, v2.1
 * with the microversion range), {@code GET /v2.1} describes the current one. No token needed.
 */
public final class VersionResource {
  private static final String UPDATED = "2013-07-23T11:33:21Z";
  private final String root;

  /** @param root the service's URL without a version, e.g. {@code http://host:8774} */
  public VersionResource(String root) {
    this.root = root.replaceAll("/+$", "");
  }

  public void routes(Router r) {
    r.markPublic("GET", "/").get("/", req -> ApiResponse.ok(versions()));
    r.markPublic("GET", "/v2.1").get("/v2.1", req -> ApiResponse.ok(one("v2.1")));
    r.markPublic("GET", "/v2").get("/v2", req -> ApiResponse.ok(one("v2.0")));
  }

  private ObjectNode versions() {
    var list = Json.array();
    list.add(version("v2.0", false));
    list.add(version("v2.1", false));
    var body = Json.object();
    body.set("versions", list);
    return body;
  }

  private ObjectNode one(String id) {
    var body = Json.object();
    body.set("version", version(id, true));
    return body;
  }

  private ObjectNode version(String id, boolean detail) {
    boolean current = id.equals("v2.1");
    var v = Json.object();
    v.put("id", id);
    v.put("status", current ? "CURRENT" : "SUPPORTED");
    v.put("version", current ? Microversion.MAX.toString() : "");
    v.put("min_version", current ? Microversion.MIN.toString() : "");
    v.put("updated", current ? UPDATED : "2011-01-21T11:33:21Z");
    var links = Json.array();
    links.addObject().put("rel", "self").put("href", root + "/" + (current ? "v2.1" : "v2") + "/");
    if (detail) {
      links.addObject().put("rel", "describedby").put("type", "text/html")
          .put("href", "https://docs.openstack.org/");
      var media = Json.array();
      media.addObject().put("base", "application/json")
          .put("type", "application/vnd.openstack.compute+json;version=2.1");
      v.set("media-types", media);
    }
    v.set("links", links);
    return v;
  }
}
