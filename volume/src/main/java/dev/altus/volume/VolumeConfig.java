package dev.altus.volume;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The block storage service's settings.
 *
 * @param volumesDir where the file backend keeps one file per volume and snapshot
 *     (DATA_DIR/volumes)
 * @param publicUrl the endpoint's public URL without the version (http://HOST:8776)
 * @param policyFile an oslo.policy file overriding the default rules, or null
 * @param zone the availability zone volumes are created in
 * @param host the volume service's host name ({@code <host>@file} is the backend's service)
 * @param backend the backend name ({@code file})
 * @param quotas the default per-project quotas
 * @param reportInterval how often the services write their heartbeat
 * @param serviceDownTime a service whose last heartbeat is older is reported down
 * @param maxLimit the most items one list answer holds (osapi_max_limit)
 */
public record VolumeConfig(
    Path volumesDir,
    String publicUrl,
    Path policyFile,
    String zone,
    String host,
    String backend,
    Quotas quotas,
    Duration reportInterval,
    Duration serviceDownTime,
    int maxLimit) {

  /** Default quotas of a project; negative means unlimited. */
  public record Quotas(long volumes, long gigabytes, long snapshots, long perVolumeGigabytes) {
    public static Quotas defaults() {
      return new Quotas(10, 1000, 10, -1);
    }
  }

  public VolumeConfig {
    publicUrl = publicUrl.replaceAll("/+$", "");
    if (!backend.equals("file")) {
      throw new IllegalArgumentException("volume.backend: unknown backend '" + backend
          + "'; known: file");
    }
    if (maxLimit <= 0) {
      throw new IllegalArgumentException("volume.max_limit must be positive");
    }
  }

  /** All-in-one defaults under a data directory. */
  public static VolumeConfig defaults(Path dataDir, String publicUrl, String host) {
    return new VolumeConfig(dataDir.resolve("volumes"), publicUrl, null, "nova", host, "file",
        Quotas.defaults(), Duration.ofSeconds(10), Duration.ofSeconds(60), 1000);
  }

  public VolumeConfig withQuotas(Quotas q) {
    return new VolumeConfig(volumesDir, publicUrl, policyFile, zone, host, backend, q,
        reportInterval, serviceDownTime, maxLimit);
  }

  /** The volume service's host as Cinder names it: {@code <host>@<backend>}. */
  public String volumeHost() {
    return host + "@" + backend;
  }
}
