package dev.altus.compute.virt;

import java.util.Map;

/**
 * Makes drivers of one kind, found with {@link java.util.ServiceLoader} by {@link #name()} (the
 * {@code compute.driver} option).
 */
public interface VirtDriverProvider {
  String name();

  /**
   * A driver for {@code host}. {@code options} are the driver's settings from the config (keys
   * without the {@code compute.<name>.} prefix); an invalid one is an IllegalArgumentException
   * whose message names the option and the fix.
   */
  VirtDriver create(String host, Map<String, String> options);

  /**
   * A driver for {@code host} that keeps its guests' files in {@code hostDir} (the compute
   * service's instances path for that host) unless its options say otherwise. Drivers with no
   * files ignore it.
   */
  default VirtDriver create(String host, Map<String, String> options, java.nio.file.Path hostDir) {
    return create(host, options);
  }
}
