package dev.altus.network.api;

import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.network.service.AutoAllocation;
import dev.altus.network.service.Errors;
import java.util.List;

/** Routes for /v2.0/auto-allocated-topology/{project_id} ("get me a network"). */
public final class AutoAllocationResource {
  private final AutoAllocation auto;

  public AutoAllocationResource(AutoAllocation auto) {
    this.auto = auto;
  }

  public void routes(Router r) {
    r.get("/v2.0/auto-allocated-topology/{project_id}", req -> {
      List<String> fields = req.query().getOrDefault("fields", List.of());
      boolean dryRun = fields.contains("dry-run");
      if (!dryRun && !fields.isEmpty()) {
        throw Errors.badRequest("Unrecognized field");
      }
      return ApiResponse.ok(Bodies.wrap("auto_allocated_topology",
          auto.get(req.context(), req.param("project_id"), dryRun)));
    });
    r.delete("/v2.0/auto-allocated-topology/{project_id}", req -> {
      auto.delete(req.context(), req.param("project_id"));
      return ApiResponse.noContent();
    });
  }
}
