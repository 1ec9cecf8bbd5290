package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.service.QuotaService;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code /os-quota-class-sets/{class}} for admins: the {@code default} class sets the limits of
 * every project without its own.
 */
public final class QuotaClassResource {
  private final QuotaService quotas;
  private final PolicyEngine policy;

  public QuotaClassResource(QuotaService quotas, PolicyEngine policy) {
    this.quotas = quotas;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-quota-class-sets/{id}", this::show);
    r.put("/v2.1/os-quota-class-sets/{id}", this::update);
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("os_compute_api:os-quota-class-sets:show", req.context());
    String id = req.param("id");
    return render(id, quotas.classLimits(id), Microversion.of(req));
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("os_compute_api:os-quota-class-sets:update", req.context());
    String id = req.param("id");
    if (id.isEmpty() || id.length() > 255) {
      throw ApiException.badRequest("Invalid input received: quota_class_name has a length"
          + " outside 1 to 255.");
    }
    Microversion v = Microversion.of(req);
    ObjectNode in = NovaInput.root(req, "quota_class_set");
    Set<String> accepted = new LinkedHashSet<>();
    for (String k : QuotaService.BUILT_IN.keySet()) {
      if (v.atLeast(50) ? QuotaBodies.shownInClass(k, v) : true) {
        accepted.add(k);
      }
    }
    Map<String, Integer> limits = QuotaBodies.limits(in, "quota_class_set", accepted, Set.of());
    quotas.updateClass(id, limits);
    return render(null, quotas.classLimits(id), v);
  }

  private static ApiResponse render(String id, Map<String, Integer> limits, Microversion v) {
    ObjectNode set = Json.object();
    if (id != null) {
      set.put("id", id);
    }
    limits.forEach((k, limit) -> {
      if (QuotaBodies.shownInClass(k, v)) {
        set.put(k, limit);
      }
    });
    ObjectNode body = Json.object();
    body.set("quota_class_set", set);
    return ApiResponse.ok(body);
  }
}
