package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.json.Json;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Nova request bodies and query strings the way Nova's schemas do: integers may come as
 * JSON numbers or digit strings, booleans as JSON booleans or the words Nova accepts, and every
 * refusal is a 400 saying {@code Invalid input for field/attribute X. Value: V. reason}.
 */
public final class NovaInput {
  /** The largest value an integer column holds (Nova's MAX_INT). */
  public static final int MAX_INT = Integer.MAX_VALUE;

  private static final Set<String> TRUE_WORDS = Set.of("true", "1", "on", "yes");
  private static final Set<String> FALSE_WORDS = Set.of("false", "0", "off", "no");
  private static final Set<String> STRICT_TRUE = Set.of("1", "t", "true", "on", "y", "yes");
  private static final Set<String> STRICT_FALSE = Set.of("0", "f", "false", "off", "n", "no");

  private NovaInput() {}

  public static ApiException invalid(String field, JsonNode value, String reason) {
    return ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
        + (value == null ? "None" : value.isTextual() ? value.asText() : Json.text(value)) + ". "
        + reason);
  }

  /** The request body as a JSON object. */
  public static ObjectNode body(ApiRequest req) {
    JsonNode doc = req.json();
    if (!doc.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute body. Value: "
          + Json.text(doc) + ". " + Json.text(doc) + " is not of type 'object'");
    }
    return (ObjectNode) doc;
  }

  /** The object under {@code key} of a body that may hold only that key. */
  public static ObjectNode root(ApiRequest req, String key) {
    ObjectNode doc = body(req);
    JsonNode inner = doc.get(key);
    if (inner == null) {
      throw invalid(key, doc, "'" + key + "' is a required property");
    }
    only(doc, "body", Set.of(key));
    if (!inner.isObject()) {
      throw invalid(key, inner, Json.text(inner) + " is not of type 'object'");
    }
    return (ObjectNode) inner;
  }

  /** Refuses members of {@code o} outside {@code allowed}. */
  public static void only(ObjectNode o, String where, Set<String> allowed) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw invalid(where, o, "Additional properties are not allowed ('" + f
            + "' was unexpected)");
      }
    }
  }

  public static void required(ObjectNode o, String where, String... fields) {
    for (String f : fields) {
      if (!o.has(f)) {
        throw invalid(where, o, "'" + f + "' is a required property");
      }
    }
  }

  /** A string member of bounded length, or empty when absent (or null, when nullable). */
  public static Optional<String> string(ObjectNode o, String field, int min, int max,
      boolean nullable) {
    JsonNode v = o.get(field);
    if (v == null || (nullable && v.isNull())) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw invalid(field, v, Json.text(v) + " is not of type 'string'");
    }
    String s = v.asText();
    if (s.length() < min) {
      throw invalid(field, v, "'" + s + "' is too short");
    }
    if (s.length() > max) {
      throw invalid(field, v, "'" + s + "' is too long");
    }
    return Optional.of(s);
  }

  /**
   * A name as Nova's {@code name} type: 1-255 printable characters without leading or trailing
   * white space.
   */
  public static String name(ObjectNode o, String field) {
    String s = string(o, field, 1, 255, false)
        .orElseThrow(() -> invalid(field, o, "'" + field + "' is a required property"));
    if (!s.equals(s.strip())) {
      throw invalid(field, o.get(field), "'" + s + "' has leading or trailing whitespace");
    }
    if (!printable(s)) {
      throw invalid(field, o.get(field), "'" + s + "' contains non-printable characters");
    }
    return s;
  }

  /**
   * True when every character is printable as Nova counts it: no control, format, private-use or
   * unassigned characters, and no line or paragraph separators (horizontal spaces are fine).
   */
  public static boolean printable(String s) {
    return s.codePoints().allMatch(NovaInput::printable);
  }

  private static boolean printable(int c) {
    int t = Character.getType(c);
    return t != Character.CONTROL && t != Character.FORMAT && t != Character.PRIVATE_USE
        && t != Character.UNASSIGNED && t != Character.SURROGATE
        && t != Character.LINE_SEPARATOR && t != Character.PARAGRAPH_SEPARATOR;
  }

  /** A description: printable characters and white space, no other control characters. */
  public static boolean validDescription(String s) {
    return s.codePoints().allMatch(c -> c == '\n' || c == '\r' || c == '\t'
        || (!Character.isISOControl(c) && Character.isDefined(c)));
  }

  /**
   * An integer given as a JSON number or a string of digits, within [min, max]; empty when absent.
   */
  public static Optional<Integer> integer(ObjectNode o, String field, int min, int max) {
    JsonNode v = o.get(field);
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(integer(v, field, min, max));
  }

  public static int integer(JsonNode v, String field, int min, int max) {
    long n;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      n = v.asLong();
    } else if (v.isTextual() && v.asText().trim().matches("[+-]?\\d{1,18}")) {
      n = Long.parseLong(v.asText().trim());
    } else if (v.isTextual() || v.isNumber()) {
      throw ApiException.badRequest("Invalid input received: " + field + " must be an integer");
    } else {
      throw invalid(field, v, Json.text(v) + " is not of type 'integer', 'string'");
    }
    if (n < min) {
      throw ApiException.badRequest("Invalid input received: " + field + " must be >= " + min);
    }
    if (n > max) {
      throw ApiException.badRequest("Invalid input received: " + field + " must be <= " + max);
    }
    return (int) n;
  }

  /** A boolean as Nova's {@code boolean} type: JSON true/false or the words Nova accepts. */
  public static Optional<Boolean> bool(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isBoolean()) {
      return Optional.of(v.asBoolean());
    }
    if (v.isTextual()) {
      String s = v.asText();
      String l = s.toLowerCase(Locale.ROOT);
      boolean knownCase = s.equals(l) || s.equals(s.toUpperCase(Locale.ROOT))
          || s.equals(Character.toUpperCase(l.charAt(0)) + l.substring(1));
      if (!l.isEmpty() && knownCase && TRUE_WORDS.contains(l)) {
        return Optional.of(true);
      }
      if (!l.isEmpty() && knownCase && FALSE_WORDS.contains(l)) {
        return Optional.of(false);
      }
    }
    throw invalid(field, v, Json.text(v) + " is not one of [True, 'True', 'TRUE', 'true', '1',"
        + " 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF',"
        + " 'Off', 'off', 'NO', 'No', 'no']");
  }

  /** A query-string boolean read strictly (oslo's bool_from_string); null when not a boolean. */
  public static Boolean strictBool(String s) {
    String l = s.trim().toLowerCase(Locale.ROOT);
    if (STRICT_TRUE.contains(l)) {
      return true;
    }
    if (STRICT_FALSE.contains(l)) {
      return false;
    }
    return null;
  }

  /** A non-negative integer query parameter, or empty when absent. */
  public static Optional<Integer> queryInt(ApiRequest req, String name, int min) {
    Optional<String> v = req.queryParam(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(v.get().trim());
      if (n < min) {
        throw ApiException.badRequest("Invalid input for query parameters " + name + ". Value: "
            + v.get() + ". " + n + " is less than the minimum of " + min);
      }
      return Optional.of(n);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid input for query parameters " + name + ". Value: "
          + v.get() + ". '" + v.get() + "' does not match '^[0-9]*$'");
    }
  }

  /** Refuses query parameters outside {@code allowed} (the strict query schemas of 2.75 on). */
  public static void onlyQuery(ApiRequest req, Set<String> allowed) {
    for (String k : req.query().keySet()) {
      if (!allowed.contains(k)) {
        throw ApiException.badRequest("Invalid input for query parameters " + k + ". Value: "
            + String.join(",", req.query().get(k)) + ". Additional properties are not allowed ('"
            + k + "' was unexpected)");
      }
    }
  }
}
