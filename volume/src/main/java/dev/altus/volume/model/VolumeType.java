package dev.altus.volume.model;

import java.util.Map;

/** A volume type: a name, extra specs the scheduler and backend read, and who may use it. */
public record VolumeType(
    String id,
    String name,
    String description,
    boolean isPublic,
    Map<String, String> extraSpecs) {

  /** Cinder's default type, present in every cloud. */
  public static final String DEFAULT_NAME = "__DEFAULT__";

  public VolumeType {
    extraSpecs = Map.copyOf(extraSpecs);
  }
}
