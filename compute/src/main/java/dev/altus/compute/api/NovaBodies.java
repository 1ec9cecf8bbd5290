package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of request bodies and query strings with Nova's words ("Invalid input for
 * field/attribute ..."), for what Nova's JSON schemas check: no unknown fields, types, lengths.
 */
public final class NovaBodies {
  private NovaBodies() {}

  /** Refuses fields of {@code node} outside {@code allowed}. */
  public static void onlyFields(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiException.badRequest("Invalid input for field/attribute " + where + "."
            + " Additional properties are not allowed ('" + f + "' was unexpected)");
      }
    }
  }

  /** Refuses query parameters outside {@code allowed} (Nova from 2.75 on). */
  public static void onlyQuery(ApiRequest req, Set<String> allowed) {
    Set<String> unexpected = new TreeSet<>(req.query().keySet());
    unexpected.removeAll(allowed);
    if (!unexpected.isEmpty()) {
      throw ApiException.badRequest("Invalid input for query parameters "
          + String.join(", ", unexpected) + ". Additional properties are not allowed ('"
          + String.join("', '", unexpected) + "' " + (unexpected.size() == 1 ? "was" : "were")
          + " unexpected)");
    }
  }

  /** A required string field of {@code min} to {@code max} characters. */
  public static String requiredString(JsonNode node, String field, int min, int max) {
    String s = optionalString(node, field);
    if (s == null) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". '" + field
          + "' is a required property");
    }
    if (s.length() < min) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + s + ". '" + s + "' is too short");
    }
    if (s.length() > max) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + s + ". '" + s + "' is too long");
    }
    return s;
  }

  /** A string field, or null when absent; any other JSON type (null too) is a 400. */
  public static String optionalString(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + v + ". " + v + " is not of type 'string'");
    }
    return v.asText();
  }
}
