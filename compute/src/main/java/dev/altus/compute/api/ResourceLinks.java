package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Nova's resource links: {@code self} under {@code /v2.1}, {@code bookmark} without the version,
 * and a collection's {@code next} link when a page came back full.
 */
public final class ResourceLinks {
  private final String root;

  /** @param root the service URL without version, e.g. {@code http://host:8774} */
  public ResourceLinks(String root) {
    this.root = root.replaceAll("/+$", "");
  }

  /** The self and bookmark links of {@code collection/id}. */
  public ArrayNode of(String collection, String id) {
    ArrayNode links = Json.array();
    links.addObject().put("href", root + "/v2.1/" + collection + "/" + id).put("rel", "self");
    links.addObject().put("href", root + "/" + collection + "/" + id).put("rel", "bookmark");
    return links;
  }

  /**
   * The {@code next} link of a page of {@code path} (e.g. "flavors/detail") ending at {@code
   * lastId}, keeping the request's other query parameters; empty when there is no next page.
   */
  public ArrayNode next(ApiRequest req, String path, int pageSize, int limit, String lastId) {
    ArrayNode links = Json.array();
    if (pageSize == 0 || pageSize < limit || lastId == null) {
      return links;
    }
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, List<String>> e : req.query().entrySet()) {
      if (e.getKey().equals("marker")) {
        continue;
      }
      for (String v : e.getValue()) {
        q.append(q.isEmpty() ? "" : "&").append(enc(e.getKey())).append('=').append(enc(v));
      }
    }
    q.append(q.isEmpty() ? "" : "&").append("marker=").append(enc(lastId));
    links.addObject().put("href", root + "/v2.1/" + path + "?" + q).put("rel", "next");
    return links;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
