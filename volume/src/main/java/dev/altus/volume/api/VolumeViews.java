package dev.altus.volume.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.volume.model.Attachment;
import dev.altus.volume.model.Snapshot;
import dev.altus.volume.model.Volume;
import dev.altus.volume.model.VolumeStates;
import dev.altus.volume.model.VolumeType;
import java.util.List;
import java.util.Map;

/**
 * Volume, snapshot and type bodies as Cinder renders them for a microversion: fields a later
 * microversion added appear only when the request asks for it, since clients validate bodies
 * strictly.
 */
public final class VolumeViews {
  private final String publicUrl;

  public VolumeViews(String publicUrl) {
    this.publicUrl = publicUrl;
  }

  private void links(ObjectNode o, String project, String collection, String id) {
    var links = o.putArray("links");
    links.addObject().put("rel", "self")
        .put("href", publicUrl + "/v3/" + project + "/" + collection + "/" + id);
    links.addObject().put("rel", "bookmark")
        .put("href", publicUrl + "/" + project + "/" + collection + "/" + id);
  }

  /** An absolute URL for a path of this API (paging links must be URIs). */
  public String url(String path) {
    return publicUrl + path;
  }

  public ObjectNode summary(Volume v) {
    ObjectNode o = Json.object();
    o.put("id", v.id());
    links(o, v.projectId(), "volumes", v.id());
    o.put("name", v.name());
    return o;
  }

  /**
   * The detailed volume. {@code extended}: with the tenant attribute (show and list, not the
   * create and update answers, as Cinder); {@code admin}: also host and migration attributes.
   */
  public ObjectNode volume(Volume v, List<Attachment> attachments, VolumeType type,
      VolumeMicroversion mv, boolean extended, boolean admin, Map<String, String> imageMeta) {
    ObjectNode o = Json.object();
    o.put("id", v.id());
    o.put("status", v.status());
    o.put("size", v.size());
    o.put("availability_zone", v.zone());
    o.put("created_at", CinderTimes.format(v.createdAt()));
    o.put("updated_at", CinderTimes.format(v.updatedAt()));
    o.put("name", v.name());
    o.put("description", v.description());
    o.put("volume_type", type == null ? null : type.name());
    o.put("snapshot_id", v.snapshotId());
    o.put("source_volid", v.sourceVolid());
    o.put("consistencygroup_id", (String) null);
    o.put("user_id", v.userId());
    o.put("bootable", v.bootable() ? "true" : "false");
    o.put("encrypted", false);
    o.put("replication_status", (String) null);
    o.put("multiattach", false);
    o.put("migration_status", (String) null);
    // the service's own keys (readonly, attached_mode) show among the metadata, as in Cinder
    var meta = o.putObject("metadata");
    var all = new java.util.TreeMap<>(v.metadata());
    for (String k : List.of("readonly", "attached_mode")) {
      if (v.adminMetadata().containsKey(k)) {
        all.put(k, v.adminMetadata().get(k));
      }
    }
    all.forEach(meta::put);
    // shown by show and list, not in the create and update answers (as Cinder's extension does)
    if (extended && !imageMeta.isEmpty()) {
      o.set("volume_image_metadata", specs(imageMeta));
    }
    var atts = o.putArray("attachments");
    for (Attachment a : attachments) {
      atts.add(attachment(a));
    }
    links(o, v.projectId(), "volumes", v.id());
    if (extended) {
      o.put("os-vol-tenant-attr:tenant_id", v.projectId());
    }
    if (extended && admin) {
      o.put("os-vol-host-attr:host", v.host());
      o.put("os-vol-mig-status-attr:migstat", (String) null);
      o.put("os-vol-mig-status-attr:name_id", (String) null);
    }
    if (mv.atLeast(13)) {
      o.put("group_id", (String) null);
    }
    if (mv.atLeast(48)) {
      o.put("shared_targets", false);
      o.put("service_uuid", (String) null);
    }
    if (mv.atLeast(63)) {
      o.put("volume_type_id", v.typeId());
    }
    if (mv.atLeast(64)) {
      o.put("encryption_key_id", (String) null);
    }
    if (mv.atLeast(65)) {
      o.put("consumes_quota", true);
    }
    return o;
  }

  public ObjectNode attachment(Attachment a) {
    ObjectNode o = Json.object();
    o.put("id", a.volumeId());
    o.put("attachment_id", a.id());
    o.put("volume_id", a.volumeId());
    o.put("server_id", a.serverId());
    o.put("host_name", a.hostName());
    o.put("device", a.device());
    o.put("attached_at", a.attachedAt() == 0 ? null : CinderTimes.format(a.attachedAt()));
    return o;
  }

  public ObjectNode snapshot(Snapshot s, boolean detail, VolumeMicroversion mv) {
    ObjectNode o = Json.object();
    o.put("id", s.id());
    o.put("volume_id", s.volumeId());
    o.put("status", s.status());
    o.put("size", s.size());
    o.put("name", s.name());
    o.put("description", s.description());
    o.put("created_at", CinderTimes.format(s.createdAt()));
    o.put("updated_at", CinderTimes.format(s.updatedAt()));
    var meta = o.putObject("metadata");
    new java.util.TreeMap<>(s.metadata()).forEach(meta::put);
    if (detail) {
      o.put("os-extended-snapshot-attributes:progress", s.progress() + "%");
      o.put("os-extended-snapshot-attributes:project_id", s.projectId());
    }
    if (mv.atLeast(41)) {
      o.put("user_id", s.userId());
    }
    return o;
  }

  public ObjectNode type(VolumeType t, boolean admin) {
    return type(t, admin, true);
  }

  /** A type; {@code access}: with the access extension's attribute (not in update answers). */
  public ObjectNode type(VolumeType t, boolean admin, boolean access) {
    ObjectNode o = Json.object();
    o.put("id", t.id());
    o.put("name", t.name());
    o.put("description", t.description());
    o.put("is_public", t.isPublic());
    if (access) {
      o.put("os-volume-type-access:is_public", t.isPublic());
    }
    if (admin) {
      o.set("extra_specs", specs(t.extraSpecs()));
    }
    return o;
  }

  public static ObjectNode specs(Map<String, String> m) {
    ObjectNode o = Json.object();
    new java.util.TreeMap<>(m).forEach(o::put);
    return o;
  }

  /** Whether {@code status} may be passed to a status filter. */
  static boolean knownStatus(String status) {
    return VolumeStates.ALL.contains(status);
  }
}
