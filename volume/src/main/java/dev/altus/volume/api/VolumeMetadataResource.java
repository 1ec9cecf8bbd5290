package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.model.Snapshot;
import dev.altus.volume.model.Volume;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.SnapshotService;
import dev.altus.volume.service.VolumeService;
import java.util.Map;

/**
 * Metadata of volumes and snapshots: {@code .../metadata} (show, merge with POST, replace with
 * PUT) and {@code .../metadata/{key}} (show, set, delete), the same shape for both.
 */
public final class VolumeMetadataResource {
  private final VolumeService volumes;
  private final SnapshotService snapshots;
  private final Access access;

  public VolumeMetadataResource(VolumeService volumes, SnapshotService snapshots, Access access) {
    this.volumes = volumes;
    this.snapshots = snapshots;
    this.access = access;
  }

  /** The operations on one kind of owner (volume or snapshot). */
  private interface Target {
    Map<String, String> get(RequestContext ctx, String id, String action);

    Map<String, String> set(RequestContext ctx, String id, Map<String, String> m,
        boolean replace);

    void delete(RequestContext ctx, String id, String key);

    String prefix();
  }

  public void routes(Router r) {
    Target vol = new Target() {
      public Map<String, String> get(RequestContext ctx, String id, String action) {
        Volume v = volumes.get(ctx, id);
        access.enforceOn(action, ctx, v.projectId());
        return v.metadata();
      }

      public Map<String, String> set(RequestContext ctx, String id, Map<String, String> m,
          boolean replace) {
        return volumes.setMetadata(ctx, id, m, replace);
      }

      public void delete(RequestContext ctx, String id, String key) {
        volumes.deleteMetadata(ctx, id, key);
      }

      public String prefix() {
        return "volume:";
      }
    };
    Target snap = new Target() {
      public Map<String, String> get(RequestContext ctx, String id, String action) {
        Snapshot s = snapshots.get(ctx, id);
        access.enforceOn(action, ctx, s.projectId());
        return s.metadata();
      }

      public Map<String, String> set(RequestContext ctx, String id, Map<String, String> m,
          boolean replace) {
        return snapshots.setMetadata(ctx, id, m, replace);
      }

      public void delete(RequestContext ctx, String id, String key) {
        snapshots.deleteMetadata(ctx, id, key);
      }

      public String prefix() {
        return "snapshot";
      }
    };
    bind(r, VolumeResource.P + "/volumes/{id}/metadata", vol, "volume:get_volume_metadata",
        "volume:create_volume_metadata", "volume:update_volume_metadata",
        "volume:delete_volume_metadata");
    bind(r, VolumeResource.P + "/snapshots/{id}/metadata", snap, "volume:get_snapshot_metadata",
        "volume:update_snapshot_metadata", "volume:update_snapshot_metadata",
        "volume:delete_snapshot_metadata");
  }

  private void bind(Router r, String base, Target t, String read, String create, String update,
      String delete) {
    r.get(base, req -> ApiResponse.ok(wrap("metadata", t.get(req.context(), req.param("id"),
        read))));
    r.post(base, req -> {
      t.get(req.context(), req.param("id"), create);
      Map<String, String> m = bodyMap(req.json(), "metadata");
      return ApiResponse.ok(wrap("metadata", t.set(req.context(), req.param("id"), m, false)));
    });
    r.put(base, req -> {
      t.get(req.context(), req.param("id"), update);
      Map<String, String> m = bodyMap(req.json(), "metadata");
      return ApiResponse.ok(wrap("metadata", t.set(req.context(), req.param("id"), m, true)));
    });
    r.get(base + "/{key}", req -> {
      Map<String, String> m = t.get(req.context(), req.param("id"), read);
      String key = req.param("key");
      if (!m.containsKey(key)) {
        throw ApiException.notFound("Metadata item was not found");
      }
      return ApiResponse.ok(wrap("meta", Map.of(key, m.get(key))));
    });
    r.put(base + "/{key}", req -> {
      t.get(req.context(), req.param("id"), update);
      Map<String, String> m = bodyMap(req.json(), "meta");
      String key = req.param("key");
      if (m.size() != 1) {
        throw ApiException.badRequest("Request body contains too many items.");
      }
      if (!m.containsKey(key)) {
        throw ApiException.badRequest("Request body and URI mismatch");
      }
      t.set(req.context(), req.param("id"), m, false);
      return ApiResponse.ok(wrap("meta", m));
    });
    r.delete(base + "/{key}", req -> {
      t.get(req.context(), req.param("id"), delete);
      t.delete(req.context(), req.param("id"), req.param("key"));
      return ApiResponse.empty(200);
    });
  }

  private static Map<String, String> bodyMap(JsonNode doc, String key) {
    if (!doc.isObject() || !doc.has(key)) {
      throw ApiException.badRequest("Malformed request body: '" + key + "' is required.");
    }
    Map<String, String> m = CinderInput.metadata(doc.get(key), key);
    if (m == null) {
      throw ApiException.badRequest("Malformed request body: '" + key + "' must be an object.");
    }
    return m;
  }

  private static ObjectNode wrap(String key, Map<String, String> m) {
    ObjectNode o = Json.object();
    o.set(key, VolumeViews.specs(m));
    return o;
  }
}
