package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.model.Volume;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.VolumeActions;
import dev.altus.volume.service.VolumeService;

/**
 * {@code POST /v3/{project_id}/volumes/{id}/action}: one action per body, named by its key
 * ({@code os-extend}, {@code os-attach}, {@code os-reset_status}, ...), each under its Cinder
 * policy rule.
 */
public final class VolumeActionResource {
  private final VolumeService volumes;
  private final VolumeActions actions;
  private final Access access;
  private final ImageAndTypeActions more;

  public VolumeActionResource(VolumeService volumes, VolumeActions actions, Access access,
      dev.altus.volume.service.VolumeImages images,
      dev.altus.volume.service.RetypeAndRevert changes,
      dev.altus.volume.service.TypeService types, VolumeViews views) {
    this.volumes = volumes;
    this.actions = actions;
    this.access = access;
    this.more = new ImageAndTypeActions(images, changes, types, access, views);
  }

  public void routes(Router r) {
    r.post(VolumeResource.P + "/volumes/{id}/action", this::action);
  }

  private ApiResponse action(ApiRequest req) {
    RequestContext ctx = req.context();
    JsonNode doc = req.json();
    if (!doc.isObject() || doc.size() != 1) {
      throw ApiException.badRequest("Malformed request body: exactly one action is expected.");
    }
    String name = doc.fieldNames().next();
    JsonNode body = doc.get(name);
    Volume v = volumes.get(ctx, req.param("id"));
    String id = v.id();
    String owner = v.projectId();
    if (ImageAndTypeActions.NAMES.contains(name)) {
      return more.handle(name, body, req, v);
    }
    switch (name) {
      case "os-extend" -> {
        boolean attached = VolumeMicroversion.of(req).atLeast(42) && v.status().equals("in-use");
        access.enforceOn(attached ? "volume:extend_attached_volume" : "volume:extend", ctx,
            owner);
        Long size = CinderInput.size(body.path("new_size").isMissingNode() ? null
            : body.get("new_size"), "new_size");
        if (size == null) {
          throw ApiException.badRequest("Invalid input for field/attribute new_size."
              + " 'new_size' is a required property");
        }
        volumes.extend(ctx, id, size, VolumeMicroversion.of(req).atLeast(42));
        return ApiResponse.empty(202);
      }
      case "os-set_bootable" -> {
        access.enforceOn("volume:update", ctx, owner);
        if (!body.has("bootable")) {
          throw ApiException.badRequest("Must specify bootable in request.");
        }
        actions.setBootable(ctx, id, CinderInput.bool(body.get("bootable"), "bootable"));
        return ApiResponse.empty(200);
      }
      case "os-update_readonly_flag" -> {
        access.enforceOn("volume:update_readonly_flag", ctx, owner);
        if (!body.has("readonly")) {
          throw ApiException.badRequest("Must specify readonly in request.");
        }
        actions.updateReadonly(ctx, id, CinderInput.bool(body.get("readonly"), "readonly"));
        return ApiResponse.empty(202);
      }
      case "os-reset_status" -> {
        access.enforceOn("volume_extension:volume_admin_actions:reset_status", ctx, owner);
        actions.resetStatus(ctx, id, CinderInput.text(body.get("status"), "status", 255),
            CinderInput.text(body.get("attach_status"), "attach_status", 255));
        return ApiResponse.empty(202);
      }
      case "os-force_delete" -> {
        access.enforceOn("volume_extension:volume_admin_actions:force_delete", ctx, owner);
        volumes.delete(ctx, id, false, true);
        return ApiResponse.empty(202);
      }
      case "os-reserve" -> {
        access.enforceOn("volume_extension:volume_actions:reserve", ctx, owner);
        actions.reserve(ctx, id);
        return ApiResponse.empty(202);
      }
      case "os-unreserve" -> {
        access.enforceOn("volume_extension:volume_actions:unreserve", ctx, owner);
        actions.unreserve(ctx, id);
        return ApiResponse.empty(202);
      }
      case "os-attach" -> {
        access.enforceOn("volume_extension:volume_actions:attach", ctx, owner);
        actions.attach(ctx, id, CinderInput.text(body.get("instance_uuid"), "instance_uuid", 36),
            CinderInput.text(body.get("host_name"), "host_name", 255),
            CinderInput.text(body.get("mountpoint"), "mountpoint", 255),
            CinderInput.text(body.get("mode"), "mode", 2));
        return ApiResponse.empty(202);
      }
      case "os-begin_detaching" -> {
        access.enforceOn("volume_extension:volume_actions:begin_detaching", ctx, owner);
        actions.beginDetaching(ctx, id);
        return ApiResponse.empty(202);
      }
      case "os-roll_detaching" -> {
        access.enforceOn("volume_extension:volume_actions:roll_detaching", ctx, owner);
        actions.rollDetaching(ctx, id);
        return ApiResponse.empty(202);
      }
      case "os-detach" -> {
        access.enforceOn("volume_extension:volume_actions:detach", ctx, owner);
        actions.detach(ctx, id, body.isObject()
            ? CinderInput.text(body.get("attachment_id"), "attachment_id", 36) : null);
        return ApiResponse.empty(202);
      }
      case "os-force_detach" -> {
        access.enforceOn("volume_extension:volume_admin_actions:force_detach", ctx, owner);
        actions.detach(ctx, id, body.isObject()
            ? CinderInput.text(body.get("attachment_id"), "attachment_id", 36) : null, true);
        return ApiResponse.empty(202);
      }
      case "os-initialize_connection" -> {
        access.enforceOn("volume_extension:volume_actions:initialize_connection", ctx, owner);
        if (!body.has("connector") || !body.get("connector").isObject()) {
          throw ApiException.badRequest("Must specify 'connector'");
        }
        ObjectNode out = Json.object();
        out.set("connection_info", Json.MAPPER.valueToTree(actions.initializeConnection(ctx,
            id)));
        return ApiResponse.ok(out);
      }
      case "os-terminate_connection" -> {
        access.enforceOn("volume_extension:volume_actions:terminate_connection", ctx, owner);
        if (!body.has("connector") || !body.get("connector").isObject()) {
          throw ApiException.badRequest("Must specify 'connector'");
        }
        actions.terminateConnection(ctx, id);
        return ApiResponse.empty(202);
      }
      default -> throw ApiException.badRequest("There is no such action: " + name);
    }
  }
}
