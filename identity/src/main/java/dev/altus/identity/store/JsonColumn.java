package dev.altus.identity.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;

/** Reads and writes the JSON documents kept in text columns. */
public final class JsonColumn {
  private JsonColumn() {}

  public static ObjectNode object(String text) {
    if (text == null || text.isEmpty()) {
      return Json.object();
    }
    JsonNode n = Json.parse(text);
    return n.isObject() ? (ObjectNode) n : Json.object();
  }

  public static String text(JsonNode node) {
    return node == null ? "{}" : Json.text(node);
  }
}
