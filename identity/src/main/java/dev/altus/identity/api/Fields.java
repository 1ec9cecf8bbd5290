package dev.altus.identity.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.json.Body;
import java.util.Optional;
import java.util.regex.Pattern;

/** Request field rules shared by the user, group and credential APIs (Keystone's schemas). */
final class Fields {
  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9-]{1,64}");

  private Fields() {}

  /** A name: a string of 1 to {@code max} characters that is not only white space. */
  static Optional<String> name(Body b, String field, int max) {
    Optional<String> v = b.optionalString(field, 1, max);
    if (v.isPresent() && v.get().isBlank()) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': the name must not be blank.");
    }
    return v;
  }

  /** An id: 1 to 64 letters, digits or dashes; empty when absent or null. */
  static Optional<String> id(Body b, String field) {
    Optional<String> v = b.nullableString(field, 64);
    if (v.isPresent() && !ID.matcher(v.get()).matches()) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': '" + v.get()
          + "' is not a valid id.");
    }
    return v;
  }

  /** Rejects a request that sets nothing (Keystone's minProperties: 1). */
  static void notEmpty(Body b, String what) {
    if (b.node().isEmpty()) {
      throw ApiException.badRequest("Invalid input for '" + what + "': the update must set at least one attribute.");
    }
  }
}
