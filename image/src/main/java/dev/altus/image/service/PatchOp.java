package dev.altus.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.error.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One operation of an image JSON patch, in either of Glance's media types:
 * {@code application/openstack-images-v2.1-json-patch} (RFC 6902: {"op", "path", "value"}) or the
 * older {@code ...-v2.0-json-patch} ({"replace": "/name", "value"}). Paths name one attribute.
 */
public record PatchOp(String op, String attr, JsonNode value) {
  private static final Set<String> OPS = Set.of("add", "replace", "remove");

  public static List<PatchOp> parse(JsonNode doc, boolean draft10) {
    if (doc == null || !doc.isArray()) {
      throw ApiException.badRequest("Request body must be a JSON array of operation objects.");
    }
    List<PatchOp> out = new ArrayList<>();
    for (JsonNode o : doc) {
      if (!o.isObject()) {
        throw ApiException.badRequest("Operations must be JSON objects.");
      }
      String op;
      JsonNode path;
      if (draft10) {
        op = null;
        path = null;
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
          String k = it.next();
          if (OPS.contains(k)) {
            if (op != null) {
              throw ApiException.badRequest("Operation objects must contain only one member named"
                  + " \"add\", \"remove\", or \"replace\".");
            }
            op = k;
            path = o.get(k);
          }
        }
        if (op == null) {
          throw ApiException.badRequest("Operation objects must contain exactly one member named"
              + " \"add\", \"remove\", or \"replace\".");
        }
      } else {
        JsonNode opNode = o.get("op");
        if (opNode == null || !opNode.isTextual()) {
          throw ApiException.badRequest("Unable to find 'op' in JSON Schema change");
        }
        op = opNode.asText();
        if (!OPS.contains(op)) {
          throw ApiException.badRequest("Invalid operation: `" + op + "`: must be add, remove or"
              + " replace.");
        }
        path = o.get("path");
      }
      if (path == null || !path.isTextual()) {
        throw ApiException.badRequest("Unable to find 'path' in JSON Schema change");
      }
      String attr = attribute(path.asText());
      JsonNode value = o.get("value");
      if (!op.equals("remove") && value == null) {
        throw ApiException.badRequest("Operation \"" + op + "\" requires a member named \"value\".");
      }
      if (op.equals("remove") && value != null) {
        throw ApiException.badRequest("Operation \"remove\" must not have a member named \"value\".");
      }
      out.add(new PatchOp(op, attr, value));
    }
    return out;
  }

  private static String attribute(String pointer) {
    if (!pointer.startsWith("/") || pointer.length() < 2) {
      throw ApiException.badRequest("Pointer `" + pointer + "` does not start with \"/\" or names"
          + " no attribute.");
    }
    String s = pointer.substring(1);
    if (s.contains("/")) {
      throw ApiException.badRequest("Nested paths are not allowed: `" + pointer + "`.");
    }
    if (s.matches(".*~[^01].*") || s.endsWith("~")) {
      throw ApiException.badRequest("Pointer `" + pointer + "` contains '~' not part of a"
          + " recognized escape sequence.");
    }
    return s.replace("~1", "/").replace("~0", "~");
  }
}
