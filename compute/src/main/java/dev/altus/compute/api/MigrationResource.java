package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Paging;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.store.MigrationStore;
import dev.altus.compute.store.MigrationStore.Migration;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v2.1/os-migrations} (admins): the migrations of servers (resizes here). */
public final class MigrationResource {
  private final MigrationStore migrations;
  private final PolicyEngine policy;

  MigrationResource(MigrationStore migrations, PolicyEngine policy) {
    this.migrations = migrations;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-migrations", this::list);
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    policy.enforce("os_compute_api:os-migrations:index", ctx, ServerResource.target(ctx));
    var status = req.queryParam("status");
    var host = req.queryParam("host");
    var instance = req.queryParam("instance_uuid");
    var type = req.queryParam("migration_type");
    var source = req.queryParam("source_compute");
    var since = req.queryParam("changes-since").map(t -> Times.parse("changes-since", t));
    var user = req.queryParam("user_id");
    var project = req.queryParam("project_id");
    List<Migration> out = new ArrayList<>();
    for (Migration m : migrations.all()) {
      if (status.isPresent() && !status.get().equals(m.status())
          || instance.isPresent() && !instance.get().equals(m.serverId())
          || type.isPresent() && !type.get().equals(m.type())
          || source.isPresent() && !source.get().equals(m.sourceCompute())
          || host.isPresent() && !host.get().equals(m.sourceCompute())
              && !host.get().equals(m.destCompute())
          || v.atLeast(59) && since.isPresent() && (m.updatedAt() == null ? m.createdAt()
              : m.updatedAt()) < since.get()
          || v.atLeast(80) && user.isPresent() && !user.get().equals(m.userId())
          || v.atLeast(80) && project.isPresent() && !project.get().equals(m.projectId())) {
        continue;
      }
      out.add(m);
    }
    if (v.atLeast(59)) {
      // no page size of its own: without a limit the page is everything after the marker
      out = Paging.page(out, x -> x.uuid(), req, Integer.MAX_VALUE).items();
    }
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("migrations");
    for (Migration m : out) {
      ObjectNode o = list.addObject();
      o.put("id", m.id());
      o.put("status", m.status());
      o.put("instance_uuid", m.serverId());
      o.put("source_node", m.sourceNode());
      o.put("source_compute", m.sourceCompute());
      o.put("dest_node", m.destNode());
      o.put("dest_compute", m.destCompute());
      o.put("dest_host", m.destHost());
      putFlavor(o, "old_instance_type_id", m.oldFlavorId());
      putFlavor(o, "new_instance_type_id", m.newFlavorId());
      o.put("created_at", Times.micros(m.createdAt()));
      o.put("updated_at", Times.micros(m.updatedAt()));
      if (v.atLeast(23)) {
        o.put("migration_type", m.type());
      }
      if (v.atLeast(59)) {
        o.put("uuid", m.uuid());
      }
      if (v.atLeast(80)) {
        o.put("user_id", m.userId());
        o.put("project_id", m.projectId());
      }
    }
    return ApiResponse.ok(body);
  }

  /** Nova shows its internal integer flavor id; a flavor id that is not a number shows null. */
  private static void putFlavor(ObjectNode o, String field, String flavorId) {
    try {
      o.put(field, flavorId == null ? null : Integer.valueOf(flavorId));
    } catch (NumberFormatException e) {
      o.putNull(field);
    }
  }
}
