package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.service.QuotaService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /limits}: the caller's project's absolute limits (from its quotas) and what it uses;
 * admins may ask for another project with {@code tenant_id}. Nova has no rate limits any more, so
 * {@code rate} is empty.
 */
public final class LimitsResource {
  /** Quota resource to the limit names Nova shows for it. */
  private static final Map<String, List<String>> NAMES = names();
  private static final Map<String, String> USED = used();

  private final QuotaService quotas;
  private final PolicyEngine policy;

  public LimitsResource(QuotaService quotas, PolicyEngine policy) {
    this.quotas = quotas;
    this.policy = policy;
  }

  private static Map<String, List<String>> names() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("ram", List.of("maxTotalRAMSize"));
    m.put("instances", List.of("maxTotalInstances"));
    m.put("cores", List.of("maxTotalCores"));
    m.put("key_pairs", List.of("maxTotalKeypairs"));
    m.put("floating_ips", List.of("maxTotalFloatingIps"));
    m.put("metadata_items", List.of("maxServerMeta", "maxImageMeta"));
    m.put("injected_files", List.of("maxPersonality"));
    m.put("injected_file_content_bytes", List.of("maxPersonalitySize"));
    m.put("security_groups", List.of("maxSecurityGroups"));
    m.put("security_group_rules", List.of("maxSecurityGroupRules"));
    m.put("server_groups", List.of("maxServerGroups"));
    m.put("server_group_members", List.of("maxServerGroupMembers"));
    return m;
  }

  private static Map<String, String> used() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("totalRAMUsed", "ram");
    m.put("totalCoresUsed", "cores");
    m.put("totalInstancesUsed", "instances");
    m.put("totalFloatingIpsUsed", "floating_ips");
    m.put("totalSecurityGroupsUsed", "security_groups");
    m.put("totalServerGroupsUsed", "server_groups");
    return m;
  }

  public void routes(Router r) {
    r.get("/v2.1/limits", this::show);
  }

  /** Leaves out what the version no longer shows: nova-network's (2.36) and personality (2.57). */
  private static boolean shown(String resource, Microversion v) {
    if (v.atLeast(36) && List.of("floating_ips", "security_groups", "security_group_rules")
        .contains(resource)) {
      return false;
    }
    return !(v.atLeast(57) && List.of("injected_files", "injected_file_content_bytes")
        .contains(resource));
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:limits", ctx);
    Microversion v = Microversion.of(req);
    if (v.atLeast(75)) {
      NovaInput.onlyQuery(req, Set.of("tenant_id"));
    }
    String projectId = ctx.projectId();
    var other = req.queryParam("tenant_id");
    if (other.isPresent()) {
      policy.enforce("os_compute_api:limits:other_project", ctx);
      projectId = other.get();
    }
    var details = quotas.details(projectId, null);
    ObjectNode absolute = Json.object();
    NAMES.forEach((resource, names) -> {
      var d = details.get(resource);
      if (d != null && shown(resource, v)) {
        for (String name : names) {
          if (!(name.equals("maxImageMeta") && v.atLeast(39))) {
            absolute.put(name, d.limit());
          }
        }
      }
    });
    USED.forEach((name, resource) -> {
      var d = details.get(resource);
      if (d != null && shown(resource, v)) {
        absolute.put(name, d.inUse());
      }
    });
    ObjectNode limits = Json.object();
    limits.putArray("rate");
    limits.set("absolute", absolute);
    ObjectNode body = Json.object();
    body.set("limits", limits);
    return ApiResponse.ok(body);
  }
}
