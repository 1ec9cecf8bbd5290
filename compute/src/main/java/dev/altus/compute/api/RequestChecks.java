package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.error.ApiException;
import java.net.InetAddress;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Nova's syntax checks of request fields, shared by create, update, rebuild and actions. */
final class RequestChecks {
  private static final Pattern UUID = Pattern.compile(
      "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
  private static final Pattern HOSTNAME = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,61}"
      + "[a-zA-Z0-9])?$");
  private static final Pattern TAG = Pattern.compile("^[^,/]*$");

  private RequestChecks() {}

  /** A server name: a string of 1-255 characters without leading or trailing whitespace. */
  static String name(JsonNode v, String field) {
    if (v == null || !v.isTextual()) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + v + ". " + v + " is not of type 'string'");
    }
    String s = v.asText();
    if (s.isEmpty() || s.length() > 255) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + s + ". It must be 1 to 255 characters long.");
    }
    if (!s.equals(s.strip())) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + s + ". It must not have leading or trailing whitespace.");
    }
    return s;
  }

  static String string(JsonNode v, String field, int min, int max) {
    if (v == null || !v.isTextual()) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + v + ". " + v + " is not of type 'string'");
    }
    String s = v.asText();
    if (s.length() < min || s.length() > max) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field
          + ". It must be " + min + " to " + max + " characters long.");
    }
    return s;
  }

  /** A string, or null when the JSON value is null. */
  static String nullableString(JsonNode v, String field, int max) {
    return v == null || v.isNull() ? null : string(v, field, 0, max);
  }

  static boolean isUuid(String s) {
    return s != null && UUID.matcher(s).matches();
  }

  static String ipv4(JsonNode v, String field) {
    String s = string(v, field, 0, 64);
    if (s.isEmpty()) {
      return s;
    }
    if (!s.matches("^\\d{1,3}(\\.\\d{1,3}){3}$") || !validIp(s)) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + s + ". '" + s + "' is not a 'ipv4'");
    }
    return s;
  }

  static String ipv6(JsonNode v, String field) {
    String s = string(v, field, 0, 64);
    if (s.isEmpty()) {
      return s;
    }
    if (!s.contains(":") || !s.matches("^[0-9a-fA-F:.]+$") || !validIp(s)) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + s + ". '" + s + "' is not a 'ipv6'");
    }
    return canonicalIpv6(s);
  }

  /** An IPv6 address in its canonical text (RFC 5952: lower case, longest zero run as ::). */
  static String canonicalIpv6(String s) {
    byte[] b;
    try {
      b = InetAddress.getByName(s).getAddress();
    } catch (Exception e) {
      return s;
    }
    if (b.length == 4) {
      return "::ffff:" + (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "."
          + (b[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(g[i]));
    }
    return out.toString();
  }

  static boolean validIp(String s) {
    try {
      if (s.matches("^\\d{1,3}(\\.\\d{1,3}){3}$")) {
        for (String part : s.split("\\.")) {
          if (Integer.parseInt(part) > 255) {
            return false;
          }
        }
      }
      InetAddress.getByName(s);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Base64 user data of at most 65535 characters. */
  static String userData(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    String s = string(v, "user_data", 0, 65535);
    if (!isBase64(s)) {
      throw ApiException.badRequest("User data needs to be valid base 64.");
    }
    return s;
  }

  static boolean isBase64(String s) {
    try {
      Base64.getDecoder().decode(s.replaceAll("\\s", ""));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Metadata: an object of string keys (1-255) and string values (0-255). */
  static Map<String, String> metadata(JsonNode v, String field) {
    if (v == null || !v.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field
          + ". Value: " + v + ". " + v + " is not of type 'object'");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      var e = it.next();
      String k = e.getKey();
      if (k.isEmpty() || k.length() > 255) {
        throw ApiException.badRequest("Invalid input for field/attribute " + field
            + ". Metadata keys must be 1 to 255 characters long ('" + k + "').");
      }
      JsonNode val = e.getValue();
      if (!val.isTextual()) {
        throw ApiException.badRequest("Invalid input for field/attribute " + field
            + ". Value of " + k + " is not of type 'string'");
      }
      if (val.asText().length() > 255) {
        throw ApiException.badRequest("Invalid input for field/attribute " + field
            + ". Value of " + k + " is longer than 255 characters.");
      }
      out.put(k, val.asText());
    }
    return out;
  }

  /** A guest hostname (2.90): 1-63 letters, digits, dots and hyphens. */
  static String hostname(JsonNode v) {
    String s = string(v, "hostname", 1, 63);
    if (!HOSTNAME.matcher(s).matches()) {
      throw ApiException.badRequest("Invalid input for field/attribute hostname. Value: " + s
          + ". It must be 1 to 63 letters, digits, '.' and '-', not starting or ending with"
          + " '.' or '-'.");
    }
    return s;
  }

  /** One server tag: 1-60 characters, no comma or slash. */
  static String tag(String t) {
    if (t.isEmpty() || t.length() > 60 || !TAG.matcher(t).matches()) {
      throw ApiException.badRequest("Invalid tag '" + t + "': tags are 1 to 60 characters and"
          + " contain no ',' or '/'.");
    }
    return t;
  }

  static List<String> tags(JsonNode v, String field) {
    if (v == null || !v.isArray()) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field
          + ": expected a list of tags.");
    }
    if (v.size() > 50) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field
          + ": at most 50 tags.");
    }
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (JsonNode t : v) {
      if (!t.isTextual()) {
        throw ApiException.badRequest("Invalid input for field/attribute " + field
            + ": tags are strings.");
      }
      out.add(tag(t.asText()));
    }
    return List.copyOf(out);
  }

  /** An integer given as a JSON number or a numeric string (min_count, max_count, length). */
  static int integer(JsonNode v, String field, int min) {
    long n;
    if (v.isIntegralNumber()) {
      n = v.asLong();
    } else if (v.isTextual() && v.asText().trim().matches("^-?\\d+$")) {
      n = Long.parseLong(v.asText().trim());
    } else {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + v + ". " + v + " is not of type 'integer', 'string'");
    }
    if (n < min) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
          + n + ". " + n + " is less than the minimum of " + min);
    }
    if (n > Integer.MAX_VALUE) {
      throw ApiException.badRequest("Invalid input for field/attribute " + field
          + ": too large.");
    }
    return (int) n;
  }

  /** OS-DCF:diskConfig: true for AUTO, false for MANUAL, 400 otherwise. */
  static boolean diskConfig(JsonNode v) {
    String dc = string(v, "OS-DCF:diskConfig", 1, 16);
    if (!dc.equals("AUTO") && !dc.equals("MANUAL")) {
      throw ApiException.badRequest("Invalid input for field/attribute OS-DCF:diskConfig."
          + " Value: " + dc + ". It must be AUTO or MANUAL.");
    }
    return dc.equals("AUTO");
  }

  /** Rejects fields outside {@code allowed}, as Nova's schemas do. */
  static void onlyFields(JsonNode o, java.util.Set<String> allowed, String where) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiException.badRequest("Invalid input for field/attribute " + where
            + ". Additional properties are not allowed ('" + f + "' was unexpected)");
      }
    }
  }

  static boolean bool(JsonNode v, String field) {
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual()) {
      switch (v.asText().toLowerCase()) {
        case "true", "1", "yes", "on", "y", "t":
          return true;
        case "false", "0", "no", "off", "n", "f":
          return false;
        default:
          break;
      }
    }
    throw ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
        + v + ". " + v + " is not of type 'boolean'");
  }
}
