package dev.altus.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;

/**
 * Whether an error answer is in its service's own OpenStack fault format: Keystone's {@code
 * {"error": {code, message, title}}}, Nova's and Cinder's {@code {"<faultName>": {code,
 * message}}}, Neutron's {@code {"NeutronError": {type, message, detail}}}, Glance's plain text
 * starting with the status.
 * Returns null if it is, else what is wrong.
 */
final class FaultFormats {
  private FaultFormats() {}

  static String check(String service, RawHttp.Response r) {
    String text = r.text();
    if (service.equals("image")) {
      String type = r.header("content-type");
      if (type == null || !type.startsWith("text/plain")) {
        return "Glance errors are text/plain, got " + type;
      }
      return text.startsWith(r.status() + " ") ? null : "Glance error does not start with the status";
    }
    JsonNode doc;
    try {
      doc = Json.parse(text);
    } catch (RuntimeException e) {
      return "error body is not JSON: " + abbreviate(text);
    }
    if (!doc.isObject()) {
      return "error body is not a JSON object";
    }
    switch (service) {
      case "identity" -> {
        JsonNode e = doc.path("error");
        if (e.path("code").asInt() != r.status() || !e.path("message").isTextual()
            || !e.path("title").isTextual()) {
          return "not Keystone's {\"error\": {code, message, title}}: " + abbreviate(text);
        }
      }
      case "network" -> {
        JsonNode e = doc.path("NeutronError");
        if (!e.path("type").isTextual() || !e.path("message").isTextual() || !e.has("detail")) {
          return "not Neutron's {\"NeutronError\": {type, message, detail}}: " + abbreviate(text);
        }
      }
      case "compute", "volume" -> {
        String who = service.equals("volume") ? "Cinder's" : "Nova's";
        if (doc.size() != 1) {
          return "not " + who + " {\"<fault>\": {code, message}}: " + abbreviate(text);
        }
        JsonNode e = doc.elements().next();
        if (e.path("code").asInt() != r.status() || !e.path("message").isTextual()) {
          return "not " + who + " {\"<fault>\": {code, message}}: " + abbreviate(text);
        }
      }
      default -> {
        return "unknown service " + service;
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }
}
