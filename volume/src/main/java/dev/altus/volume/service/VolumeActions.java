package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.volume.model.Attachment;
import dev.altus.volume.model.Volume;
import dev.altus.volume.model.VolumeStates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The volume actions a hypervisor and an admin drive: reserve, attach, begin / roll back
 * detaching, detach, connection info, set bootable, read-only flag, reset status. Attachments are
 * recorded; the connection info names the backend's disk source for the hypervisor.
 */
public final class VolumeActions {
  private final VolumeService volumes;

  public VolumeActions(VolumeService volumes) {
    this.volumes = volumes;
  }

  private void move(Volume v, VolumeStates.Op op, String to) {
    VolumeStates.check(op, v.id(), v.status());
    if (!volumes.records.transition(v.id(), Set.of(v.status()), to, volumes.now())) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id()
          + " changed status; try again.");
    }
  }

  public void reserve(RequestContext ctx, String id) {
    Volume v = volumes.get(ctx, id);
    move(v, VolumeStates.Op.RESERVE, VolumeStates.ATTACHING);
  }

  public void unreserve(RequestContext ctx, String id) {
    Volume v = volumes.get(ctx, id);
    VolumeStates.check(VolumeStates.Op.UNRESERVE, v.id(), v.status());
    String to = VolumeStates.afterDetach(volumes.records.attachments(v.id()).size());
    volumes.records.transition(v.id(), Set.of(v.status()), to, volumes.now());
  }

  /** Records an attachment to a server (or a host) and makes the volume in-use. */
  public Attachment attach(RequestContext ctx, String id, String serverId, String hostName,
      String mountpoint, String mode) {
    Volume v = volumes.get(ctx, id);
    if (serverId == null && hostName == null) {
      throw ApiException.badRequest("Invalid request to attach volume: one of instance_uuid and"
          + " host_name must be given.");
    }
    String m = mode == null ? "rw" : mode;
    if (!m.equals("rw") && !m.equals("ro")) {
      throw ApiException.badRequest("Invalid request to attach volume to an instance: mode must"
          + " be 'rw' or 'ro', not '" + m + "'.");
    }
    if (v.readonly() && m.equals("rw")) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " is read-only;"
          + " attach it with mode 'ro'.");
    }
    move(v, VolumeStates.Op.ATTACH, VolumeStates.IN_USE);
    Attachment a = new Attachment(UUID.randomUUID().toString(), v.id(), serverId, hostName,
        mountpoint, m, "attached", volumes.now(), null);
    volumes.records.insertAttachment(a);
    Map<String, String> admin = new HashMap<>(v.adminMetadata());
    admin.put("attached_mode", m);
    Volume cur = volumes.records.find(v.id()).orElseThrow();
    volumes.records.update(withAdmin(cur, admin));
    return a;
  }

  public void beginDetaching(RequestContext ctx, String id) {
    Volume v = volumes.get(ctx, id);
    move(v, VolumeStates.Op.BEGIN_DETACHING, VolumeStates.DETACHING);
  }

  public void rollDetaching(RequestContext ctx, String id) {
    Volume v = volumes.get(ctx, id);
    if (v.status().equals(VolumeStates.DETACHING)) {
      move(v, VolumeStates.Op.ROLL_DETACHING, VolumeStates.IN_USE);
    }
  }

  /** Removes one attachment (or the only one); the volume is available when none is left. */
  public void detach(RequestContext ctx, String id, String attachmentId) {
    detach(ctx, id, attachmentId, false);
  }

  /** {@code force} (admins' os-force_detach): from any status, e.g. after a reset to error. */
  public void detach(RequestContext ctx, String id, String attachmentId, boolean force) {
    Volume v = volumes.get(ctx, id);
    List<Attachment> all = volumes.records.attachments(v.id());
    if (all.isEmpty() && v.status().equals(VolumeStates.AVAILABLE)) {
      return; // already detached: nothing to do, as Cinder answers a repeated detach
    }
    if (!force) {
      VolumeStates.check(VolumeStates.Op.DETACH, v.id(), v.status());
    }
    Attachment a;
    if (attachmentId != null) {
      a = all.stream().filter(x -> x.id().equals(attachmentId)).findFirst()
          .orElseThrow(() -> ApiException.badRequest("Invalid volume: Attachment "
              + attachmentId + " of volume " + v.id() + " not found."));
    } else if (all.size() == 1) {
      a = all.get(0);
    } else if (all.isEmpty()) {
      a = null;
    } else {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " has "
          + all.size() + " attachments; name the one to detach with attachment_id.");
    }
    if (a != null) {
      volumes.records.deleteAttachment(a.id());
    }
    int left = all.size() - (a == null ? 0 : 1);
    volumes.records.transition(v.id(), Set.of(v.status()), VolumeStates.afterDetach(left),
        volumes.now());
    if (left == 0) {
      Volume cur = volumes.records.find(v.id()).orElseThrow();
      Map<String, String> admin = new HashMap<>(cur.adminMetadata());
      admin.remove("attached_mode");
      volumes.records.update(withAdmin(cur, admin));
    }
  }

  /** The connection info for a hypervisor; the volume must exist on the backend. */
  public Map<String, Object> initializeConnection(RequestContext ctx, String id) {
    Volume v = volumes.get(ctx, id);
    if (v.status().equals(VolumeStates.CREATING) || v.status().equals(VolumeStates.DELETING)
        || v.status().equals(VolumeStates.ERROR)) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " is " + v.status()
          + "; it cannot be connected.");
    }
    Map<String, Object> info = new HashMap<>(volumes.backend.connection(v.id()));
    @SuppressWarnings("unchecked")
    Map<String, Object> data = new HashMap<>((Map<String, Object>) info.get("data"));
    data.put("volume_id", v.id());
    data.put("access_mode", v.readonly() ? "ro" : "rw");
    info.put("data", data);
    return info;
  }

  /** Ends a connection; the file backend holds no per-connection state. */
  public void terminateConnection(RequestContext ctx, String id) {
    volumes.get(ctx, id);
  }

  public void setBootable(RequestContext ctx, String id, boolean bootable) {
    Volume v = volumes.get(ctx, id);
    VolumeStates.check(VolumeStates.Op.SET_BOOTABLE, v.id(), v.status());
    volumes.records.update(new Volume(v.id(), v.projectId(), v.userId(), v.name(),
        v.description(), v.size(), v.status(), v.zone(), v.typeId(), v.snapshotId(),
        v.sourceVolid(), bootable, v.metadata(), v.adminMetadata(), v.host(), v.createdAt(),
        volumes.now()));
  }

  public void updateReadonly(RequestContext ctx, String id, boolean readonly) {
    Volume v = volumes.get(ctx, id);
    VolumeStates.check(VolumeStates.Op.UPDATE_READONLY, v.id(), v.status());
    Map<String, String> admin = new HashMap<>(v.adminMetadata());
    admin.put("readonly", readonly ? "True" : "False");
    volumes.records.update(withAdmin(v, admin));
  }

  /** Admin: sets the status (and with attach_status 'detached', drops the attachments). */
  public void resetStatus(RequestContext ctx, String id, String status, String attachStatus) {
    Volume v = volumes.get(ctx, id);
    if (status != null && !VolumeStates.ALL.contains(status)) {
      throw ApiException.badRequest("Must specify a valid status; '" + status
          + "' is not one.");
    }
    if (attachStatus != null && !Set.of("attached", "detached").contains(attachStatus)) {
      throw ApiException.badRequest("Must specify a valid attach status; '" + attachStatus
          + "' is not one.");
    }
    if (status == null && attachStatus == null) {
      throw ApiException.badRequest("Must specify 'status', 'attach_status' or"
          + " 'migration_status' for update.");
    }
    if ("detached".equals(attachStatus)) {
      for (Attachment a : volumes.records.attachments(v.id())) {
        volumes.records.deleteAttachment(a.id());
      }
    }
    if (status != null) {
      volumes.records.transition(v.id(), Set.of(v.status()), status, volumes.now());
    }
  }

  Volume withAdmin(Volume v, Map<String, String> admin) {
    return new Volume(v.id(), v.projectId(), v.userId(), v.name(), v.description(), v.size(),
        v.status(), v.zone(), v.typeId(), v.snapshotId(), v.sourceVolid(), v.bootable(),
        v.metadata(), admin, v.host(), v.createdAt(), volumes.now());
  }
}
