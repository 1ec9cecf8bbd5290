package dev.altus.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.json.Json;
import dev.altus.network.service.Errors;

/** Request and response envelopes: {@code {"network": {...}}}. */
final class Bodies {
  private Bodies() {}

  static JsonNode unwrap(ApiRequest req, String key) {
    JsonNode doc = req.json();
    JsonNode in = doc.get(key);
    if (in == null || !doc.isObject()) {
      throw Errors.badRequest("Resource body required");
    }
    if (!in.isObject()) {
      throw Errors.badRequest("Body contains invalid data: '" + key + "' must be an object");
    }
    return in;
  }

  /**
   * Neutron's bulk create ({@code {"ports": [...]}}): all or nothing; what was created before a
   * failure is deleted again.
   */
  static dev.altus.common.http.ApiResponse bulk(ApiRequest req, String key, String collection,
      java.util.function.Function<JsonNode, JsonNode> create, java.util.function.Consumer<String> undo) {
    JsonNode items = req.json().get(collection);
    if (!items.isArray() || items.isEmpty()) {
      throw Errors.badRequest("Resources required");
    }
    ObjectNode body = Json.object();
    var out = body.putArray(collection);
    try {
      for (JsonNode in : items) {
        if (!in.isObject()) {
          throw Errors.badRequest("Body contains invalid data: each " + key + " must be an object");
        }
        out.add(create.apply(in));
      }
    } catch (RuntimeException e) {
      for (JsonNode done : out) {
        try {
          undo.accept(done.get("id").asText());
        } catch (RuntimeException ignored) {
          // best effort: the original failure is what the caller needs to see
        }
      }
      throw e;
    }
    return dev.altus.common.http.ApiResponse.created(body);
  }

  static ObjectNode wrap(String key, JsonNode doc) {
    ObjectNode o = Json.object();
    o.set(key, doc);
    return o;
  }
}
