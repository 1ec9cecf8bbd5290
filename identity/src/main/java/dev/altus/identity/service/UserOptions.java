package dev.altus.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The per-user options Keystone knows. Each is a boolean except {@code multi_factor_auth_rules}, a
 * list of non-empty lists of distinct method names; setting an option to null removes it.
 */
public final class UserOptions {
  public static final String LOCK_PASSWORD = "lock_password";
  public static final String IGNORE_PASSWORD_EXPIRY = "ignore_password_expiry";
  public static final String MFA_RULES = "multi_factor_auth_rules";
  private static final Set<String> BOOLEANS = Set.of(
      "ignore_change_password_upon_first_use", IGNORE_PASSWORD_EXPIRY,
      "ignore_lockout_failure_attempts", LOCK_PASSWORD, "ignore_user_inactivity",
      "multi_factor_auth_enabled");

  private UserOptions() {}

  /** {@code current} with {@code requested} applied; a 400 naming the first invalid option. */
  public static ObjectNode apply(ObjectNode current, JsonNode requested) {
    ObjectNode out = current.deepCopy();
    if (requested == null || requested.isNull()) {
      return out;
    }
    if (!requested.isObject()) {
      throw ApiException.badRequest("Invalid input for field 'options': expected an object.");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = requested.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode v = e.getValue();
      if (!BOOLEANS.contains(name) && !MFA_RULES.equals(name)) {
        throw ApiException.badRequest("Invalid input for field 'options': '" + name
            + "' is not a user option.");
      }
      if (v.isNull()) {
        out.remove(name);
      } else if (MFA_RULES.equals(name)) {
        validateRules(v);
        out.set(name, v);
      } else if (v.isBoolean()) {
        out.set(name, v);
      } else {
        throw ApiException.badRequest("Invalid input for field 'options': '" + name
            + "' must be a boolean or null.");
      }
    }
    return out;
  }

  public static boolean isSet(ObjectNode options, String name) {
    JsonNode v = options.get(name);
    return v != null && v.isBoolean() && v.asBoolean();
  }

  private static void validateRules(JsonNode rules) {
    String msg = "Invalid input for field 'options': 'multi_factor_auth_rules' must be a list of"
        + " non-empty, distinct lists of distinct strings.";
    if (!rules.isArray()) {
      throw ApiException.badRequest(msg);
    }
    Set<JsonNode> seen = new HashSet<>();
    for (JsonNode rule : rules) {
      if (!rule.isArray() || rule.isEmpty() || !seen.add(rule)) {
        throw ApiException.badRequest(msg);
      }
      Set<String> methods = new HashSet<>();
      for (JsonNode m : rule) {
        if (!m.isTextual() || !methods.add(m.asText())) {
          throw ApiException.badRequest(msg);
        }
      }
    }
  }
}
