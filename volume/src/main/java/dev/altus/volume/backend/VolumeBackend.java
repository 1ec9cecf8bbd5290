package dev.altus.volume.backend;

import java.util.Map;

/**
 * Where volumes' bytes live. Sizes are in GiB. Every operation either completes or leaves nothing
 * behind; failures are {@link BackendException}s with a message an operator can act on.
 */
public interface VolumeBackend {
  /** The backend's name, as in {@code <host>@<name>} and the volume's {@code host}. */
  String name();

  /** Checks the backend can work (tools present, directory writable); throws what to do if not. */
  void check();

  /** Creates an empty volume of {@code sizeGb}. */
  void create(String volumeId, long sizeGb);

  /** Creates a volume holding the bytes of {@code snapshotId}, grown to {@code sizeGb}. */
  void createFromSnapshot(String volumeId, String snapshotId, long sizeGb);

  /** Creates a volume holding the bytes of {@code sourceId}, grown to {@code sizeGb}. */
  void cloneVolume(String volumeId, String sourceId, long sizeGb);

  /** Grows a volume to {@code sizeGb}. */
  void extend(String volumeId, long sizeGb);

  /** Removes a volume's bytes; nothing to remove is no error. */
  void delete(String volumeId);

  /** Takes a point-in-time copy of a volume. */
  void snapshot(String snapshotId, String volumeId);

  /** Removes a snapshot's bytes; nothing to remove is no error. */
  void deleteSnapshot(String snapshotId);

  /**
   * How a hypervisor reaches the volume: Cinder's {@code connection_info} ({@code driver_volume_type}
   * and {@code data}).
   */
  Map<String, Object> connection(String volumeId);

  /** Total and free capacity in GiB, for the scheduler and the pools API. */
  long[] capacityGb();
}
