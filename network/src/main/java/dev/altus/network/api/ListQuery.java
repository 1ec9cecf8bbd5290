package dev.altus.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.json.Json;
import dev.altus.network.service.Errors;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Neutron's list query: attribute filters (several values of one attribute match any of them),
 * {@code fields}, {@code sort_key}/{@code sort_dir}, {@code limit}/{@code marker} paging with a
 * next link, and the tag filters.
 */
final class ListQuery {
  private static final Set<String> RESERVED = Set.of("fields", "sort_key", "sort_dir", "limit",
      "marker", "page_reverse", "tags", "tags-any", "not-tags", "not-tags-any");
  private static final Set<String> KEYSET = Set.of("limit", "marker", "fields");

  private ListQuery() {}

  static ObjectNode render(ApiRequest req, String collection, List<ObjectNode> items, String baseUrl) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode d : items) {
      if (matches(req, d)) {
        out.add(d);
      }
    }
    sort(req, out);
    int start = 0;
    var marker = req.queryParam("marker");
    if (marker.isPresent()) {
      start = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).path("id").asText().equals(marker.get())) {
          start = i + 1;
        }
      }
      if (start < 0) {
        throw markerNotFound(marker.get());
      }
    }
    int limit = Integer.MAX_VALUE;
    var l = req.queryParam("limit");
    if (l.isPresent()) {
      try {
        limit = Integer.parseInt(l.get());
      } catch (NumberFormatException e) {
        throw Errors.badRequest("Bad limit request: Limit must be an integer 0 or greater and not '"
            + l.get() + "'");
      }
      if (limit < 0) {
        throw Errors.badRequest("Bad limit request: Limit must be an integer 0 or greater and not '" + limit + "'");
      }
      if (limit == 0) {
        limit = Integer.MAX_VALUE;
      }
    }
    int end = (int) Math.min(out.size(), (long) start + limit);
    return page(req, collection, out, start, end, baseUrl);
  }

  /** The body for items [start, end) of the matching, sorted items, with the paging links. */
  private static ObjectNode page(ApiRequest req, String collection, List<ObjectNode> out, int start,
      int end, String baseUrl) {
    var l = req.queryParam("limit");
    var marker = req.queryParam("marker");
    ObjectNode body = Json.object();
    ArrayNode arr = body.putArray(collection);
    for (ObjectNode d : out.subList(Math.min(start, out.size()), end)) {
      arr.add(fields(req, d));
    }
    if (l.isPresent()) {
      ArrayNode links = body.putArray(collection + "_links");
      if (end < out.size() && end > start) {
        ObjectNode next = links.addObject();
        next.put("rel", "next");
        next.put("href", baseUrl + req.path() + "?limit=" + l.get() + "&marker="
            + out.get(end - 1).path("id").asText());
      }
      if (marker.isPresent()) {
        ObjectNode prev = links.addObject();
        prev.put("rel", "previous");
        prev.put("href", baseUrl + req.path() + "?limit=" + l.get() + "&marker=" + marker.get()
            + "&page_reverse=True");
      }
      if (links.isEmpty()) {
        body.remove(collection + "_links");
      }
    }
    return body;
  }

  /**
   * The page size when the request only pages ({@code limit}, {@code marker}, {@code fields}, no
   * filter or sort) in the default id order: such a page can be read from the database alone
   * (see {@link #renderPage}). Empty otherwise, and for a limit that {@link #render} must refuse
   * or that means no limit.
   */
  static OptionalInt keysetLimit(ApiRequest req) {
    if (!KEYSET.containsAll(req.query().keySet())) {
      return OptionalInt.empty();
    }
    var l = req.queryParam("limit");
    if (l.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int limit = Integer.parseInt(l.get());
      return limit > 0 && limit < Integer.MAX_VALUE ? OptionalInt.of(limit) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * The body for a page read by id after the marker: {@code items} are the visible items after the
   * marker in id order, at most {@code limit + 1} (one more than the page tells whether a next
   * page exists). Gives what {@link #render} gives for the same request.
   */
  static ObjectNode renderPage(ApiRequest req, String collection, List<ObjectNode> items, int limit,
      String baseUrl) {
    return page(req, collection, items, 0, Math.min(limit, items.size()), baseUrl);
  }

  /** Whether the request is a plain list: no filter, field selection, sort or paging. */
  static boolean plain(ApiRequest req) {
    return req.query().isEmpty();
  }

  /**
   * The answer to a plain list (see {@link #plain}) from the items' stored JSON text, written out
   * as it is: what {@link #render} gives for the parsed items, without parsing them and without
   * holding the whole body in memory once more.
   */
  static ApiResponse renderStored(String collection, List<String> texts) {
    return ApiResponse.stream(200, "application/json", -1, raw -> {
      OutputStream out = new BufferedOutputStream(raw, 65536);
      out.write(("{\"" + collection + "\":[").getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < texts.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(texts.get(i).getBytes(StandardCharsets.UTF_8));
      }
      out.write("]}".getBytes(StandardCharsets.UTF_8));
      out.flush();
    });
  }

  static dev.altus.common.error.ApiException markerNotFound(String marker) {
    return Errors.notFound("NotFound", "Marker " + marker + " could not be found.");
  }

  /**
   * A test on a document's stored JSON text that every document matching the request's filters
   * on {@code textAttributes} passes: the text holds one of the wanted values as a JSON string.
   * The attributes must be present in every document as a string or null (a missing attribute
   * would make the filter ignored). Values a null attribute matches are not pre-tested.
   */
  static Predicate<String> prefilter(ApiRequest req, Set<String> textAttributes) {
    List<List<String>> wanted = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : req.query().entrySet()) {
      if (!textAttributes.contains(e.getKey()) || e.getValue().isEmpty()) {
        continue;
      }
      List<String> literals = new ArrayList<>();
      for (String v : e.getValue()) {
        if (v.isEmpty() || v.equalsIgnoreCase("null") || v.equalsIgnoreCase("none")) {
          literals = null;
          break;
        }
        literals.add(Json.text(TextNode.valueOf(v)));
      }
      if (literals != null) {
        wanted.add(literals);
      }
    }
    if (wanted.isEmpty()) {
      return text -> true;
    }
    return text -> {
      for (List<String> any : wanted) {
        if (any.stream().noneMatch(text::contains)) {
          return false;
        }
      }
      return true;
    };
  }

  /** Keeps only the requested fields (all when none are asked for). */
  static ObjectNode fields(ApiRequest req, ObjectNode d) {
    List<String> f = req.query().get("fields");
    if (f == null || f.isEmpty()) {
      return d;
    }
    ObjectNode o = Json.object();
    for (String name : f) {
      for (String n : name.split(",")) {
        if (d.has(n)) {
          o.set(n, d.get(n));
        }
      }
    }
    return o;
  }

  private static boolean matches(ApiRequest req, ObjectNode d) {
    for (Map.Entry<String, List<String>> e : req.query().entrySet()) {
      String key = e.getKey();
      if (RESERVED.contains(key) || e.getValue().isEmpty()) {
        continue;
      }
      if (key.equals("fixed_ips")) {
        if (!matchesFixedIps(d, e.getValue())) {
          return false;
        }
        continue;
      }
      if (!d.has(key)) {
        continue; // unknown filters are ignored, as Neutron does without filter-validation
      }
      JsonNode actual = d.get(key);
      boolean any = false;
      for (String v : e.getValue()) {
        if (equal(actual, v)) {
          any = true;
        }
      }
      if (!any) {
        return false;
      }
    }
    return tags(req, d);
  }

  private static boolean equal(JsonNode actual, String v) {
    if (actual.isNull()) {
      return v.isEmpty() || v.equalsIgnoreCase("null") || v.equalsIgnoreCase("none");
    }
    if (actual.isBoolean()) {
      return actual.asBoolean() == (v.equalsIgnoreCase("true") || v.equals("1"));
    }
    if (actual.isArray()) {
      for (JsonNode a : actual) {
        if (a.isValueNode() && a.asText().equals(v)) {
          return true;
        }
      }
      return false;
    }
    return actual.isValueNode() && actual.asText().equals(v);
  }

  /**
   * {@code fixed_ips=ip_address=..., subnet_id=..., ip_address_substr=...}: the port holds one
   * address that matches every kind of condition given (any of the values of each kind), as
   * Neutron's join on its allocations does.
   */
  private static boolean matchesFixedIps(ObjectNode d, List<String> values) {
    Map<String, List<String>> wanted = new java.util.LinkedHashMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq > 0) {
        wanted.computeIfAbsent(v.substring(0, eq), k -> new ArrayList<>()).add(v.substring(eq + 1));
      }
    }
    if (wanted.isEmpty()) {
      return true;
    }
    for (JsonNode f : d.path("fixed_ips")) {
      boolean all = true;
      for (Map.Entry<String, List<String>> w : wanted.entrySet()) {
        String ip = f.path("ip_address").asText();
        boolean any = w.getKey().equals("ip_address_substr")
            ? w.getValue().stream().anyMatch(ip::contains)
            : w.getValue().contains(f.path(w.getKey()).asText());
        all &= any;
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean tags(ApiRequest req, ObjectNode d) {
    Set<String> have = new java.util.HashSet<>();
    d.path("tags").forEach(t -> have.add(t.asText()));
    for (String k : List.of("tags", "tags-any", "not-tags", "not-tags-any")) {
      var v = req.queryParam(k);
      if (v.isEmpty()) {
        continue;
      }
      List<String> want = List.of(v.get().split(","));
      boolean all = have.containsAll(want);
      boolean some = want.stream().anyMatch(have::contains);
      boolean ok = switch (k) {
        case "tags" -> all;
        case "tags-any" -> some;
        case "not-tags" -> !all;
        default -> !some;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void sort(ApiRequest req, List<ObjectNode> items) {
    List<String> keys = req.query().getOrDefault("sort_key", List.of());
    List<String> dirs = req.query().getOrDefault("sort_dir", List.of());
    Comparator<ObjectNode> cmp = null;
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      String dir = i < dirs.size() ? dirs.get(i) : "asc";
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw Errors.badRequest("Bad sort_dir request: " + dir);
      }
      Comparator<ObjectNode> c = Comparator.comparing((ObjectNode d) -> d.path(k),
          ListQuery::compare);
      if (dir.equals("desc")) {
        c = c.reversed();
      }
      cmp = cmp == null ? c : cmp.thenComparing(c);
    }
    Comparator<ObjectNode> byId = Comparator.comparing(d -> d.path("id").asText());
    items.sort(cmp == null ? byId : cmp.thenComparing(byId));
  }

  private static int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return Double.compare(a.asDouble(), b.asDouble());
    }
    return a.asText("").compareTo(b.asText(""));
  }
}
