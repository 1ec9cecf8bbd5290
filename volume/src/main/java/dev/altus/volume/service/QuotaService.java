package dev.altus.volume.service;

import dev.altus.common.error.ApiException;
import dev.altus.volume.VolumeConfig;
import dev.altus.volume.store.QuotaRecords;
import dev.altus.volume.store.SnapshotRecords;
import dev.altus.volume.store.VolumeRecords;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-project limits on volumes, gigabytes (volumes' and snapshots' together, as Cinder counts)
 * and snapshots, checked before anything is made. Checks and the records they guard happen under
 * one lock, so two concurrent creates cannot both pass the last free unit.
 */
public final class QuotaService {
  public static final List<String> RESOURCES = List.of("volumes", "gigabytes", "snapshots",
      "per_volume_gigabytes", "backups", "backup_gigabytes", "groups");
  private final VolumeConfig.Quotas defaults;
  private final QuotaRecords records;
  private final VolumeRecords volumes;
  private final SnapshotRecords snapshots;
  /** Where the default quota class's limits are kept (no project has this id). */
  static final String DEFAULT_CLASS = "quota-class:default";
  /** Held while a quota is checked and the new record written. */
  final Object lock = new Object();
  /** The resources counted per volume type, as {@code <resource>_<type name>}. */
  static final List<String> PER_TYPE = List.of("volumes", "gigabytes", "snapshots");
  /** The volume types by id (their names make the per-type keys). */
  private java.util.function.Supplier<List<dev.altus.volume.model.VolumeType>> types = List::of;

  /** Where the per-type keys' types come from. */
  public void typesFrom(java.util.function.Supplier<List<dev.altus.volume.model.VolumeType>> s) {
    this.types = s;
  }

  /** Whether {@code key} names a resource: a global one or one of an existing type. */
  private boolean known(String key) {
    if (RESOURCES.contains(key)) {
      return true;
    }
    return types.get().stream().anyMatch(t -> PER_TYPE.stream()
        .anyMatch(r -> key.equals(r + "_" + t.name())));
  }

  public QuotaService(VolumeConfig.Quotas defaults, QuotaRecords records, VolumeRecords volumes,
      SnapshotRecords snapshots) {
    this.defaults = defaults;
    this.records = records;
    this.volumes = volumes;
    this.snapshots = snapshots;
  }

  /** The {@code default} quota class's limits: the configured defaults as an admin changed them. */
  public Map<String, Long> defaults() {
    Map<String, Long> m = configured();
    m.putAll(records.of(DEFAULT_CLASS));
    m.keySet().removeIf(k -> !known(k)); // a deleted type's limits are not shown
    return m;
  }

  /** Sets limits of the {@code default} quota class, which every project without its own takes. */
  public void updateDefaults(Map<String, Long> values) {
    update(DEFAULT_CLASS, values);
  }

  private Map<String, Long> configured() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("volumes", defaults.volumes());
    m.put("gigabytes", defaults.gigabytes());
    m.put("snapshots", defaults.snapshots());
    m.put("per_volume_gigabytes", defaults.perVolumeGigabytes());
    m.put("backups", 10L);
    m.put("backup_gigabytes", 1000L);
    m.put("groups", 10L);
    // per type: unlimited unless set, as in Cinder
    for (var t : types.get()) {
      for (String r : PER_TYPE) {
        m.put(r + "_" + t.name(), -1L);
      }
    }
    return m;
  }

  public Map<String, Long> limits(String projectId) {
    Map<String, Long> m = defaults();
    m.putAll(records.of(projectId));
    m.keySet().removeIf(k -> !known(k));
    return m;
  }

  /** What a project uses of each resource. */
  public Map<String, Long> usage(String projectId) {
    long[] v = volumes.usage(projectId);
    long[] s = snapshots.usage(projectId);
    Map<String, Long> m = new LinkedHashMap<>();
    for (String r : RESOURCES) {
      m.put(r, 0L);
    }
    m.put("volumes", v[0]);
    m.put("gigabytes", v[1] + s[1]);
    m.put("snapshots", s[0]);
    for (var t : types.get()) {
      long[] tv = volumes.usage(projectId, t.id());
      long[] ts = snapshots.usage(projectId, t.id());
      m.put("volumes_" + t.name(), tv[0]);
      m.put("gigabytes_" + t.name(), tv[1] + ts[1]);
      m.put("snapshots_" + t.name(), ts[0]);
    }
    return m;
  }

  /** Sets limits; unknown resources and values below -1 are a 400. */
  public void update(String projectId, Map<String, Long> values) {
    for (var e : values.entrySet()) {
      if (!known(e.getKey())) {
        throw ApiException.badRequest("Bad key(s) in quota set: " + e.getKey());
      }
      if (e.getValue() < -1) {
        throw ApiException.badRequest("Quota limit " + e.getValue() + " for " + e.getKey()
            + " must be -1 or greater.");
      }
    }
    values.forEach((k, v) -> records.set(projectId, k, v));
  }

  public void reset(String projectId) {
    records.clear(projectId);
  }

  /** A 413 when adding {@code addVolumes}, {@code addSnapshots} and {@code addGb} exceeds a limit. */
  public void check(String projectId, int addVolumes, int addSnapshots, long addGb, long volumeGb) {
    Map<String, Long> limit = limits(projectId);
    Map<String, Long> used = usage(projectId);
    long per = limit.get("per_volume_gigabytes");
    if (volumeGb > 0 && per >= 0 && volumeGb > per) {
      throw new ApiException(413, "VolumeSizeExceedsLimit", "VolumeSizeExceedsLimit: Requested"
          + " volume size " + volumeGb + "G is larger than maximum allowed limit " + per + "G.");
    }
    exceeds(limit, used, "volumes", addVolumes, "VolumeLimitExceeded: Maximum number of volumes"
        + " allowed (" + limit.get("volumes") + ") exceeded for quota 'volumes'.");
    exceeds(limit, used, "snapshots", addSnapshots, "SnapshotLimitExceeded: Maximum number of"
        + " snapshots allowed (" + limit.get("snapshots") + ") exceeded");
    exceeds(limit, used, "gigabytes", addGb, "VolumeSizeExceedsAvailableQuota: Requested volume"
        + " or snapshot exceeds allowed gigabytes quota. Requested " + addGb + "G, quota is "
        + limit.get("gigabytes") + "G and " + used.get("gigabytes") + "G has been consumed.");
  }

  /** {@link #check}, then the limits of the volume type {@code typeId}. */
  public void check(String projectId, String typeId, int addVolumes, int addSnapshots,
      long addGb, long volumeGb) {
    check(projectId, addVolumes, addSnapshots, addGb, volumeGb);
    checkType(projectId, typeId, addVolumes, addSnapshots, addGb);
  }

  /** A 413 when adding to what a project holds of one volume type exceeds that type's limits. */
  public void checkType(String projectId, String typeId, int addVolumes, int addSnapshots,
      long addGb) {
    var type = types.get().stream().filter(t -> t.id().equals(typeId)).findFirst();
    if (type.isEmpty()) {
      return;
    }
    String n = type.get().name();
    Map<String, Long> limit = limits(projectId);
    Map<String, Long> used = usage(projectId);
    exceeds(limit, used, "volumes_" + n, addVolumes, "VolumeLimitExceeded: Maximum number of"
        + " volumes allowed (" + limit.get("volumes_" + n) + ") exceeded for quota 'volumes_"
        + n + "'.");
    exceeds(limit, used, "snapshots_" + n, addSnapshots, "SnapshotLimitExceeded: Maximum number"
        + " of snapshots allowed (" + limit.get("snapshots_" + n) + ") exceeded for quota"
        + " 'snapshots_" + n + "'.");
    exceeds(limit, used, "gigabytes_" + n, addGb, "VolumeSizeExceedsAvailableQuota: Requested"
        + " volume or snapshot exceeds allowed gigabytes_" + n + " quota. Requested " + addGb
        + "G, quota is " + limit.get("gigabytes_" + n) + "G and " + used.get("gigabytes_" + n)
        + "G has been consumed.");
  }

  private static void exceeds(Map<String, Long> limit, Map<String, Long> used, String r, long add,
      String message) {
    long l = limit.getOrDefault(r, -1L);
    if (add > 0 && l >= 0 && used.get(r) + add > l) {
      throw new ApiException(413, "OverQuota", message);
    }
  }
}
