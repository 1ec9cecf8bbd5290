package dev.altus.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.error.ApiException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import java.util.regex.Pattern;

/** Request checks shared by the catalog, policy, consumer and domain-config resources. */
final class CatalogRequests {
  /** The default rule of catalog reads: an admin, or a reader with a system-scoped token. */
  static final String ADMIN_OR_SYSTEM_READER = "rule:admin_required or rule:system_reader";
  private static final int MAX_EXTRA = 65535;
  private static final Pattern NON_BLANK = Pattern.compile(".*\\S.*", Pattern.DOTALL);

  private CatalogRequests() {}

  /** An update body must change something. */
  static void requireSomething(Body b, String key) {
    if (b.node().isEmpty()) {
      throw ApiException.badRequest("Invalid input for field '" + key + "': {} does not have enough properties.");
    }
  }

  /** An id in an update body must be the one in the URL. */
  static void requireMatchingId(Body b, String id) {
    JsonNode v = b.raw("id");
    if (v != null && !(v.isTextual() && v.asText().equals(id))) {
      throw ApiException.badRequest("Cannot change the id: the body's id (" + v
          + ") is not the id in the URL (" + id + ").");
    }
  }

  /** A Keystone name: 1 to 255 characters, not only blanks. */
  static String name(Body b, String field, boolean required) {
    String n = required ? b.requiredString(field, 1, 255) : b.optionalString(field, 1, 255).orElse(null);
    if (n != null && !NON_BLANK.matcher(n).matches()) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': the name must not be blank.");
    }
    return n;
  }

  /** Free-form attributes are kept in a 64 KiB column; larger ones are the client's error. */
  static ObjectNode bounded(ObjectNode extra, String key) {
    if (Json.text(extra).length() > MAX_EXTRA) {
      throw ApiException.badRequest("Invalid input for '" + key + "': its attributes take more than "
          + MAX_EXTRA + " characters.");
    }
    return extra;
  }
}
