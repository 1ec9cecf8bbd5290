package dev.altus.server.routes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bad requests made from a route's template: malformed and oversized JSON, wrong types, unknown
 * and missing fields, huge numbers, bad ids in the path, bad query parameters, bad microversion
 * and Range headers, wrong content types, unknown methods and HEAD. Each kind has a handful of
 * variants; a seeded random picks among them, so a run is repeatable from its seed.
 */
final class FuzzRequests {
  enum Kind {
    VALID, MALFORMED_JSON, NOT_AN_OBJECT, WRONG_TYPES, UNKNOWN_FIELDS, MISSING_FIELDS,
    HUGE_NUMBERS, OVERSIZED, BAD_PATH_ID, BAD_QUERY, BAD_MICROVERSION, BAD_RANGE,
    BAD_CONTENT_TYPE, UNKNOWN_METHOD, HEAD
  }

  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    String describe() {
      String b = body == null ? "" : new String(body, 0, Math.min(body.length, 120),
          StandardCharsets.ISO_8859_1);
      return method + " " + (target.length() > 160 ? target.substring(0, 160) + "..." : target)
          + " " + headers.keySet().stream().filter(h -> !h.equals("X-Auth-Token")).map(
              h -> h + ": " + headers.get(h)).toList() + " " + b;
    }
  }

  private static final String[] MALFORMED = {"{", "{\"a\":", "[1, 2", "{\"a\" 1}", "nul",
      "{\"a\": tru}", "{'a': 1}", "{\"a\": 1,}", "\u0000", "{\"a\": \"\\ud800\"}",
      "{\"a\": \"\\x41\"}", "}{", "{\"a\": 01}", "{\"a\": .5}", "{\"a\": NaN}"};
  private static final String[] NOT_OBJECT = {"[]", "null", "\"text\"", "123", "true", "[{}]",
      "-0", "1e999"};
  private static final String[] VALUES = {"123", "-1", "0", "true", "false", "null", "[]", "{}",
      "[1, \"a\", null]", "{\"x\": {\"y\": []}}", "\"\"", "\"   \"", "\"\\u0000\"",
      "99999999999999999999999", "-99999999999999999999999", "1e308", "1e400", "2147483648",
      "-9223372036854775809", "0.0000001", "\"2147483648\"", "\"not-a-uuid\"",
      "\"00000000-0000-0000-0000-000000000000\"", "\"\\ud83d\\ude00\"", "\"" + "x".repeat(300) + "\""};
  private static final String[] HUGE = {"99999999999999999999999", "-99999999999999999999999",
      "1e308", "1e400", "-1e400", "2147483648", "4294967296", "9223372036854775808",
      "-9223372036854775809", "1.7976931348623157e309"};
  private static final String[] BAD_IDS = {"not-a-uuid", "%00", "%2e%2e", "a".repeat(300), "%ff%fe",
      "-1", "99999999999999999999", "%27%3B%20DROP%20TABLE", "%20", "%25", "..%2f..%2fetc",
      "00000000-0000-0000-0000-00000000000g", "%E2%80%AE", "0x10", "1e3", "%7B%7D"};
  private static final String[] BAD_QUERIES = {"limit=-1", "limit=abc", "limit=99999999999999999999",
      "limit=0", "marker=not-a-marker", "marker=%00", "sort_key=zzz", "sort_dir=sideways",
      "sort_key=name&sort_dir=asc&sort_dir=desc", "fields=%00", "name=%ff%fe",
      "page_reverse=maybe", "changes-since=not-a-date", "changes-since=99999-99-99",
      "shared=maybe", "router:external=2", "admin_state_up=%00", "all_tenants=yes&project_id=%ff",
      "tags=" + "t,".repeat(500), "offset=-5", "min_ram=abc", "minDisk=-1", "is_public=none",
      "created_at=gte:notadate", "size_min=-1", "size_max=99999999999999999999", "%zz=1", "=x",
      "a=" + "b".repeat(3000), "limit=1&limit=2&limit=3"};
  private static final String[][] MICROVERSIONS = {{"OpenStack-API-Version", "compute 2.999"},
      {"OpenStack-API-Version", "compute abc"}, {"OpenStack-API-Version", "compute 1.0"},
      {"OpenStack-API-Version", "compute 2.-1"}, {"OpenStack-API-Version", "compute"},
      {"OpenStack-API-Version", "volume 3.0"}, {"OpenStack-API-Version", "compute 2.99999999999999999999"},
      {"X-OpenStack-Nova-API-Version", "2.999"}, {"X-OpenStack-Nova-API-Version", "abc"},
      {"X-OpenStack-Nova-API-Version", "2."}, {"X-OpenStack-Nova-API-Version", ""},
      {"X-OpenStack-Nova-API-Version", "3.0"}, {"OpenStack-API-Version", "image 99.9"},
      {"OpenStack-API-Version", "network 2.0 , compute latest, compute 2.1"},
      {"OpenStack-API-Version", "volume 3.999"}, {"OpenStack-API-Version", "volume abc"},
      {"OpenStack-API-Version", "volume 2.0"}, {"OpenStack-API-Version", "volume 3.99999999999"}};
  private static final String[] RANGES = {"bytes=99999999999999999999-", "bytes=5-1", "bytes=abc",
      "bytes=-0", "items=1-2", "bytes=0-0,1-1", "bytes=-99999999999999999999", "bytes=",
      "bytes=1-99999999999999999999", "bytes=--1"};
  private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", ";;;",
      "application/json; charset=ebcdic", "multipart/form-data; boundary=x",
      "application/openstack-images-v2.1-json-patch", "application/octet-stream", ""};
  private static final String[] METHODS = {"FOO", "PROPFIND", "TRACE", "CONNECTX", "PATCH", "PUT",
      "POST", "DELETE", "OPTIONS", "HEAD", "get"};

  private FuzzRequests() {}

  /** A request of {@code kind} for the route, as {@code token}'s holder (null: nobody). */
  static Request make(Kind kind, String service, String method, String template,
      Map<String, String> fixtures, String token, Random rnd) {
    String path = Routes.fill(template, fixtures, "00000000-0000-4000-8000-00000000dead");
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("X-Auth-Token", token);
    }
    boolean writes = Routes.writes(method) && !method.equals("DELETE");
    String wrapper = wrapper(template);
    String body = writes ? "{\"" + wrapper + "\": {\"name\": \"fuzz\"}}" : null;
    String type = "application/json";
    switch (kind) {
      case VALID -> { }
      case MALFORMED_JSON -> body = pick(rnd, MALFORMED);
      case NOT_AN_OBJECT -> body = pick(rnd, NOT_OBJECT);
      case WRONG_TYPES -> body = rnd.nextBoolean()
          ? "{\"" + wrapper + "\": " + pick(rnd, VALUES) + "}"
          : "{\"" + wrapper + "\": {" + fields(rnd, VALUES) + "}}";
      case UNKNOWN_FIELDS -> body = "{\"" + wrapper + "\": {\"name\": \"f\", \"zz_unknown_"
          + rnd.nextInt(1000) + "\": 1}, \"another_unknown\": {}}";
      case MISSING_FIELDS -> body = rnd.nextBoolean() ? "{}" : "{\"" + wrapper + "\": {}}";
      case HUGE_NUMBERS -> body = "{\"" + wrapper + "\": {" + fields(rnd, HUGE) + "}}";
      case OVERSIZED -> body = switch (rnd.nextInt(3)) {
        case 0 -> "{\"" + wrapper + "\": {\"name\": \"" + "x".repeat(200_000 + rnd.nextInt(100_000)) + "\"}}";
        case 1 -> "[".repeat(5000 + rnd.nextInt(5000)) + "]".repeat(10);
        default -> {
          StringBuilder b = new StringBuilder("{\"" + wrapper + "\": {");
          for (int i = 0; i < 20_000; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
          }
          yield b.append("}}").toString();
        }
      };
      case BAD_PATH_ID -> path = badIds(template, fixtures, rnd);
      case BAD_QUERY -> path = path + "?" + pick(rnd, BAD_QUERIES);
      case BAD_MICROVERSION -> {
        String[] h = MICROVERSIONS[rnd.nextInt(MICROVERSIONS.length)];
        headers.put(h[0], h[1]);
      }
      case BAD_RANGE -> headers.put(rnd.nextInt(4) == 0 ? "Content-Range" : "Range", pick(rnd, RANGES));
      case BAD_CONTENT_TYPE -> {
        type = pick(rnd, CONTENT_TYPES);
        if (body == null) {
          body = "{\"a\": 1}";
        }
      }
      case UNKNOWN_METHOD -> method = pick(rnd, METHODS);
      case HEAD -> {
        // a HEAD answer has no body whatever the GET's body is (streamed, chunked or not)
        method = "HEAD";
        body = null;
        if (rnd.nextBoolean()) {
          path = path + "?" + pick(rnd, BAD_QUERIES);
        }
      }
      default -> throw new IllegalArgumentException(kind.name());
    }
    if (body != null) {
      if (service.equals("image") && method.equals("PATCH") && kind != Kind.BAD_CONTENT_TYPE) {
        type = "application/openstack-images-v2.1-json-patch";
      }
      headers.put("Content-Type", type);
    }
    return new Request(method, path, headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** The body's wrapper Neutron and Nova expect: networks becomes network, os-keypairs keypair. */
  static String wrapper(String template) {
    String[] segs = template.split("/");
    for (int i = segs.length - 1; i >= 0; i--) {
      String s = segs[i];
      if (!s.isEmpty() && !s.startsWith("{") && !s.startsWith("v2") && !s.equals("v3")) {
        s = s.replaceFirst("^os-", "").replace('-', '_');
        if (s.endsWith("ies")) {
          return s.substring(0, s.length() - 3) + "y";
        }
        return s.endsWith("s") ? s.substring(0, s.length() - 1) : s;
      }
    }
    return "resource";
  }

  private static String fields(Random rnd, String[] values) {
    String[] names = {"name", "id", "description", "network_id", "size", "ram", "vcpus", "disk",
        "port_range_min", "mtu", "ip_version", "cidr", "enabled", "admin_state_up", "min_disk",
        "min_ram", "limit", "project_id", "tags", "fixed_ips", "security_groups", "metadata",
        "flavorRef", "imageRef", "networks", "prefixlen", "quota", "count", "visibility"};
    List<String> out = new ArrayList<>();
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add("\"" + names[rnd.nextInt(names.length)] + "\": " + pick(rnd, values));
    }
    return String.join(", ", out);
  }

  private static String badIds(String template, Map<String, String> fixtures, Random rnd) {
    if (!template.contains("{")) {
      return template + "/" + pick(rnd, BAD_IDS);
    }
    String bad = pick(rnd, BAD_IDS);
    Map<String, String> f = new LinkedHashMap<>(fixtures);
    f.replaceAll((k, v) -> bad);
    return Routes.fill(template, f, bad);
  }

  private static String pick(Random rnd, String[] options) {
    return options[rnd.nextInt(options.length)];
  }
}
