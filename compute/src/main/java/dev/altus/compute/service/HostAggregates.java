package dev.altus.compute.service;

import java.util.Map;

/**
 * What host aggregates say about a compute host, for the scheduler and the availability zone
 * views. Implemented by the aggregates part of the service.
 */
public interface HostAggregates {
  /** The availability zone of {@code host}: its aggregate's zone, else the default zone. */
  String zoneOf(String host);

  /** The metadata of every aggregate {@code host} is in, merged (key to values). */
  Map<String, java.util.Set<String>> metadataOf(String host);
}
