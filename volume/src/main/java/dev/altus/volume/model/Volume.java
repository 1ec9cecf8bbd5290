package dev.altus.volume.model;

import java.util.Map;

/**
 * A volume as stored. {@code size} is in GiB; {@code metadata} is the user's, {@code
 * adminMetadata} the service's own keys (readonly, attached_mode).
 */
public record Volume(
    String id,
    String projectId,
    String userId,
    String name,
    String description,
    long size,
    String status,
    String zone,
    String typeId,
    String snapshotId,
    String sourceVolid,
    boolean bootable,
    Map<String, String> metadata,
    Map<String, String> adminMetadata,
    String host,
    long createdAt,
    long updatedAt) {

  public Volume {
    metadata = Map.copyOf(metadata);
    adminMetadata = Map.copyOf(adminMetadata);
  }

  public boolean readonly() {
    return "True".equals(adminMetadata.get("readonly"));
  }

  public Volume withStatus(String s, long at) {
    return new Volume(id, projectId, userId, name, description, size, s, zone, typeId, snapshotId,
        sourceVolid, bootable, metadata, adminMetadata, host, createdAt, at);
  }
}
