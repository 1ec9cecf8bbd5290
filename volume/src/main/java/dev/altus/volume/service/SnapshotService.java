package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.volume.model.Snapshot;
import dev.altus.volume.model.Volume;
import dev.altus.volume.model.VolumeStates;
import dev.altus.volume.store.SnapshotRecords;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots: a copy of a volume's bytes taken by the {@link Worker} ({@code creating} to {@code
 * available}); of an in-use volume only with {@code force}.
 */
public final class SnapshotService {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);
  public static final Set<String> STATUSES = Set.of("creating", "available", "deleting", "error",
      "error_deleting", "backing-up", "restoring", "unmanaging");
  private final VolumeService volumes;
  private final SnapshotRecords records;

  public SnapshotService(VolumeService volumes, SnapshotRecords records) {
    this.volumes = volumes;
    this.records = records;
  }

  public Snapshot get(RequestContext ctx, String id) {
    Snapshot s = records.find(id).orElseThrow(() -> notFound(id));
    if (!ctx.isAdmin() && !s.projectId().equals(ctx.projectId())) {
      throw notFound(id);
    }
    return s;
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Snapshot " + id + " could not be found.");
  }

  public List<Snapshot> list(RequestContext ctx, boolean allTenants, String projectFilter) {
    if (allTenants && ctx.isAdmin()) {
      return records.list(projectFilter);
    }
    return records.list(Access.projectOf(ctx));
  }

  public Snapshot create(RequestContext ctx, String volumeId, boolean force, String name,
      String description, Map<String, String> metadata) {
    Volume v = volumes.get(ctx, volumeId);
    VolumeStates.check(force ? VolumeStates.Op.SNAPSHOT_FORCED : VolumeStates.Op.SNAPSHOT,
        v.id(), v.status());
    long at = volumes.now();
    Snapshot s = new Snapshot(UUID.randomUUID().toString(), v.id(), v.projectId(),
        ctx.userId(), name, description, v.size(), "creating", 0,
        metadata == null ? Map.of() : metadata, at, at);
    synchronized (volumes.quotas.lock) {
      volumes.quotas.check(v.projectId(), v.typeId(), 0, 1, v.size(), 0);
      records.insert(s);
    }
    volumes.worker.submit("snapshot " + s.id(), () -> {
      String status = "available";
      try {
        volumes.backend.snapshot(s.id(), v.id());
      } catch (RuntimeException e) {
        LOG.error("snapshot {} of volume {} failed: {}", s.id(), v.id(), e.getMessage());
        status = "error";
      }
      Snapshot cur = records.find(s.id()).orElse(null);
      if (cur != null && cur.status().equals("creating")) {
        records.update(with(cur, status, status.equals("available") ? 100 : 0));
      }
    });
    return s;
  }

  public Snapshot update(RequestContext ctx, String id, String name, String description,
      boolean setName, boolean setDescription) {
    Snapshot s = get(ctx, id);
    Snapshot u = new Snapshot(s.id(), s.volumeId(), s.projectId(), s.userId(),
        setName ? name : s.name(), setDescription ? description : s.description(), s.size(),
        s.status(), s.progress(), s.metadata(), s.createdAt(), volumes.now());
    records.update(u);
    return u;
  }

  public Map<String, String> setMetadata(RequestContext ctx, String id, Map<String, String> m,
      boolean replace) {
    Snapshot s = get(ctx, id);
    Map<String, String> out = new HashMap<>(replace ? Map.of() : s.metadata());
    out.putAll(m);
    records.update(withMetadata(s, out));
    return out;
  }

  public void deleteMetadata(RequestContext ctx, String id, String key) {
    Snapshot s = get(ctx, id);
    if (!s.metadata().containsKey(key)) {
      throw ApiException.notFound("Metadata item was not found");
    }
    Map<String, String> out = new HashMap<>(s.metadata());
    out.remove(key);
    records.update(withMetadata(s, out));
  }

  public void delete(RequestContext ctx, String id, boolean force) {
    Snapshot s = get(ctx, id);
    if (!force && !Set.of("available", "error", "error_deleting").contains(s.status())) {
      throw ApiException.badRequest("Invalid snapshot: Volume Snapshot status must be available"
          + " or error, but current status is: " + s.status() + ".");
    }
    records.update(with(s, "deleting", s.progress()));
    volumes.worker.submit("delete snapshot " + s.id(), () -> destroy(s));
  }

  private void destroy(Snapshot s) {
    try {
      volumes.backend.deleteSnapshot(s.id());
      records.delete(s.id());
    } catch (RuntimeException e) {
      LOG.error("snapshot {}: deletion failed: {}", s.id(), e.getMessage());
      records.find(s.id()).ifPresent(c -> records.update(with(c, "error_deleting", c.progress())));
    }
  }

  public void resetStatus(RequestContext ctx, String id, String status) {
    Snapshot s = get(ctx, id);
    if (status == null || !STATUSES.contains(status)) {
      throw ApiException.badRequest("Must specify a valid status; '" + status + "' is not one.");
    }
    records.update(with(s, status, s.progress()));
  }

  /**
   * A hypervisor's report on a snapshot it takes itself (Nova's assisted snapshots): from
   * {@code creating} to {@code available} or {@code error}, from {@code deleting} to {@code
   * error_deleting}, with a progress such as {@code 80%}.
   */
  public void updateStatus(RequestContext ctx, String id, String status, String progress) {
    Snapshot s = get(ctx, id);
    Map<String, Set<String>> allowed = Map.of("creating", Set.of("creating", "available",
        "error"), "deleting", Set.of("deleting", "error_deleting"));
    if (status == null || !allowed.getOrDefault(s.status(), Set.of()).contains(status)) {
      throw ApiException.badRequest("Invalid snapshot: Provided snapshot status " + status
          + " not allowed from current status " + s.status() + ".");
    }
    int p = s.progress();
    if (progress != null) {
      if (!progress.matches("\\d{1,3}%?") || Integer.parseInt(progress.replace("%", "")) > 100) {
        throw ApiException.badRequest("progress must be an integer percentage, e.g. 80%.");
      }
      p = Integer.parseInt(progress.replace("%", ""));
    }
    records.update(with(s, status, p));
  }

  /** After a restart: snapshots being taken are errors, snapshots being deleted are deleted. */
  public void recover() {
    for (Snapshot s : records.withStatus("creating")) {
      LOG.warn("snapshot {} was being taken when the service stopped: now in error", s.id());
      try {
        volumes.backend.deleteSnapshot(s.id());
      } catch (RuntimeException e) {
        LOG.error("snapshot {}: cannot remove its partial file: {}", s.id(), e.getMessage());
      }
      records.update(with(s, "error", 0));
    }
    for (Snapshot s : records.withStatus("deleting")) {
      destroy(s);
    }
  }

  private Snapshot with(Snapshot s, String status, int progress) {
    return new Snapshot(s.id(), s.volumeId(), s.projectId(), s.userId(), s.name(),
        s.description(), s.size(), status, progress, s.metadata(), s.createdAt(), volumes.now());
  }

  private Snapshot withMetadata(Snapshot s, Map<String, String> m) {
    return new Snapshot(s.id(), s.volumeId(), s.projectId(), s.userId(), s.name(),
        s.description(), s.size(), s.status(), s.progress(), m, s.createdAt(), volumes.now());
  }
}
