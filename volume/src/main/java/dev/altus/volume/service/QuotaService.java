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
    return m;
  }

  public Map<String, Long> limits(String projectId) {
    Map<String, Long> m = defaults();
    m.putAll(records.of(projectId));
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
    return m;
  }

  /** Sets limits; unknown resources and values below -1 are a 400. */
  public void update(String projectId, Map<String, Long> values) {
    for (var e : values.entrySet()) {
      if (!RESOURCES.contains(e.getKey())) {
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

  private static void exceeds(Map<String, Long> limit, Map<String, Long> used, String r, long add,
      String message) {
    long l = limit.get(r);
    if (add > 0 && l >= 0 && used.get(r) + add > l) {
      throw new ApiException(413, "OverQuota", message);
    }
  }
}
