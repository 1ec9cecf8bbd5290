package dev.altus.volume.model;

import java.util.Map;

/** A point-in-time copy of a volume's bytes. {@code size} is the volume's size then, in GiB. */
public record Snapshot(
    String id,
    String volumeId,
    String projectId,
    String userId,
    String name,
    String description,
    long size,
    String status,
    int progress,
    Map<String, String> metadata,
    long createdAt,
    long updatedAt) {

  public Snapshot {
    metadata = Map.copyOf(metadata);
  }
}
