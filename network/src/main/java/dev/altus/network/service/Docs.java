package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Building and reading resource documents: ids, standard attributes, typed input fields. */
public final class Docs {
  private Docs() {}

  public static String newId() {
    return UUID.randomUUID().toString();
  }

  public static String now(Clock clock) {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Neutron's standard attributes: description, tags, created_at, updated_at, revision_number. */
  public static ObjectNode create(Clock clock, String id, String projectId, JsonNode in) {
    ObjectNode d = Json.object();
    d.put("id", id);
    d.put("name", str(in, "name", ""));
    if (projectId == null) {
      d.putNull("tenant_id");
      d.putNull("project_id");
    } else {
      d.put("tenant_id", projectId);
      d.put("project_id", projectId);
    }
    d.put("description", str(in, "description", ""));
    d.set("tags", Json.array());
    String now = now(clock);
    d.put("created_at", now);
    d.put("updated_at", now);
    d.put("revision_number", 0);
    return d;
  }

  /** Marks a document changed: a new updated_at and the next revision. */
  public static void touch(ObjectNode d, Clock clock) {
    d.put("updated_at", now(clock));
    d.put("revision_number", d.path("revision_number").asInt() + 1);
  }

  /** The project a create request is for: the caller's, or another one if the caller is admin. */
  public static String owner(dev.altus.common.context.RequestContext ctx, JsonNode in) {
    String p = null;
    for (String f : List.of("project_id", "tenant_id")) {
      JsonNode n = in.get(f);
      if (n != null && !n.isNull()) {
        if (!n.isTextual()) {
          throw Errors.invalidInput("'" + n + "' is not a valid string for " + f);
        }
        if (p != null && !p.equals(n.asText())) {
          throw Errors.badRequest("'project_id' and 'tenant_id' do not match");
        }
        p = n.asText();
      }
    }
    if (p == null || p.equals(ctx.projectId())) {
      return ctx.projectId();
    }
    if (!ctx.isAdmin()) {
      throw Errors.badRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated"
          + " project in request requires admin privileges");
    }
    return p;
  }

  public static String str(JsonNode in, String field, String dflt) {
    JsonNode n = in.get(field);
    if (n == null) {
      return dflt;
    }
    if (n.isNull()) {
      return dflt;
    }
    if (!n.isTextual()) {
      throw Errors.invalidInput("'" + n + "' is not a valid string for '" + field + "'");
    }
    if (field.equals("name") && n.asText().length() > 255
        || field.equals("description") && n.asText().length() > 255) {
      throw Errors.invalidInput("'" + n.asText() + "' exceeds maximum length of 255");
    }
    return n.asText();
  }

  /** A nullable string field: null, absent, or a string. */
  public static String nullableStr(JsonNode in, String field) {
    JsonNode n = in.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw Errors.invalidInput("'" + n + "' is not a valid string for '" + field + "'");
    }
    return n.asText();
  }

  /** A boolean field; Neutron also takes "true"/"false" strings. */
  public static Boolean bool(JsonNode in, String field, Boolean dflt) {
    JsonNode n = in.get(field);
    if (n == null) {
      return dflt;
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isTextual()) {
      String s = n.asText().toLowerCase();
      if (s.equals("true") || s.equals("1")) {
        return true;
      }
      if (s.equals("false") || s.equals("0")) {
        return false;
      }
    }
    if (n.isInt() && (n.asInt() == 0 || n.asInt() == 1)) {
      return n.asInt() == 1;
    }
    throw Errors.invalidInput("'" + n + "' cannot be converted to boolean for '" + field + "'");
  }

  public static Integer integer(JsonNode in, String field) {
    JsonNode n = in.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.asInt();
    }
    if (n.isTextual()) {
      try {
        return Integer.parseInt(n.asText().trim());
      } catch (NumberFormatException e) {
        // falls through
      }
    }
    throw Errors.invalidInput("'" + n + "' is not an integer for '" + field + "'");
  }

  public static ArrayNode list(JsonNode in, String field) {
    JsonNode n = in.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isArray()) {
      throw Errors.invalidInput("'" + n + "' is not a list for '" + field + "'");
    }
    return (ArrayNode) n;
  }

  public static List<String> strings(JsonNode in, String field) {
    ArrayNode a = list(in, field);
    if (a == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : a) {
      if (!n.isTextual()) {
        throw Errors.invalidInput("'" + n + "' is not a valid string in '" + field + "'");
      }
      out.add(n.asText());
    }
    return out;
  }

  /** Refuses attributes the resource does not have, as Neutron does. */
  public static void allowOnly(JsonNode in, String resource, java.util.Set<String> allowed) {
    if (!in.isObject()) {
      throw Errors.badRequest("Body contains invalid data: '" + resource + "' must be an object");
    }
    in.fieldNames().forEachRemaining(f -> {
      if (!allowed.contains(f)) {
        throw Errors.badRequest("Unrecognized attribute(s) '" + f + "'");
      }
    });
  }

  public static String text(JsonNode doc, String field) {
    JsonNode n = doc.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
