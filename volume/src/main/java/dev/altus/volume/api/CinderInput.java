package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Request values as Cinder reads them: metadata maps, sizes, booleans, list sorting. */
final class CinderInput {
  private CinderInput() {}

  /** A metadata object: string keys of 1 to 255 characters, string values of up to 255. */
  static Map<String, String> metadata(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field
          + ". Value: " + n + ". " + n + " is not of type 'object'");
    }
    Map<String, String> out = new LinkedHashMap<>();
    var it = n.fields();
    while (it.hasNext()) {
      var e = it.next();
      String k = e.getKey();
      if (k.isEmpty() || k.length() > 255) {
        throw ApiException.badRequest("Invalid input for field/attribute " + field
            + ": metadata keys must be 1 to 255 characters long.");
      }
      if (!e.getValue().isTextual()) {
        throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value of"
            + " '" + k + "' must be a string.");
      }
      if (e.getValue().asText().length() > 255) {
        throw ApiException.badRequest("Invalid input for field/attribute " + field + ": the"
            + " value of '" + k + "' is longer than 255 characters.");
      }
      out.put(k, e.getValue().asText());
    }
    return out;
  }

  /** A size in GiB given as an integer or a string of digits. */
  static Long size(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isTextual() && n.asText().trim().matches("-?\\d{1,12}")) {
      return Long.parseLong(n.asText().trim());
    }
    throw ApiException.badRequest("Invalid input received: " + field + " '" + n.asText()
        + "' must be an integer and greater than 0.");
  }

  /** A boolean given as JSON boolean or as Cinder's accepted strings. */
  static boolean bool(JsonNode n, String field) {
    if (n != null && n.isBoolean()) {
      return n.asBoolean();
    }
    if (n != null && n.isTextual()) {
      switch (n.asText().trim().toLowerCase()) {
        case "true", "t", "1", "yes", "y", "on" -> {
          return true;
        }
        case "false", "f", "0", "no", "n", "off" -> {
          return false;
        }
        default -> { }
      }
    }
    throw ApiException.badRequest("Invalid value for '" + field + "': " + n
        + "; expected a boolean.");
  }

  /** A string of at most {@code max} characters, null when absent or null. */
  static String text(JsonNode n, String field, int max) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + n + ". " + n + " is not of type 'string'");
    }
    if (n.asText().length() > max) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field
          + ": longer than " + max + " characters.");
    }
    return n.asText();
  }

  /**
   * Items after {@code offset} (Cinder's {@code offset} parameter, applied before the marker and
   * limit); a negative or malformed offset is a 400.
   */
  static <T> List<T> offset(List<T> items, java.util.Optional<String> offset) {
    if (offset.isEmpty()) {
      return items;
    }
    int n;
    try {
      n = Integer.parseInt(offset.get().trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid input received: offset '" + offset.get()
          + "' must be an integer.");
    }
    if (n < 0) {
      throw ApiException.badRequest("Invalid input received: offset must be 0 or more.");
    }
    return items.subList(Math.min(n, items.size()), items.size());
  }

  /**
   * Whether a list answer links to a next page: when more items follow, and, as Cinder does,
   * whenever a page is as full as the {@code limit} asked for.
   */
  static boolean nextLink(boolean more, int items, dev.altus.common.http.ApiRequest req) {
    if (items == 0) {
      return false;
    }
    return more || req.queryParam("limit").map(l -> l.trim().equals(Integer.toString(items)))
        .orElse(false);
  }

  /** The metadata filter of a list: {@code {'k': 'v'}} as the clients send it. */
  static Map<String, String> metadataFilter(String q) {
    try {
      JsonNode n = Json.parse(q.replace('\'', '"'));
      Map<String, String> m = metadata(n, "metadata");
      return m == null ? Map.of() : m;
    } catch (ApiException e) {
      throw ApiException.badRequest("Invalid metadata filter '" + q + "': " + e.getMessage());
    }
  }

  /**
   * Sorts by the request's {@code sort} ({@code key[:dir],...}) or {@code sort_key} and {@code
   * sort_dir}; unknown keys and directions are a 400.
   */
  static <T> List<T> sort(List<T> items, String sort, String sortKey, String sortDir,
      Map<String, Function<T, Comparable<?>>> keys) {
    if (sort == null && sortKey == null && sortDir == null) {
      return items;
    }
    if (sort != null && (sortKey != null || sortDir != null)) {
      throw ApiException.badRequest("The 'sort_key' and 'sort_dir' parameters are deprecated"
          + " and cannot be used with the 'sort' parameter.");
    }
    String spec = sort != null ? sort
        : (sortKey == null ? "created_at" : sortKey) + ":" + (sortDir == null ? "desc" : sortDir);
    Comparator<T> c = null;
    for (String part : spec.split(",")) {
      String[] kd = part.trim().split(":");
      String key = kd[0].trim().replace("display_name", "name")
          .replace("display_description", "description");
      String dir = kd.length > 1 ? kd[1].trim().toLowerCase() : "desc";
      var f = keys.get(key);
      if (f == null) {
        throw ApiException.badRequest("Invalid input received: Invalid sort key " + key + ".");
      }
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw ApiException.badRequest("Invalid input received: Unknown sort direction, must be"
            + " 'desc' or 'asc'.");
      }
      @SuppressWarnings({"unchecked", "rawtypes"})
      Comparator<T> one = Comparator.comparing(t -> (Comparable) f.apply(t),
          Comparator.nullsFirst(Comparator.naturalOrder()));
      one = dir.equals("desc") ? one.reversed() : one;
      c = c == null ? one : c.thenComparing(one);
    }
    return items.stream().sorted(c).toList();
  }
}
