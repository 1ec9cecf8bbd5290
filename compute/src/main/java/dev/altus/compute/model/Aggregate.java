package dev.altus.compute.model;

import java.util.List;
import java.util.Map;

/**
 * A host aggregate: a named group of compute hosts with metadata. Its availability zone is the
 * metadata key {@code availability_zone}.
 */
public record Aggregate(int id, String uuid, String name, List<String> hosts,
    Map<String, String> metadata, long createdAt, Long updatedAt) {
  public static final String ZONE_KEY = "availability_zone";

  public Aggregate {
    hosts = List.copyOf(hosts);
    metadata = Map.copyOf(metadata);
  }

  /** The availability zone, or null when the aggregate is not one. */
  public String zone() {
    return metadata.get(ZONE_KEY);
  }
}
