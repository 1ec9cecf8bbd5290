package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which quota resources a microversion shows and accepts: 2.36 drops nova-network's (fixed and
 * floating IPs, security groups and rules), 2.57 the injected files; quota classes show server
 * groups only from 2.50 and drop nova-network's there.
 */
final class QuotaBodies {
  static final List<String> NETWORK = List.of("fixed_ips", "floating_ips", "security_groups",
      "security_group_rules");
  static final List<String> FILES = List.of("injected_files", "injected_file_content_bytes",
      "injected_file_path_bytes");
  static final List<String> GROUPS = List.of("server_groups", "server_group_members");

  private QuotaBodies() {}

  /** The resources a quota set shows at {@code v}. */
  static boolean shownInSet(String resource, Microversion v) {
    return !(v.atLeast(36) && NETWORK.contains(resource)
        || v.atLeast(57) && FILES.contains(resource));
  }

  static boolean shownInClass(String resource, Microversion v) {
    return !(v.atLeast(50) && NETWORK.contains(resource)
        || v.atLeast(57) && FILES.contains(resource)
        || !v.atLeast(50) && GROUPS.contains(resource));
  }

  /**
   * Reads limits from a quota body: integers or digit strings from -1 up; only the resources the
   * version accepts (plus {@code extra}).
   */
  static Map<String, Integer> limits(ObjectNode in, String where, Set<String> accepted,
      Set<String> extra) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
      var e = it.next();
      String key = e.getKey();
      if (extra.contains(key)) {
        continue;
      }
      if (!accepted.contains(key)) {
        throw NovaInput.invalid(where, in, "Additional properties are not allowed ('" + key
            + "' was unexpected)");
      }
      JsonNode v = e.getValue();
      long n;
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        n = v.asLong();
      } else if (v.isTextual() && v.asText().matches("^-?[0-9]{1,12}$")) {
        n = Long.parseLong(v.asText());
      } else {
        throw NovaInput.invalid(key, v, v.toString() + " is not a valid quota limit (an"
            + " integer from -1)");
      }
      if (n < -1) {
        throw NovaInput.invalid(key, v, n + " is less than the minimum of -1");
      }
      if (n > NovaInput.MAX_INT) {
        throw NovaInput.invalid(key, v, n + " is greater than the maximum of " + NovaInput.MAX_INT);
      }
      out.put(key, (int) n);
    }
    return out;
  }
}
