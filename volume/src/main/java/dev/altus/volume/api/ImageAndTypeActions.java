package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.json.Json;
import dev.altus.volume.model.Volume;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.RetypeAndRevert;
import dev.altus.volume.service.TypeService;
import dev.altus.volume.service.VolumeImages;
import java.util.Map;
import java.util.Set;

/**
 * The volume actions about images and types: {@code os-volume_upload_image}, {@code
 * os-show_image_metadata} / {@code os-set_image_metadata} / {@code os-unset_image_metadata},
 * {@code os-retype} and {@code revert} (3.40+).
 */
final class ImageAndTypeActions {
  static final Set<String> NAMES = Set.of("os-volume_upload_image", "os-show_image_metadata",
      "os-set_image_metadata", "os-unset_image_metadata", "os-retype", "revert");
  private static final Set<String> CONTAINER_FORMATS = Set.of("bare");
  private final VolumeImages images;
  private final RetypeAndRevert changes;
  private final TypeService types;
  private final Access access;
  private final VolumeViews views;

  ImageAndTypeActions(VolumeImages images, RetypeAndRevert changes, TypeService types,
      Access access, VolumeViews views) {
    this.images = images;
    this.changes = changes;
    this.types = types;
    this.access = access;
    this.views = views;
  }

  ApiResponse handle(String name, JsonNode body, ApiRequest req, Volume v) {
    RequestContext ctx = req.context();
    String owner = v.projectId();
    switch (name) {
      case "os-volume_upload_image" -> {
        access.enforceOn("volume_extension:volume_actions:upload_image", ctx, owner);
        return upload(body, req, v);
      }
      case "os-show_image_metadata" -> {
        access.enforceOn("volume_extension:volume_image_metadata:show", ctx, owner);
        return metadataAnswer(images.show(ctx, v.id()));
      }
      case "os-set_image_metadata" -> {
        access.enforceOn("volume_extension:volume_image_metadata:set", ctx, owner);
        JsonNode m = body.path("metadata");
        if (!m.isObject()) {
          throw ApiException.badRequest("Malformed request body: os-set_image_metadata needs a"
              + " 'metadata' object.");
        }
        return metadataAnswer(images.set(ctx, v.id(), CinderInput.metadata(m, "metadata")));
      }
      case "os-unset_image_metadata" -> {
        access.enforceOn("volume_extension:volume_image_metadata:remove", ctx, owner);
        String key = CinderInput.text(body.get("key"), "key", 255);
        if (key == null) {
          throw ApiException.badRequest("Invalid input for field/attribute key. 'key' is a"
              + " required property");
        }
        images.unset(ctx, v.id(), key);
        return ApiResponse.empty(200);
      }
      case "os-retype" -> {
        access.enforceOn("volume:retype", ctx, owner);
        changes.retype(ctx, v.id(), CinderInput.text(body.get("new_type"), "new_type", 255),
            CinderInput.text(body.get("migration_policy"), "migration_policy", 255));
        return ApiResponse.empty(202);
      }
      case "revert" -> {
        if (!VolumeMicroversion.of(req).atLeast(40)) {
          throw ApiException.badRequest("There is no such action: revert (it needs"
              + " microversion 3.40 or later).");
        }
        access.enforceOn("volume:revert_to_snapshot", ctx, owner);
        changes.revert(ctx, v.id(), CinderInput.text(body.get("snapshot_id"), "snapshot_id", 36));
        return ApiResponse.empty(202);
      }
      default -> throw new IllegalArgumentException(name);
    }
  }

  private static ApiResponse metadataAnswer(Map<String, String> m) {
    ObjectNode out = Json.object();
    out.set("metadata", VolumeViews.specs(m));
    return ApiResponse.ok(out);
  }

  private ApiResponse upload(JsonNode body, ApiRequest req, Volume v) {
    RequestContext ctx = req.context();
    if (!body.isObject()) {
      throw ApiException.badRequest("Malformed request body: os-volume_upload_image needs an"
          + " object.");
    }
    String imageName = CinderInput.text(body.get("image_name"), "image_name", 255);
    if (imageName == null) {
      throw ApiException.badRequest("Invalid input for field/attribute image_name."
          + " 'image_name' is a required property");
    }
    String diskFormat = body.hasNonNull("disk_format")
        ? CinderInput.text(body.get("disk_format"), "disk_format", 255) : "raw";
    if (!Set.of("raw", "qcow2", "vmdk", "vdi", "vhd", "vhdx").contains(diskFormat)) {
      throw ApiException.badRequest("Invalid disk-format '" + diskFormat + "' is specified."
          + " Allowed disk-formats are raw, qcow2, vmdk, vdi, vhd, vhdx.");
    }
    String containerFormat = body.hasNonNull("container_format")
        ? CinderInput.text(body.get("container_format"), "container_format", 255) : "bare";
    if (!CONTAINER_FORMATS.contains(containerFormat)) {
      throw ApiException.badRequest("Invalid container-format '" + containerFormat
          + "' is specified. Allowed container-formats are bare.");
    }
    boolean force = body.has("force") && CinderInput.bool(body.get("force"), "force");
    String visibility = "private";
    boolean isProtected = false;
    VolumeMicroversion mv = VolumeMicroversion.of(req);
    if (mv.atLeast(1)) {
      if (body.hasNonNull("visibility")) {
        visibility = CinderInput.text(body.get("visibility"), "visibility", 255);
        if (!Set.of("public", "private", "shared", "community").contains(visibility)) {
          throw ApiException.badRequest("Invalid visibility '" + visibility + "': public,"
              + " private, shared or community.");
        }
      }
      if (body.has("protected")) {
        isProtected = CinderInput.bool(body.get("protected"), "protected");
      }
      if (visibility.equals("public")) {
        access.enforceOn("volume_extension:volume_actions:upload_public", ctx, v.projectId());
      }
    }
    var started = images.upload(ctx, v.id(), new VolumeImages.Upload(imageName, diskFormat,
        containerFormat, visibility, isProtected, force), req.requestId());
    Volume cur = started.getKey();
    ObjectNode o = Json.object();
    o.put("id", cur.id());
    o.put("updated_at", CinderTimes.format(cur.updatedAt()));
    o.put("status", cur.status());
    o.put("display_description", cur.description());
    o.put("size", cur.size());
    var type = types.byId(cur.typeId());
    if (type == null) {
      o.putNull("volume_type");
    } else {
      o.set("volume_type", views.type(type, ctx.isAdmin(), false));
    }
    o.put("image_id", started.getValue());
    o.put("container_format", containerFormat);
    o.put("disk_format", diskFormat);
    o.put("image_name", imageName);
    if (mv.atLeast(1)) {
      o.put("visibility", visibility);
      o.put("protected", isProtected);
    }
    ObjectNode out = Json.object();
    out.set("os-volume_upload_image", o);
    return ApiResponse.json(202, out);
  }
}
