package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.volume.model.Snapshot;
import dev.altus.volume.model.Volume;
import dev.altus.volume.model.VolumeStates;
import dev.altus.volume.model.VolumeType;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two volume actions that change what a volume is without making a new one: {@code os-retype}
 * (another type on the same backend; no bytes move, so a type the backend cannot serve is
 * refused rather than migrated) and {@code revert} (3.40+: the volume's bytes back to its latest
 * snapshot, the file replaced whole by the worker while the volume is {@code reverting}).
 */
public final class RetypeAndRevert {
  private static final Logger LOG = LoggerFactory.getLogger(RetypeAndRevert.class);
  private final VolumeService volumes;

  public RetypeAndRevert(VolumeService volumes) {
    this.volumes = volumes;
  }

  /** Gives the volume the type {@code newType} (a name or an id). */
  public Volume retype(RequestContext ctx, String id, String newType, String migrationPolicy) {
    Volume v = volumes.get(ctx, id);
    if (newType == null || newType.isBlank()) {
      throw ApiException.badRequest("Invalid input for field/attribute new_type. 'new_type' is"
          + " a required property");
    }
    if (migrationPolicy != null && !Set.of("never", "on-demand").contains(migrationPolicy)) {
      throw ApiException.badRequest("Invalid input received: migration_policy must be 'never'"
          + " or 'on-demand', not '" + migrationPolicy + "'.");
    }
    VolumeStates.check(VolumeStates.Op.RETYPE, v.id(), v.status());
    VolumeType to = volumes.types.find(ctx, newType);
    if (to.id().equals(v.typeId())) {
      throw ApiException.badRequest("Invalid input received: Retype requires a different volume"
          + " type; the volume is already of type " + to.name() + ".");
    }
    String refusal = volumes.scheduler.refusal(to, true, volumes.config.volumeHost());
    if (refusal != null) {
      throw ApiException.badRequest("Invalid volume: the volume's backend cannot serve type "
          + to.name() + " (" + refusal + ") and this cloud has no other backend to migrate"
          + " it to.");
    }
    // the status is held while the type changes, so a concurrent operation cannot start; the
    // new type's quotas count the volume and its snapshots
    List<Snapshot> snaps = volumes.snapshots.ofVolume(v.id());
    synchronized (volumes.quotas.lock) {
      volumes.quotas.checkType(v.projectId(), to.id(), 1, snaps.size(),
          v.size() + snaps.stream().mapToLong(Snapshot::size).sum());
      if (!volumes.records.transition(v.id(), Set.of(v.status()), VolumeStates.RETYPING,
          volumes.now())) {
        throw ApiException.badRequest("Invalid volume: Volume " + v.id()
            + " changed status; try again.");
      }
    }
    Volume cur = volumes.records.find(v.id()).orElseThrow();
    Volume done = new Volume(cur.id(), cur.projectId(), cur.userId(), cur.name(),
        cur.description(), cur.size(), v.status(), cur.zone(), to.id(), cur.snapshotId(),
        cur.sourceVolid(), cur.bootable(), cur.metadata(), cur.adminMetadata(), cur.host(),
        cur.createdAt(), volumes.now());
    volumes.records.update(done);
    return done;
  }

  /** Reverts the volume to {@code snapshotId}, which must be its latest snapshot. */
  public void revert(RequestContext ctx, String id, String snapshotId) {
    Volume v = volumes.get(ctx, id);
    if (snapshotId == null) {
      throw ApiException.badRequest("Invalid input for field/attribute snapshot_id."
          + " 'snapshot_id' is a required property");
    }
    Snapshot s = volumes.snapshots.find(snapshotId)
        .filter(x -> ctx.isAdmin() || x.projectId().equals(ctx.projectId()))
        .orElseThrow(() -> ApiException.notFound("Snapshot " + snapshotId
            + " could not be found."));
    if (!s.volumeId().equals(v.id())) {
      throw ApiException.badRequest("Invalid snapshot: Snapshot " + s.id() + " is not of volume "
          + v.id() + ".");
    }
    List<Snapshot> all = volumes.snapshots.ofVolume(v.id());
    Snapshot latest = all.stream().max(Comparator.comparingLong(Snapshot::createdAt)
        .thenComparing(Snapshot::id)).orElseThrow();
    if (!latest.id().equals(s.id())) {
      throw ApiException.badRequest("Invalid snapshot: a volume can only be reverted to its"
          + " latest snapshot, which is " + latest.id() + ".");
    }
    if (!s.status().equals("available")) {
      throw ApiException.badRequest("Invalid snapshot: Snapshot " + s.id() + " status must be"
          + " available to revert to it, but is " + s.status() + ".");
    }
    if (v.size() < s.size()) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " is smaller than"
          + " snapshot " + s.id() + ".");
    }
    VolumeStates.check(VolumeStates.Op.REVERT, v.id(), v.status());
    if (!volumes.records.transition(v.id(), Set.of(v.status()), VolumeStates.REVERTING,
        volumes.now())) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id()
          + " changed status; try again.");
    }
    volumes.snapshots.update(withStatus(s, "restoring", volumes.now()));
    volumes.worker.submit("revert volume " + v.id() + " to snapshot " + s.id(), () -> {
      String after = VolumeStates.AVAILABLE;
      try {
        volumes.backend.revertToSnapshot(v.id(), s.id(), v.size());
      } catch (RuntimeException e) {
        LOG.error("volume {}: revert to snapshot {} failed: {}", v.id(), s.id(), e.getMessage());
        volumes.tell(v, "req-revert-" + s.id(), "VOLUME_VOLUME_009_002",
            "revert to snapshot:" + e.getMessage());
        after = VolumeStates.ERROR;
      }
      volumes.records.transition(v.id(), Set.of(VolumeStates.REVERTING), after, volumes.now());
      volumes.snapshots.find(s.id()).ifPresent(c -> volumes.snapshots.update(
          withStatus(c, "available", volumes.now())));
    });
  }

  private static Snapshot withStatus(Snapshot s, String status, long at) {
    return new Snapshot(s.id(), s.volumeId(), s.projectId(), s.userId(), s.name(),
        s.description(), s.size(), status, s.progress(), s.metadata(), s.createdAt(), at);
  }

  /**
   * After a restart: a revert the stop interrupted either replaced the file or did not (the file
   * is replaced whole); which is unknown, so the volume is an error an admin resets.
   */
  public void recover() {
    for (Volume v : volumes.records.withStatus(VolumeStates.REVERTING)) {
      LOG.warn("volume {} was being reverted when the service stopped: now in error", v.id());
      volumes.records.transition(v.id(), Set.of(VolumeStates.REVERTING), VolumeStates.ERROR,
          volumes.now());
    }
    for (Snapshot s : volumes.snapshots.withStatus("restoring")) {
      volumes.snapshots.update(withStatus(s, "available", volumes.now()));
    }
    for (Volume v : volumes.records.withStatus(VolumeStates.RETYPING)) {
      // a retype writes its type and status in one update: still retyping means it did not
      volumes.records.transition(v.id(), Set.of(VolumeStates.RETYPING),
          VolumeStates.afterDetach(volumes.records.attachments(v.id()).size()), volumes.now());
    }
  }
}
