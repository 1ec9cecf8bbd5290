package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.volume.VolumeConfig;
import dev.altus.volume.backend.VolumeBackend;
import dev.altus.volume.client.ImageGateway;
import dev.altus.volume.model.Snapshot;
import dev.altus.volume.model.Volume;
import dev.altus.volume.model.VolumeStates;
import dev.altus.volume.model.VolumeType;
import dev.altus.volume.store.ImageMetadataRecords;
import dev.altus.volume.store.SnapshotRecords;
import dev.altus.volume.store.VolumeRecords;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volumes: create (empty, from a snapshot, from another volume), show, list, update, metadata,
 * extend, delete. The API answers as soon as the record is written; the {@link Worker} makes the
 * file and moves the volume from {@code creating} to {@code available} (or {@code error}).
 */
public final class VolumeService {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);
  final VolumeConfig config;
  final VolumeRecords records;
  final SnapshotRecords snapshots;
  final VolumeBackend backend;
  final TypeService types;
  final QuotaService quotas;
  final Worker worker;
  final Clock clock;

  public VolumeService(VolumeConfig config, VolumeRecords records, SnapshotRecords snapshots,
      VolumeBackend backend, TypeService types, QuotaService quotas, Worker worker, Clock clock) {
    this.config = config;
    this.records = records;
    this.snapshots = snapshots;
    this.backend = backend;
    this.types = types;
    this.quotas = quotas;
    this.worker = worker;
    this.clock = clock;
  }

  /** Whether the volume service may take new volumes (an admin may disable it). */
  private java.util.function.BooleanSupplier serviceEnabled = () -> true;
  Scheduler scheduler = new Scheduler(Map.of());
  private dev.altus.volume.store.MessageRecords messages;

  /**
   * Installs the scheduler, the check of the volume service's enabled flag it makes before
   * placing a volume, and where a refusal is told to the user.
   */
  public void scheduleWith(Scheduler s, java.util.function.BooleanSupplier enabled,
      dev.altus.volume.store.MessageRecords userMessages) {
    this.scheduler = s;
    this.serviceEnabled = enabled;
    this.messages = userMessages;
  }

  VolumeImages images;
  ImageMetadataRecords imageMetadata;

  /** Installs the image side: volumes from images, uploads, image metadata. */
  public void imagesWith(VolumeImages volumeImages, ImageMetadataRecords metadata) {
    this.images = volumeImages;
    this.imageMetadata = metadata;
  }

  long now() {
    return clock.millis();
  }

  /** The volume if the caller may see it, else 404. */
  public Volume get(RequestContext ctx, String id) {
    Volume v = records.find(id).orElseThrow(() -> notFound(id));
    if (!ctx.isAdmin() && !v.projectId().equals(ctx.projectId())) {
      throw notFound(id);
    }
    return v;
  }

  static ApiException notFound(String id) {
    return ApiException.notFound("Volume " + id + " could not be found.");
  }

  /** Volumes of the caller's project, or of all projects ({@code allTenants}, admins only). */
  public List<Volume> list(RequestContext ctx, boolean allTenants, String projectFilter) {
    if (allTenants && ctx.isAdmin()) {
      return projectFilter == null ? records.list(null) : records.list(projectFilter);
    }
    return records.list(Access.projectOf(ctx));
  }

  public Volume create(RequestContext ctx, VolumeDraft d) {
    return create(ctx, d, "req-" + UUID.randomUUID());
  }

  /** Creates a volume; {@code requestId} names the request in any user message about it. */
  public Volume create(RequestContext ctx, VolumeDraft d, String requestId) {
    String project = Access.projectOf(ctx);
    Snapshot snap = null;
    Volume source = null;
    if ((d.snapshotId() != null ? 1 : 0) + (d.sourceVolid() != null ? 1 : 0)
        + (d.imageRef() != null ? 1 : 0) > 1) {
      throw ApiException.badRequest("Invalid input received: only one of snapshot_id,"
          + " source_volid and imageRef may be given.");
    }
    ImageGateway.ImageInfo image = d.imageRef() == null ? null : images.source(ctx, d);
    if (d.snapshotId() != null) {
      snap = snapshots.find(d.snapshotId()).filter(s -> ctx.isAdmin()
              || s.projectId().equals(ctx.projectId()))
          .orElseThrow(() -> ApiException.notFound("Snapshot " + d.snapshotId()
              + " could not be found."));
      if (!snap.status().equals("available")) {
        throw ApiException.badRequest("Invalid snapshot: Originating snapshot status must be"
            + " 'available' to create a volume, but is " + snap.status() + ".");
      }
    }
    if (d.sourceVolid() != null) {
      source = get(ctx, d.sourceVolid());
      VolumeStates.check(VolumeStates.Op.CLONE, source.id(), source.status());
    }
    long sourceSize = snap != null ? snap.size() : source != null ? source.size()
        : image != null ? VolumeImages.sizeGb(image) : 0;
    long size = d.size() != null ? d.size() : sourceSize;
    if (size <= 0) {
      throw ApiException.badRequest("Invalid input received: Volume size '" + size
          + "' must be an integer and greater than 0.");
    }
    if (size < sourceSize) {
      throw ApiException.badRequest("Invalid input received: Volume size " + size + "GB cannot"
          + " be smaller than the " + (snap != null ? "snapshot" : source != null
          ? "source volume" : "image's size or minDisk,") + " size "
          + sourceSize + "GB.");
    }
    if (d.zone() != null && !d.zone().equals(config.zone())) {
      throw ApiException.badRequest("Invalid input received: Availability zone '" + d.zone()
          + "' is invalid.");
    }
    VolumeType type;
    if (d.volumeType() != null) {
      type = types.find(ctx, d.volumeType());
    } else if (source != null) {
      type = types.byId(source.typeId());
    } else {
      type = types.defaultType();
    }
    if (type == null) {
      type = types.defaultType();
    }
    long at = now();
    Map<String, String> admin = new HashMap<>();
    boolean bootable = d.bootable() != null ? d.bootable()
        : image != null || (source != null ? source.bootable()
        : snap != null && records.find(snap.volumeId()).map(Volume::bootable).orElse(false));
    Volume v = new Volume(UUID.randomUUID().toString(), project, ctx.userId(), d.name(),
        d.description(), size, VolumeStates.CREATING, config.zone(), type.id(),
        snap == null ? null : snap.id(), source == null ? null : source.id(), bootable,
        d.metadata() == null ? Map.of() : d.metadata(), admin,
        config.volumeHost() + "#" + backend.name(), at, at);
    synchronized (quotas.lock) {
      quotas.check(project, type.id(), 1, 0, size, size);
      records.insert(v);
    }
    // a copy keeps the image its source was made from, as Cinder's volume_glance_metadata does
    Map<String, String> imageMeta = image != null ? VolumeImages.metadataOf(image)
        : source != null ? imageMetadata.find(source.id())
        : snap != null ? imageMetadata.find(snap.volumeId()) : Map.of();
    imageMetadata.put(v.id(), imageMeta);
    Snapshot fromSnap = snap;
    Volume fromVolume = source;
    worker.submit("create volume " + v.id(),
        () -> build(v, fromSnap, fromVolume, image, requestId));
    return v;
  }

  private void build(Volume v, Snapshot snap, Volume source, ImageGateway.ImageInfo image,
      String requestId) {
    String refusal = scheduler.refusal(types.byId(v.typeId()), serviceEnabled.getAsBoolean(),
        config.volumeHost());
    if (refusal != null) {
      LOG.error("volume {}: No valid backend was found: {}", v.id(), refusal);
      // the message first: whoever sees the error status finds the message that explains it
      tell(v, requestId, "VOLUME_VOLUME_001_002", "schedule allocate volume:Could not find"
          + " any available weighted backend (" + refusal + ").");
      records.transition(v.id(), Set.of(VolumeStates.CREATING), VolumeStates.ERROR, now());
      return;
    }
    try {
      if (snap != null) {
        backend.createFromSnapshot(v.id(), snap.id(), v.size());
      } else if (source != null) {
        backend.cloneVolume(v.id(), source.id(), v.size());
      } else if (image != null) {
        backend.createFromImage(v.id(), images.open(image), image.diskFormat(), v.size());
      } else {
        backend.create(v.id(), v.size());
      }
    } catch (RuntimeException e) {
      LOG.error("volume {}: creation failed: {}", v.id(), e.getMessage());
      tell(v, requestId, image != null ? "VOLUME_VOLUME_001_005" : "VOLUME_VOLUME_001_003",
          "create volume:" + e.getMessage());
      records.transition(v.id(), Set.of(VolumeStates.CREATING), VolumeStates.ERROR, now());
      return;
    }
    if (!records.transition(v.id(), Set.of(VolumeStates.CREATING), VolumeStates.AVAILABLE,
        now())) {
      LOG.warn("volume {} left 'creating' while its file was made", v.id());
    }
  }

  /** A user message about a volume's failure, kept 30 days. */
  void tell(Volume v, String requestId, String code, String text) {
    if (messages != null) {
      long at = now();
      messages.insert(new dev.altus.volume.store.MessageRecords.Message(
          UUID.randomUUID().toString(), v.projectId(), requestId, "VOLUME", v.id(), code,
          "ERROR", text, at, at + 30L * 24 * 3600_000));
    }
  }

  public Volume update(RequestContext ctx, String id, String name, String description,
      Map<String, String> metadata, boolean setName, boolean setDescription) {
    Volume v = get(ctx, id);
    Volume u = new Volume(v.id(), v.projectId(), v.userId(), setName ? name : v.name(),
        setDescription ? description : v.description(), v.size(), v.status(), v.zone(),
        v.typeId(), v.snapshotId(), v.sourceVolid(), v.bootable(),
        metadata == null ? v.metadata() : metadata, v.adminMetadata(), v.host(), v.createdAt(),
        now());
    records.update(u);
    return u;
  }

  /** Replaces ({@code replace}) or merges the volume's metadata; returns the result. */
  public Map<String, String> setMetadata(RequestContext ctx, String id, Map<String, String> m,
      boolean replace) {
    Volume v = get(ctx, id);
    Map<String, String> out = new HashMap<>(replace ? Map.of() : v.metadata());
    out.putAll(m);
    records.update(new Volume(v.id(), v.projectId(), v.userId(), v.name(), v.description(),
        v.size(), v.status(), v.zone(), v.typeId(), v.snapshotId(), v.sourceVolid(),
        v.bootable(), out, v.adminMetadata(), v.host(), v.createdAt(), now()));
    return out;
  }

  public void deleteMetadata(RequestContext ctx, String id, String key) {
    Volume v = get(ctx, id);
    if (!v.metadata().containsKey(key)) {
      throw ApiException.notFound("Metadata item was not found");
    }
    Map<String, String> out = new HashMap<>(v.metadata());
    out.remove(key);
    records.update(new Volume(v.id(), v.projectId(), v.userId(), v.name(), v.description(),
        v.size(), v.status(), v.zone(), v.typeId(), v.snapshotId(), v.sourceVolid(),
        v.bootable(), out, v.adminMetadata(), v.host(), v.createdAt(), now()));
  }

  /**
   * Deletes a volume: refused while attached or in a transitional status, or while it has
   * snapshots unless {@code cascade}; {@code force} (admins) deletes from any status but an
   * attached one.
   */
  public void delete(RequestContext ctx, String id, boolean cascade, boolean force) {
    Volume v = get(ctx, id);
    if (!records.attachments(v.id()).isEmpty()) {
      throw ApiException.badRequest("Invalid volume: Volume status must be available or error"
          + " or error_restoring or error_extending or error_managing and must not be migrating,"
          + " attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated"
          + " from snapshots after volume transfer.");
    }
    if (!force) {
      VolumeStates.check(VolumeStates.Op.DELETE, v.id(), v.status());
    }
    List<Snapshot> snaps = snapshots.ofVolume(v.id());
    if (!snaps.isEmpty() && !cascade) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " still has "
          + snaps.size() + " dependent snapshot(s).");
    }
    if (cascade) {
      for (Snapshot s : snaps) {
        if (!s.status().equals("available") && !s.status().equals("error")) {
          throw ApiException.badRequest("Invalid volume: Snapshot " + s.id() + " of volume "
              + v.id() + " is " + s.status() + "; cascade needs available or error snapshots.");
        }
      }
    }
    if (!records.transition(v.id(), Set.of(v.status()), VolumeStates.DELETING, now())) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id()
          + " changed status while being deleted; try again.");
    }
    worker.submit("delete volume " + v.id(), () -> destroy(v.id(), snaps));
  }

  void destroy(String id, List<Snapshot> snaps) {
    try {
      for (Snapshot s : snaps) {
        backend.deleteSnapshot(s.id());
        snapshots.delete(s.id());
      }
      backend.delete(id);
      records.delete(id);
    } catch (RuntimeException e) {
      LOG.error("volume {}: deletion failed: {}", id, e.getMessage());
      records.transition(id, Set.of(VolumeStates.DELETING), VolumeStates.ERROR_DELETING, now());
    }
  }

  /** Grows a volume; {@code attachedToo} (3.42+) allows an in-use volume. */
  public void extend(RequestContext ctx, String id, long newSize, boolean attachedToo) {
    Volume v = get(ctx, id);
    VolumeStates.check(attachedToo ? VolumeStates.Op.EXTEND_ATTACHED : VolumeStates.Op.EXTEND,
        v.id(), v.status());
    if (newSize <= v.size()) {
      throw ApiException.badRequest("Invalid input received: New size for extend must be greater"
          + " than current size. (current: " + v.size() + ", extended: " + newSize + ").");
    }
    String back = v.status();
    synchronized (quotas.lock) {
      quotas.check(v.projectId(), v.typeId(), 0, 0, newSize - v.size(), newSize);
      if (!records.transition(v.id(), Set.of(back), VolumeStates.EXTENDING, now())) {
        throw ApiException.badRequest("Invalid volume: Volume " + v.id()
            + " changed status; try again.");
      }
    }
    worker.submit("extend volume " + v.id(), () -> {
      try {
        backend.extend(v.id(), newSize);
      } catch (RuntimeException e) {
        LOG.error("volume {}: extend failed: {}", v.id(), e.getMessage());
        records.transition(v.id(), Set.of(VolumeStates.EXTENDING),
            VolumeStates.ERROR_EXTENDING, now());
        return;
      }
      Volume cur = records.find(v.id()).orElseThrow();
      records.update(new Volume(cur.id(), cur.projectId(), cur.userId(), cur.name(),
          cur.description(), newSize, back, cur.zone(), cur.typeId(), cur.snapshotId(),
          cur.sourceVolid(), cur.bootable(), cur.metadata(), cur.adminMetadata(), cur.host(),
          cur.createdAt(), now()));
    });
  }

  /**
   * After a restart: what was being made is an error (its file may be incomplete and is
   * removed), what was being deleted is deleted, what was being extended is an extend error.
   */
  public void recover() {
    for (Volume v : records.withStatus(VolumeStates.CREATING)) {
      LOG.warn("volume {} was being created when the service stopped: now in error", v.id());
      try {
        backend.delete(v.id());
      } catch (RuntimeException e) {
        LOG.error("volume {}: cannot remove its partial file: {}", v.id(), e.getMessage());
      }
      records.transition(v.id(), Set.of(VolumeStates.CREATING), VolumeStates.ERROR, now());
    }
    for (Volume v : records.withStatus(VolumeStates.DELETING)) {
      LOG.warn("volume {} was being deleted when the service stopped: deleting it now", v.id());
      destroy(v.id(), snapshots.ofVolume(v.id()));
    }
    for (Volume v : records.withStatus(VolumeStates.EXTENDING)) {
      LOG.warn("volume {} was being extended when the service stopped: now error_extending",
          v.id());
      records.transition(v.id(), Set.of(VolumeStates.EXTENDING), VolumeStates.ERROR_EXTENDING,
          now());
    }
  }
}
