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

  /**
   * Creates a volume holding an image's disk, converted from {@code diskFormat} (the format its
   * header shows when that differs) and grown to {@code sizeGb}. An unsafe image (a backing
   * file, an external data file) or one whose disk is larger than {@code sizeGb} is refused.
   */
  void createFromImage(String volumeId, java.io.InputStream image, String diskFormat,
      long sizeGb);

  /** Hands {@code sink} the volume's disk converted to {@code diskFormat} (raw, qcow2, ...). */
  void exportImage(String volumeId, String diskFormat, ImageSink sink);

  /** What receives an exported disk's bytes. */
  @FunctionalInterface
  interface ImageSink {
    void accept(java.io.InputStream data) throws java.io.IOException;
  }

  /**
   * Puts a snapshot's bytes back into its volume, grown to {@code sizeGb} (the volume's size,
   * which an extend since the snapshot may have made larger); the volume's file is replaced
   * whole or not at all.
   */
  void revertToSnapshot(String volumeId, String snapshotId, long sizeGb);

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
