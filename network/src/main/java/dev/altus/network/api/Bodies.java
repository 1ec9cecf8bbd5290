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

  static ObjectNode wrap(String key, JsonNode doc) {
    ObjectNode o = Json.object();
    o.set(key, doc);
    return o;
  }
}
