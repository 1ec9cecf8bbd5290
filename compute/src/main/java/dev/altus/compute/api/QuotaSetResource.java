package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.service.ProjectDirectory;
import dev.altus.compute.service.QuotaService;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code /os-quota-sets/{project_id}}: show (a project's or, with {@code user_id}, a user's
 * limits), detail (with what is in use), defaults, and for admins update and delete (back to the
 * defaults).
 */
public final class QuotaSetResource {
  private final QuotaService quotas;
  private final PolicyEngine policy;
  private final ProjectDirectory projects;

  public QuotaSetResource(QuotaService quotas, PolicyEngine policy, ProjectDirectory projects) {
    this.quotas = quotas;
    this.policy = policy;
    this.projects = projects;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-quota-sets/{project_id}", this::show);
    r.put("/v2.1/os-quota-sets/{project_id}", this::update);
    r.delete("/v2.1/os-quota-sets/{project_id}", this::delete);
    r.get("/v2.1/os-quota-sets/{project_id}/defaults", this::defaults);
    r.get("/v2.1/os-quota-sets/{project_id}/detail", this::detail);
  }

  private String project(ApiRequest req, String action) {
    String projectId = req.param("project_id");
    policy.enforce("os_compute_api:os-quota-sets:" + action, req.context(),
        Map.of("project_id", projectId));
    return projectId;
  }

  private void verify(String projectId) {
    if (!projects.exists(projectId)) {
      throw ApiException.badRequest("Project ID " + projectId + " is not a valid project.");
    }
  }

  private static String userId(ApiRequest req, Microversion v) {
    if (v.atLeast(75)) {
      NovaInput.onlyQuery(req, Set.of("user_id"));
    }
    return req.queryParam("user_id").filter(s -> !s.isEmpty()).orElse(null);
  }

  private ApiResponse show(ApiRequest req) {
    String projectId = project(req, "show");
    verify(projectId);
    Microversion v = Microversion.of(req);
    return render(projectId, quotas.limits(projectId, userId(req, v)), v);
  }

  private ApiResponse detail(ApiRequest req) {
    String projectId = project(req, "detail");
    verify(projectId);
    Microversion v = Microversion.of(req);
    ObjectNode set = Json.object();
    set.put("id", projectId);
    quotas.details(projectId, userId(req, v)).forEach((k, d) -> {
      if (QuotaBodies.shownInSet(k, v)) {
        set.putObject(k).put("in_use", d.inUse()).put("limit", d.limit()).put("reserved", 0);
      }
    });
    ObjectNode body = Json.object();
    body.set("quota_set", set);
    return ApiResponse.ok(body);
  }

  private ApiResponse defaults(ApiRequest req) {
    String projectId = project(req, "defaults");
    verify(projectId);
    return render(projectId, quotas.defaults(), Microversion.of(req));
  }

  private ApiResponse update(ApiRequest req) {
    String projectId = project(req, "update");
    verify(projectId);
    Microversion v = Microversion.of(req);
    String userId = userId(req, v);
    ObjectNode in = NovaInput.root(req, "quota_set");
    Set<String> accepted = new LinkedHashSet<>();
    for (String k : QuotaService.BUILT_IN.keySet()) {
      if (QuotaBodies.shownInSet(k, v)) {
        accepted.add(k);
      }
    }
    Map<String, Integer> limits = QuotaBodies.limits(in, "quota_set", accepted, Set.of("force"));
    boolean force = NovaInput.bool(in, "force").orElse(false);
    quotas.update(projectId, userId, limits, force);
    return render(null, quotas.limits(projectId, userId), v);
  }

  private ApiResponse delete(ApiRequest req) {
    String projectId = project(req, "delete");
    quotas.clear(projectId, req.queryParam("user_id").filter(s -> !s.isEmpty()).orElse(null));
    return ApiResponse.empty(202);
  }

  private static ApiResponse render(String id, Map<String, Integer> limits, Microversion v) {
    ObjectNode set = Json.object();
    if (id != null) {
      set.put("id", id);
    }
    limits.forEach((k, limit) -> {
      if (QuotaBodies.shownInSet(k, v)) {
        set.put(k, limit);
      }
    });
    ObjectNode body = Json.object();
    body.set("quota_set", set);
    return ApiResponse.ok(body);
  }
}
