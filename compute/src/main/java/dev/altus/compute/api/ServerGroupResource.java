package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.ServerGroup;
import dev.altus.compute.service.ServerGroupService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /os-server-groups}: create, list (all projects for admins, limit/offset), show, delete,
 * with the microversions that change them: 2.13 project and user, 2.15 the soft policies, 2.64 one
 * {@code policy} with {@code rules} instead of {@code policies} and {@code metadata}, 2.75 unknown
 * query parameters refused.
 */
public final class ServerGroupResource {
  private static final int MAX_LIMIT = 1000;

  private final ServerGroupService groups;
  private final PolicyEngine policy;

  public ServerGroupResource(ServerGroupService groups, PolicyEngine policy) {
    this.groups = groups;
    this.policy = policy;
    policy.addDefaults(Map.of(
        "os_compute_api:os-server-groups:create", "rule:project_member_api",
        "os_compute_api:os-server-groups:delete", "rule:project_member_or_admin",
        "os_compute_api:os-server-groups:index", "rule:project_reader_or_admin",
        "os_compute_api:os-server-groups:index:all_projects", "rule:context_is_admin",
        "os_compute_api:os-server-groups:show", "rule:project_reader_or_admin"));
  }

  public void routes(Router r) {
    r.post("/v2.1/os-server-groups", this::create);
    r.get("/v2.1/os-server-groups", this::list);
    r.get("/v2.1/os-server-groups/{id}", this::show);
    r.delete("/v2.1/os-server-groups/{id}", this::delete);
  }

  private ApiResponse create(ApiRequest req) {
    Microversion v = Microversion.of(req);
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-server-groups:create", ctx,
        target(ctx.projectId(), ctx.userId()));
    JsonNode doc = req.json();
    if (!doc.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute body: the request body"
          + " must be an object.");
    }
    NovaBodies.onlyFields(doc, Set.of("server_group"), "request body");
    JsonNode sg = doc.get("server_group");
    if (sg == null || !sg.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute server_group."
          + " 'server_group' is a required property and must be an object.");
    }
    boolean single = v.atLeast(64);
    NovaBodies.onlyFields(sg, single ? Set.of("name", "policy", "rules")
        : Set.of("name", "policies"), "server_group");
    String name = NovaBodies.requiredString(sg, "name", 1, 255);
    checkName(name);
    List<String> allowed = v.atLeast(15) ? ServerGroupService.POLICIES
        : ServerGroupService.POLICIES.subList(0, 2);
    String chosen;
    Integer maxPerHost = null;
    if (single) {
      chosen = NovaBodies.requiredString(sg, "policy", 1, 255);
      if (!allowed.contains(chosen)) {
        throw notOneOf("policy", chosen, allowed);
      }
      maxPerHost = rules(sg.get("rules"));
    } else {
      chosen = policies(sg.get("policies"), allowed);
    }
    ServerGroup g = groups.create(ctx, name, chosen, maxPerHost);
    return ApiResponse.ok(Json.object().set("server_group", view(g, v)));
  }

  private ApiResponse list(ApiRequest req) {
    Microversion v = Microversion.of(req);
    RequestContext ctx = req.context();
    if (v.atLeast(75)) {
      NovaBodies.onlyQuery(req, Set.of("all_projects", "limit", "offset"));
    }
    policy.enforce("os_compute_api:os-server-groups:index", ctx, target(ctx.projectId(), null));
    List<ServerGroup> all;
    if (req.query().containsKey("all_projects")) {
      policy.enforce("os_compute_api:os-server-groups:index:all_projects", ctx,
          target(ctx.projectId(), null));
      all = groups.list(null);
    } else {
      all = groups.list(ctx.projectId());
    }
    int offset = nonNegative(req, "offset", 0);
    int limit = nonNegative(req, "limit", MAX_LIMIT);
    limit = limit == 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT);
    var items = Json.array();
    all.stream().skip(offset).limit(limit).forEach(g -> items.add(view(g, v)));
    return ApiResponse.ok(Json.object().set("server_groups", items));
  }

  private ApiResponse show(ApiRequest req) {
    Microversion v = Microversion.of(req);
    RequestContext ctx = req.context();
    ServerGroup g = groups.get(ctx, req.param("id"));
    policy.enforce("os_compute_api:os-server-groups:show", ctx, target(g.projectId(), null));
    return ApiResponse.ok(Json.object().set("server_group", view(g, v)));
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    ServerGroup g = groups.get(ctx, req.param("id"));
    policy.enforce("os_compute_api:os-server-groups:delete", ctx, target(g.projectId(), null));
    groups.delete(ctx, g.id());
    return ApiResponse.noContent();
  }

  static ObjectNode view(ServerGroup g, Microversion v) {
    ObjectNode o = Json.object();
    o.put("id", g.id());
    o.put("name", g.name());
    if (v.atLeast(64)) {
      o.put("policy", g.policy());
      ObjectNode rules = o.putObject("rules");
      if (g.maxServerPerHost() != null) {
        rules.put(ServerGroupService.MAX_SERVER_PER_HOST, g.maxServerPerHost());
      }
    } else {
      o.putArray("policies").add(g.policy());
    }
    var members = o.putArray("members");
    g.members().forEach(members::add);
    if (!v.atLeast(64)) {
      o.putObject("metadata");
    }
    if (v.atLeast(13)) {
      o.put("project_id", g.projectId());
      o.put("user_id", g.userId());
    }
    return o;
  }

  private static Map<String, Object> target(String projectId, String userId) {
    Map<String, Object> t = new java.util.HashMap<>();
    t.put("project_id", projectId);
    if (userId != null) {
      t.put("user_id", userId);
    }
    return t;
  }

  /** Before 2.64: a list of exactly one policy. */
  private static String policies(JsonNode p, List<String> allowed) {
    if (p == null) {
      throw ApiException.badRequest("Invalid input for field/attribute server_group."
          + " 'policies' is a required property");
    }
    if (!p.isArray()) {
      throw ApiException.badRequest("Invalid input for field/attribute policies. Value: " + p
          + ". " + p + " is not of type 'array'");
    }
    if (p.size() != 1) {
      throw ApiException.badRequest("Invalid input for field/attribute policies. Value: " + p
          + ". A server group has exactly one policy");
    }
    JsonNode only = p.get(0);
    if (!only.isTextual() || !allowed.contains(only.asText())) {
      throw notOneOf("policies", only.isTextual() ? only.asText() : only.toString(), allowed);
    }
    return only.asText();
  }

  /** 2.64: {@code rules} may hold max_server_per_host, a positive integer (or its digits). */
  private static Integer rules(JsonNode rules) {
    if (rules == null) {
      return null;
    }
    if (!rules.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute rules. Value: " + rules
          + ". " + rules + " is not of type 'object'");
    }
    NovaBodies.onlyFields(rules, Set.of(ServerGroupService.MAX_SERVER_PER_HOST), "rules");
    JsonNode m = rules.get(ServerGroupService.MAX_SERVER_PER_HOST);
    if (m == null) {
      return null;
    }
    long n;
    if (m.isIntegralNumber()) {
      n = m.asLong();
    } else if (m.isTextual() && m.asText().matches("[0-9]{1,9}")) {
      n = Long.parseLong(m.asText());
    } else {
      throw ApiException.badRequest("Invalid input for field/attribute max_server_per_host."
          + " Value: " + m + ". " + m + " is not a positive integer");
    }
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw ApiException.badRequest("Invalid input for field/attribute max_server_per_host."
          + " Value: " + m + ". " + m + " is less than the minimum of 1");
    }
    return (int) n;
  }

  /** Nova's names: no whitespace at either end, no control characters. */
  private static void checkName(String name) {
    boolean ok = !Character.isWhitespace(name.charAt(0))
        && !Character.isWhitespace(name.charAt(name.length() - 1))
        && name.chars().noneMatch(Character::isISOControl);
    if (!ok) {
      throw ApiException.badRequest("Invalid input for field/attribute name. Value: " + name
          + ". '" + name + "' is not a valid name: no spaces at either end, no control"
          + " characters");
    }
  }

  private static int nonNegative(ApiRequest req, String param, int dflt) {
    var v = req.queryParam(param);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("Invalid input for query parameters " + param + ". Value: "
        + v.get() + ". '" + v.get() + "' is not a non-negative integer");
  }

  private static ApiException notOneOf(String field, String value, List<String> allowed) {
    return ApiException.badRequest("Invalid input for field/attribute " + field + ". Value: "
        + value + ". '" + value + "' is not one of " + allowed);
  }
}
