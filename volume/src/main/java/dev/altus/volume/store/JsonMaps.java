package dev.altus.volume.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** String maps (metadata, extra specs) kept as JSON text columns. */
final class JsonMaps {
  private JsonMaps() {}

  static String write(Map<String, String> m) {
    var o = Json.object();
    new java.util.TreeMap<>(m).forEach(o::put);
    return Json.text(o);
  }

  static Map<String, String> read(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    JsonNode n = Json.parse(text);
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
