package dev.altus.volume.service;

import java.util.Map;

/**
 * What a create request asks for, validated: size in GiB (null to take the source's), the type by
 * name or id (null for the default) and at most one source
 * (a snapshot, a volume or an image).
 */
public record VolumeDraft(
    Long size,
    String name,
    String description,
    String volumeType,
    String zone,
    Map<String, String> metadata,
    Boolean bootable,
    String snapshotId,
    String sourceVolid,
    String imageRef) {}
