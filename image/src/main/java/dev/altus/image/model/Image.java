package dev.altus.image.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One image's record: Glance's core attributes, its extra (string) properties and tags. Immutable;
 * changes produce a new record through the {@code with...} methods.
 */
public record Image(
    String id,
    String name,
    ImageStatus status,
    String visibility,
    String owner,
    String diskFormat,
    String containerFormat,
    Long size,
    Long virtualSize,
    String checksum,
    String osHashAlgo,
    String osHashValue,
    int minDisk,
    int minRam,
    boolean isProtected,
    boolean osHidden,
    Map<String, String> properties,
    List<String> tags,
    Instant createdAt,
    Instant updatedAt) {

  public Image withStatus(ImageStatus s) {
    return new Image(id, name, s, visibility, owner, diskFormat, containerFormat, size, virtualSize,
        checksum, osHashAlgo, osHashValue, minDisk, minRam, isProtected, osHidden, properties, tags,
        createdAt, updatedAt);
  }

  public Image withTags(List<String> t) {
    return new Image(id, name, status, visibility, owner, diskFormat, containerFormat, size,
        virtualSize, checksum, osHashAlgo, osHashValue, minDisk, minRam, isProtected, osHidden,
        properties, List.copyOf(t), createdAt, updatedAt);
  }

  public Image withUpdatedAt(Instant at) {
    return new Image(id, name, status, visibility, owner, diskFormat, containerFormat, size,
        virtualSize, checksum, osHashAlgo, osHashValue, minDisk, minRam, isProtected, osHidden,
        properties, tags, createdAt, at);
  }
}
