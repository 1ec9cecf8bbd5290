package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Paging;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.model.Snapshot;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.SnapshotService;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code /v3/{project_id}/snapshots}: create (force for in-use), list, show, update, delete. */
public final class SnapshotResource {
  private static final String P = VolumeResource.P;
  private static final Map<String, Function<Snapshot, Comparable<?>>> SORT_KEYS = Map.of(
      "id", Snapshot::id, "name", Snapshot::name, "status", Snapshot::status,
      "size", Snapshot::size, "created_at", Snapshot::createdAt,
      "updated_at", Snapshot::updatedAt, "volume_id", Snapshot::volumeId);
  private final SnapshotService snapshots;
  private final Access access;
  private final VolumeViews views;
  private final int maxLimit;

  public SnapshotResource(SnapshotService snapshots, Access access, VolumeViews views,
      int maxLimit) {
    this.snapshots = snapshots;
    this.access = access;
    this.views = views;
    this.maxLimit = maxLimit;
  }

  public void routes(Router r) {
    r.post(P + "/snapshots", this::create);
    r.get(P + "/snapshots", req -> list(req, false));
    r.get(P + "/snapshots/detail", req -> list(req, true));
    r.get(P + "/snapshots/{id}", this::show);
    r.put(P + "/snapshots/{id}", this::update);
    r.delete(P + "/snapshots/{id}", this::delete);
    r.post(P + "/snapshots/{id}/action", this::action);
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    access.enforce("volume:create_snapshot", ctx);
    JsonNode body = req.json().path("snapshot");
    if (!body.isObject()) {
      throw ApiException.badRequest("Missing required element 'snapshot' in request body.");
    }
    String volumeId = CinderInput.text(body.get("volume_id"), "volume_id", 36);
    if (volumeId == null) {
      throw ApiException.notFound("Volume None could not be found.");
    }
    boolean force = body.has("force") && CinderInput.bool(body.get("force"), "force");
    String name = CinderInput.text(body.has("name") ? body.get("name")
        : body.get("display_name"), "name", 255);
    String description = CinderInput.text(body.has("description") ? body.get("description")
        : body.get("display_description"), "description", 255);
    Snapshot s = snapshots.create(ctx, volumeId, force, name, description,
        CinderInput.metadata(body.get("metadata"), "metadata"));
    ObjectNode out = Json.object();
    out.set("snapshot", views.snapshot(s, false, VolumeMicroversion.of(req)));
    return ApiResponse.json(202, out);
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    RequestContext ctx = req.context();
    access.enforce("volume:get_all_snapshots", ctx);
    boolean all = req.queryParam("all_tenants").map(s -> !s.equals("0")
        && !s.equalsIgnoreCase("false")).orElse(false) && ctx.isAdmin();
    List<Snapshot> found = snapshots.list(ctx, all, all
        ? req.queryParam("project_id").orElse(null) : null);
    var name = req.queryParam("name");
    var status = req.queryParam("status");
    var volumeId = req.queryParam("volume_id");
    found = found.stream()
        .filter(s -> name.isEmpty() || name.get().equals(s.name()))
        .filter(s -> status.isEmpty() || status.get().equals(s.status()))
        .filter(s -> volumeId.isEmpty() || volumeId.get().equals(s.volumeId()))
        .toList();
    found = CinderInput.sort(found, req.queryParam("sort").orElse(null),
        req.queryParam("sort_key").orElse(null), req.queryParam("sort_dir").orElse(null),
        SORT_KEYS);
    var marker = req.queryParam("marker");
    if (marker.isPresent() && found.stream().noneMatch(x -> x.id().equals(marker.get()))) {
      throw ApiException.notFound("Snapshot " + marker.get() + " could not be found.");
    }
    Paging.Page<Snapshot> page = Paging.page(CinderInput.offset(found, req.queryParam("offset")),
        Snapshot::id, req, maxLimit);
    VolumeMicroversion mv = VolumeMicroversion.of(req);
    ObjectNode out = Json.object();
    var arr = out.putArray("snapshots");
    page.items().forEach(s -> arr.add(views.snapshot(s, detail, mv)));
    if (CinderInput.nextLink(page.more(), page.items().size(), req)) {
      out.putArray("snapshots_links").addObject().put("rel", "next").put("href",
          views.url(req.path()) + "?limit=" + page.items().size() + "&marker="
              + page.items().get(page.items().size() - 1).id());
    }
    return ApiResponse.ok(out);
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    Snapshot s = snapshots.get(ctx, req.param("id"));
    access.enforceOn("volume:get_snapshot", ctx, s.projectId());
    ObjectNode out = Json.object();
    out.set("snapshot", views.snapshot(s, true, VolumeMicroversion.of(req)));
    return ApiResponse.ok(out);
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    Snapshot s = snapshots.get(ctx, req.param("id"));
    access.enforceOn("volume:update_snapshot", ctx, s.projectId());
    JsonNode body = req.json().path("snapshot");
    if (!body.isObject() || body.isEmpty()) {
      throw ApiException.badRequest("Missing required element 'snapshot' in request body.");
    }
    boolean setName = body.has("name") || body.has("display_name");
    boolean setDescription = body.has("description") || body.has("display_description");
    Snapshot u = snapshots.update(ctx, s.id(),
        CinderInput.text(body.has("name") ? body.get("name") : body.get("display_name"),
            "name", 255),
        CinderInput.text(body.has("description") ? body.get("description")
            : body.get("display_description"), "description", 255), setName, setDescription);
    ObjectNode out = Json.object();
    out.set("snapshot", views.snapshot(u, false, VolumeMicroversion.of(req)));
    return ApiResponse.ok(out);
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    Snapshot s = snapshots.get(ctx, req.param("id"));
    access.enforceOn("volume:delete_snapshot", ctx, s.projectId());
    snapshots.delete(ctx, s.id(), false);
    return ApiResponse.empty(202);
  }

  private ApiResponse action(ApiRequest req) {
    RequestContext ctx = req.context();
    Snapshot s = snapshots.get(ctx, req.param("id"));
    JsonNode doc = req.json();
    if (!doc.isObject() || doc.size() != 1) {
      throw ApiException.badRequest("Malformed request body: exactly one action is expected.");
    }
    String name = doc.fieldNames().next();
    JsonNode body = doc.get(name);
    switch (name) {
      case "os-reset_status" -> {
        access.enforceOn("volume_extension:snapshot_admin_actions:reset_status", ctx,
            s.projectId());
        snapshots.resetStatus(ctx, s.id(), CinderInput.text(body.get("status"), "status", 255));
      }
      case "os-force_delete" -> {
        access.enforceOn("volume_extension:snapshot_admin_actions:force_delete", ctx,
            s.projectId());
        snapshots.delete(ctx, s.id(), true);
      }
      case "os-update_snapshot_status" -> {
        access.enforceOn("snapshot_extension:snapshot_actions:update_snapshot_status", ctx,
            s.projectId());
        snapshots.updateStatus(ctx, s.id(), CinderInput.text(body.get("status"), "status", 255),
            CinderInput.text(body.get("progress"), "progress", 8));
      }
      default -> throw ApiException.badRequest("There is no such action: " + name);
    }
    return ApiResponse.empty(202);
  }
}
