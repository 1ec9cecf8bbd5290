package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.client.NetworkClient.SecurityGroupInfo;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /v2.1/os-security-groups} and {@code /v2.1/os-security-group-rules} (up to 2.35): the
 * network service's security groups in the compute API's format, ingress rules only.
 */
public final class SecurityGroupProxyResource {
  private final NetworkClient networks;
  private final PolicyEngine policy;

  SecurityGroupProxyResource(NetworkClient networks, PolicyEngine policy) {
    this.networks = networks;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-security-groups", this::list);
    r.post("/v2.1/os-security-groups", this::create);
    r.get("/v2.1/os-security-groups/{id}", this::show);
    r.put("/v2.1/os-security-groups/{id}", this::update);
    r.delete("/v2.1/os-security-groups/{id}", this::delete);
    r.delete("/v2.1/os-security-groups", req -> {
      throw ApiException.notFound("The resource could not be found.");
    });
    r.post("/v2.1/os-security-group-rules", this::createRule);
    r.delete("/v2.1/os-security-group-rules/{id}", this::deleteRule);
  }

  private RequestContext ctx(ApiRequest req, String rule) {
    ProxyErrors.upTo235(req);
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-security-groups:" + rule, ctx, ServerResource.target(ctx));
    return ctx;
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = ctx(req, "get");
    boolean all = ServerListParams.isAllTenants(req) && ctx.isAdmin();
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("security_groups");
    for (SecurityGroupInfo g : ProxyErrors.call(() -> networks.securityGroups(ctx, all))) {
      list.add(ServerSecurityGroupResource.view(g, names(ctx)));
    }
    return ApiResponse.ok(body);
  }

  private SecurityGroupInfo find(RequestContext ctx, String id) {
    return ProxyErrors.call(() -> networks.securityGroup(ctx, id)).orElseThrow(() ->
        ApiException.notFound("Security group " + id + " not found."));
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = ctx(req, "show");
    return ApiResponse.ok(wrap(ctx, find(ctx, req.param("id"))));
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = ctx(req, "create");
    String[] nd = nameAndDescription(req.json(), true);
    return ApiResponse.ok(wrap(ctx, ProxyErrors.call(() -> networks.createSecurityGroup(ctx,
        nd[0], nd[1]))));
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = ctx(req, "update");
    String id = req.param("id");
    String[] nd = nameAndDescription(req.json(), false);
    find(ctx, id);
    return ApiResponse.ok(wrap(ctx, ProxyErrors.call(() -> networks.updateSecurityGroup(ctx,
        id, nd[0], nd[1]))));
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = ctx(req, "delete");
    String id = req.param("id");
    find(ctx, id);
    ProxyErrors.run(() -> networks.deleteSecurityGroup(ctx, id));
    return ApiResponse.empty(202);
  }

  private static String[] nameAndDescription(JsonNode doc, boolean required) {
    JsonNode g = doc.isObject() ? doc.get("security_group") : null;
    if (g == null || !g.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute security_group."
          + " 'security_group' is a required property");
    }
    RequestChecks.onlyFields(g, Set.of("name", "description"), "security_group");
    String name = null;
    String description = null;
    if (g.has("name") || required) {
      name = RequestChecks.string(g.get("name"), "name", 0, 255);
    }
    if (g.has("description") || required) {
      description = RequestChecks.string(g.get("description"), "description", 0, 255);
    }
    return new String[] {name, description};
  }

  private ApiResponse createRule(ApiRequest req) {
    RequestContext ctx = ctx(req, "rule:create");
    JsonNode doc = req.json();
    JsonNode r = doc.isObject() ? doc.get("security_group_rule") : null;
    if (r == null || !r.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute security_group_rule."
          + " 'security_group_rule' is a required property");
    }
    RequestChecks.onlyFields(r, Set.of("parent_group_id", "ip_protocol", "from_port",
        "to_port", "cidr", "group_id"), "security_group_rule");
    String parent = r.path("parent_group_id").asText("");
    if (!RequestChecks.isUuid(parent)) {
      throw ApiException.badRequest("Security group id should be uuid");
    }
    find(ctx, parent);
    String protocol = r.hasNonNull("ip_protocol")
        ? r.get("ip_protocol").asText().toLowerCase(Locale.ROOT) : null;
    if (protocol != null && !Set.of("tcp", "udp", "icmp").contains(protocol)) {
      throw ApiException.badRequest("Invalid IP protocol " + protocol + ".");
    }
    Integer from = port(r, "from_port");
    Integer to = port(r, "to_port");
    if (protocol != null && (from == null || to == null)) {
      throw ApiException.badRequest("Not enough parameters to build a valid rule.");
    }
    if ("icmp".equals(protocol)) {
      if (from < -1 || from > 255 || to < -1 || to > 255) {
        throw ApiException.badRequest("Type and Code must be integers for ICMP protocol type");
      }
      if (from == -1) {
        from = null;
      }
      if (to == -1) {
        to = null;
      }
    } else if (protocol != null) {
      if (from < 1 || from > 65535 || to < 1 || to > 65535) {
        throw ApiException.badRequest("Invalid port range " + from + ":" + to
            + ". Valid TCP ports should be between 1-65535");
      }
      if (from > to) {
        throw ApiException.badRequest("Invalid port range " + from + ":" + to
            + ". Former value cannot be greater than the later");
      }
    }
    String groupId = r.hasNonNull("group_id") ? r.get("group_id").asText() : null;
    String cidr = r.hasNonNull("cidr") ? r.get("cidr").asText() : null;
    if (groupId != null && cidr != null) {
      throw ApiException.badRequest("Only one of cidr or group_id may be given.");
    }
    if (groupId != null) {
      if (!RequestChecks.isUuid(groupId)) {
        throw ApiException.badRequest("Security group id should be uuid");
      }
      find(ctx, groupId);
    } else if (cidr == null) {
      cidr = "0.0.0.0/0";
    } else if (!cidr.matches("^[0-9a-fA-F:.]+/\\d{1,3}$")) {
      throw ApiException.badRequest("Invalid cidr " + cidr + ".");
    }
    Integer f = from;
    Integer t = to;
    String c = cidr;
    NetworkClient.SecurityGroupRule rule = ProxyErrors.call(() ->
        networks.createSecurityGroupRule(ctx, parent, protocol, f, t, c, groupId));
    SecurityGroupInfo g = find(ctx, parent);
    ObjectNode body = Json.object();
    ObjectNode view = ServerSecurityGroupResource.view(new SecurityGroupInfo(g.id(), g.name(),
        g.description(), g.projectId(), java.util.List.of(rule)), id -> networks
        .securityGroup(ctx, id).map(SecurityGroupInfo::name).orElse(id));
    ObjectNode out = (ObjectNode) view.path("rules").get(0);
    if (c != null && out.has("ip_range")) {
      // the range as the caller wrote it (the network service keeps its network address)
      ((ObjectNode) out.get("ip_range")).put("cidr", c);
    }
    body.set("security_group_rule", out);
    return ApiResponse.ok(body);
  }

  private static Integer port(JsonNode r, String field) {
    JsonNode v = r.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() || v.isTextual() && v.asText().trim().matches("^-?\\d+$")) {
      long n = v.isIntegralNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
        throw ApiException.badRequest("Invalid " + field + ": " + v);
      }
      return (int) n;
    }
    throw ApiException.badRequest(field + " must be an integer, not " + v);
  }

  private ApiResponse deleteRule(ApiRequest req) {
    RequestContext ctx = ctx(req, "rule:delete");
    String id = req.param("id");
    ProxyErrors.call(() -> networks.securityGroupOfRule(ctx, id)).orElseThrow(() ->
        ApiException.notFound("Security group rule " + id + " not found."));
    ProxyErrors.run(() -> networks.deleteSecurityGroupRule(ctx, id));
    return ApiResponse.empty(202);
  }

  private ObjectNode wrap(RequestContext ctx, SecurityGroupInfo g) {
    ObjectNode body = Json.object();
    body.set("security_group", ServerSecurityGroupResource.view(g, names(ctx)));
    return body;
  }

  private java.util.function.Function<String, String> names(RequestContext ctx) {
    return id -> networks.securityGroup(ctx, id).map(SecurityGroupInfo::name).orElse(id);
  }
}
