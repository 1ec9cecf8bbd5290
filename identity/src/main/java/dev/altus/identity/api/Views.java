package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.json.Json;
import java.util.List;
import java.util.function.Function;

/** Builds Keystone's response envelopes: {@code links}, collections with {@code links}. */
public final class Views {
  private Views() {}

  /** The base URL the client used, e.g. {@code http://127.0.0.1:5000}. */
  public static String base(ApiRequest req) {
    String host = req.header("Host").orElse("localhost:5000");
    String proto = req.header("X-Forwarded-Proto").orElse("http");
    return proto + "://" + host;
  }

  public static ObjectNode selfLink(ApiRequest req, String path) {
    ObjectNode links = Json.object();
    links.put("self", base(req) + path);
    return links;
  }

  /** {@code {"<key>": [...], "links": {"self": ..., "previous": null, "next": null}}}. */
  public static <T> ObjectNode collection(ApiRequest req, String key, List<T> items,
      Function<T, ObjectNode> view) {
    ObjectNode body = Json.object();
    ArrayNode arr = body.putArray(key);
    items.forEach(i -> arr.add(view.apply(i)));
    ObjectNode links = body.putObject("links");
    String q = req.query().isEmpty() ? "" : "?" + queryString(req);
    links.put("self", base(req) + req.path() + q);
    links.putNull("previous");
    links.putNull("next");
    return body;
  }

  public static ObjectNode wrap(String key, ObjectNode inner) {
    ObjectNode body = Json.object();
    body.set(key, inner);
    return body;
  }

  private static String queryString(ApiRequest req) {
    StringBuilder sb = new StringBuilder();
    req.query().forEach((k, vs) -> {
      // a key-only flag such as ?effective comes without values and goes back without '='
      for (String v : vs.isEmpty() ? List.of("") : vs) {
        if (sb.length() > 0) {
          sb.append('&');
        }
        sb.append(k);
        if (!v.isEmpty()) {
          sb.append('=').append(v);
        }
      }
    });
    return sb.toString();
  }
}
