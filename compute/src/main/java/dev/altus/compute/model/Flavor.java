package dev.altus.compute.model;

import java.util.Map;

/**
 * A server size. Servers keep a copy of the flavor they were created with, so deleting or changing
 * a flavor never changes a server.
 *
 * @param id the API id (flavorid), e.g. "1"
 * @param extraSpecs scheduler and driver hints (e.g. hw:cpu_policy, aggregate_instance_extra_specs:*)
 */
public record Flavor(String id, String name, int vcpus, int memoryMb, int rootGb,
    int ephemeralGb, int swapMb, double rxtxFactor, boolean isPublic, boolean disabled,
    String description, Map<String, String> extraSpecs) {
  public Flavor {
    extraSpecs = Map.copyOf(extraSpecs);
  }
}
