package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.volume.model.Attachment;
import dev.altus.volume.model.Volume;
import dev.altus.volume.model.VolumeStates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The attachments API (3.27+), the way a hypervisor attaches a volume today: create reserves the
 * volume for a server ({@code reserved}), update with the host's connector returns the connection
 * info ({@code attaching}), complete (3.44+) marks it {@code attached} and the volume {@code
 * in-use}, delete detaches (the volume is {@code available} when no attachment is left).
 */
public final class AttachmentService {
  public static final String RESERVED = "reserved";
  public static final String ATTACHING = "attaching";
  public static final String ATTACHED = "attached";
  private final VolumeService volumes;
  private final VolumeActions actions;

  public AttachmentService(VolumeService volumes, VolumeActions actions) {
    this.volumes = volumes;
    this.actions = actions;
  }

  /** An attachment with its volume, when the caller may see the volume; else 404. */
  public record Found(Attachment attachment, Volume volume) {}

  public Found get(RequestContext ctx, String id) {
    Attachment a = volumes.records.findAttachment(id).orElseThrow(() -> notFound(id));
    Volume v = volumes.records.find(a.volumeId()).orElseThrow(() -> notFound(id));
    if (!ctx.isAdmin() && !v.projectId().equals(ctx.projectId())) {
      throw notFound(id);
    }
    return new Found(a, v);
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("VolumeAttachment " + id + " could not be found.");
  }

  public List<Attachment> list(RequestContext ctx, boolean allTenants) {
    return volumes.records.attachmentsOfProject(allTenants && ctx.isAdmin() ? null
        : Access.projectOf(ctx));
  }

  /** Reserves the volume for {@code serverId}; with a connector, connects it at once. */
  public Attachment create(RequestContext ctx, String volumeId, String serverId,
      Map<String, Object> connector, String mode) {
    Volume v = volumes.get(ctx, volumeId);
    String m = mode == null ? "rw" : mode;
    if (!m.equals("rw") && !m.equals("ro")) {
      throw ApiException.badRequest("Invalid input received: mode must be 'rw' or 'ro', not '"
          + m + "'.");
    }
    if (v.readonly() && m.equals("rw")) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " is read-only;"
          + " attach it with mode 'ro'.");
    }
    VolumeStates.check(VolumeStates.Op.RESERVE, v.id(), v.status());
    if (!volumes.records.transition(v.id(), Set.of(v.status()), VolumeStates.RESERVED,
        volumes.now())) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id()
          + " changed status; try again.");
    }
    Attachment a = new Attachment(UUID.randomUUID().toString(), v.id(), serverId, null, null, m,
        RESERVED, 0, null);
    volumes.records.insertAttachment(a);
    return connector == null ? a : update(ctx, a.id(), connector);
  }

  /** Gives the attachment its host's connector; the volume is then attaching. */
  public Attachment update(RequestContext ctx, String id, Map<String, Object> connector) {
    Found f = get(ctx, id);
    Attachment a = f.attachment();
    if (connector == null) {
      throw ApiException.badRequest("Invalid input received: a connector is required to update"
          + " an attachment.");
    }
    String status = a.status().equals(ATTACHED) ? ATTACHED : ATTACHING;
    String device = connector.get("mountpoint") instanceof String s ? s : a.device();
    String host = connector.get("host") instanceof String s ? s : a.hostName();
    Attachment next = new Attachment(a.id(), a.volumeId(), a.serverId(), host, device,
        a.mode(), status, a.attachedAt(), Json.MAPPER.valueToTree(connector).toString());
    if (!status.equals(ATTACHED)) {
      volumes.records.transition(a.volumeId(), Set.of(VolumeStates.RESERVED),
          VolumeStates.ATTACHING, volumes.now());
    }
    volumes.records.updateAttachment(next);
    return next;
  }

  /** The connection info a connected attachment hands the hypervisor, or null before. */
  public Map<String, Object> connectionInfo(RequestContext ctx, Attachment a) {
    if (a.connector() == null) {
      return null;
    }
    Map<String, Object> info = new HashMap<>(actions.initializeConnection(ctx, a.volumeId()));
    @SuppressWarnings("unchecked")
    Map<String, Object> data = new HashMap<>((Map<String, Object>) info.get("data"));
    data.put("access_mode", a.mode());
    info.put("data", data);
    info.put("attachment_id", a.id());
    return info;
  }

  /** The hypervisor attached the volume: it is in use. */
  public void complete(RequestContext ctx, String id) {
    Found f = get(ctx, id);
    Attachment a = f.attachment();
    if (a.status().equals(ATTACHED)) {
      return;
    }
    if (a.connector() == null) {
      throw ApiException.badRequest("Invalid volume: attachment " + a.id() + " has no"
          + " connector yet; update it with the host's connector before completing it.");
    }
    volumes.records.updateAttachment(a.with(ATTACHED, volumes.now(), a.connector()));
    volumes.records.transition(a.volumeId(), Set.of(VolumeStates.ATTACHING,
        VolumeStates.RESERVED, VolumeStates.IN_USE), VolumeStates.IN_USE, volumes.now());
    Volume cur = volumes.records.find(a.volumeId()).orElseThrow();
    Map<String, String> admin = new HashMap<>(cur.adminMetadata());
    admin.put("attached_mode", a.mode());
    volumes.records.update(actions.withAdmin(cur, admin));
  }

  /** Detaches: the attachment goes; the volume is available when none is left. */
  public List<Attachment> delete(RequestContext ctx, String id) {
    Found f = get(ctx, id);
    Volume v = f.volume();
    if (!Set.of(VolumeStates.RESERVED, VolumeStates.ATTACHING, VolumeStates.IN_USE,
        VolumeStates.DETACHING).contains(v.status())) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " is " + v.status()
          + "; its attachment cannot be deleted now.");
    }
    actions.detach(ctx, v.id(), f.attachment().id(), true);
    return volumes.records.attachments(v.id());
  }
}
