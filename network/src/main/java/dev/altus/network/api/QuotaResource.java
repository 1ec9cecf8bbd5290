package dev.altus.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.network.service.Access;
import dev.altus.network.service.Errors;
import dev.altus.network.service.Quotas;
import java.util.LinkedHashMap;
import java.util.Map;

/** Routes for /v2.0/quotas: defaults, per-project limits (admin), details with usage. */
public final class QuotaResource {
  private final Quotas quotas;
  private final Access access;

  public QuotaResource(Quotas quotas, Access access) {
    this.quotas = quotas;
    this.access = access;
  }

  private void ownOrAdmin(RequestContext ctx, String project) {
    access.enforce("get_quota", ctx, Json.object().put("project_id", project));
  }

  private static ObjectNode limits(Map<String, Integer> m) {
    ObjectNode q = Json.object();
    m.forEach(q::put);
    return q;
  }

  public void routes(Router r) {
    r.get("/v2.0/quotas", req -> {
      access.enforce("get_quota", req.context(), null);
      ObjectNode body = Json.object();
      ArrayNode arr = body.putArray("quotas");
      for (String p : quotas.projectsWithLimits()) {
        ObjectNode q = limits(quotas.limits(p));
        q.put("tenant_id", p);
        q.put("project_id", p);
        arr.add(q);
      }
      return ApiResponse.ok(body);
    });
    r.get("/v2.0/quotas/{project}", req -> {
      ownOrAdmin(req.context(), req.param("project"));
      return ApiResponse.ok(Bodies.wrap("quota", limits(quotas.limits(req.param("project")))));
    });
    r.get("/v2.0/quotas/{project}/default", req -> {
      req.context();
      return ApiResponse.ok(Bodies.wrap("quota", limits(quotas.defaults())));
    });
    r.get("/v2.0/quotas/{project}/details", req -> {
      ownOrAdmin(req.context(), req.param("project"));
      return ApiResponse.ok(Bodies.wrap("quota", quotas.details(req.param("project"))));
    });
    r.put("/v2.0/quotas/{project}", req -> {
      access.enforce("update_quota", req.context(),
          Json.object().put("project_id", req.param("project")));
      JsonNode in = Bodies.unwrap(req, "quota");
      Map<String, Integer> m = new LinkedHashMap<>();
      var it = in.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (!e.getValue().canConvertToInt() && !e.getValue().isTextual()) {
          throw Errors.invalidInput("'" + e.getValue() + "' is not an integer");
        }
        try {
          m.put(e.getKey(), Integer.parseInt(e.getValue().asText().trim()));
        } catch (NumberFormatException x) {
          throw Errors.invalidInput("'" + e.getValue().asText() + "' is not an integer");
        }
      }
      quotas.set(req.param("project"), m);
      return ApiResponse.ok(Bodies.wrap("quota", limits(quotas.limits(req.param("project")))));
    });
    r.delete("/v2.0/quotas/{project}", req -> {
      access.enforce("delete_quota", req.context(),
          Json.object().put("project_id", req.param("project")));
      quotas.reset(req.param("project"));
      return ApiResponse.noContent();
    });
  }
}
