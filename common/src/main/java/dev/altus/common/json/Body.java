package dev.altus.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A typed, validating view of a JSON request object. Every accessor names the field in its error
 * message, so a client learns exactly what was wrong.
 */
public final class Body {
  private final ObjectNode node;
  private final String path;

  private Body(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The object under {@code key} of a request body, e.g. {@code {"user": {...}}}. */
  public static Body root(JsonNode doc, String key) {
    if (doc == null || !doc.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    JsonNode inner = doc.get(key);
    if (inner == null || inner.isNull()) {
      throw ApiException.badRequest("'" + key + "' is a required property");
    }
    if (!inner.isObject()) {
      throw ApiException.badRequest("'" + key + "' must be an object");
    }
    return new Body((ObjectNode) inner, key);
  }

  public static Body of(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("'" + path + "' must be an object");
    }
    return new Body((ObjectNode) node, path);
  }

  public ObjectNode node() {
    return node;
  }

  public boolean has(String field) {
    return node.has(field);
  }

  public boolean isNull(String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNull();
  }

  /** Rejects fields outside {@code allowed}. */
  public Body onlyFields(Set<String> allowed) {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiException.badRequest(
            "Additional properties are not allowed ('" + f + "' was unexpected) in '" + path + "'");
      }
    }
    return this;
  }

  public String requiredString(String field, int min, int max) {
    return optionalString(field, min, max)
        .orElseThrow(() -> ApiException.badRequest("'" + field + "' is a required property"));
  }

  public Optional<String> optionalString(String field, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': expected a string.");
    }
    String s = v.asText();
    if (s.length() < min) {
      throw ApiException.badRequest(
          "Invalid input for field '" + field + "': '" + s + "' is too short (minimum " + min + ").");
    }
    if (s.length() > max) {
      throw ApiException.badRequest(
          "Invalid input for field '" + field + "': value is too long (maximum " + max + ").");
    }
    return Optional.of(s);
  }

  /** A string that may also be JSON null (returned as an empty Optional with {@code present}). */
  public Optional<String> nullableString(String field, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    return optionalString(field, 0, max);
  }

  public Optional<Boolean> optionalBoolean(String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': expected a boolean.");
    }
    return Optional.of(v.asBoolean());
  }

  public Optional<Long> optionalLong(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isIntegralNumber()) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': expected an integer.");
    }
    return Optional.of(v.asLong());
  }

  public Optional<List<String>> optionalStringList(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': expected a list.");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw ApiException.badRequest(
            "Invalid input for field '" + field + "': every item must be a string.");
      }
      out.add(e.asText());
    }
    return Optional.of(out);
  }

  public Optional<Body> optionalObject(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    return Optional.of(Body.of(v, field));
  }

  public JsonNode raw(String field) {
    return node.get(field);
  }

  /** Fields not in {@code known}: the free-form "extra" attributes Keystone keeps. */
  public ObjectNode extras(Set<String> known) {
    ObjectNode out = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!known.contains(e.getKey())) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }
}
