package dev.altus.compute.virt;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the virt driver named in the config ({@code compute.driver}) among the installed ones. */
public final class VirtDrivers {
  private VirtDrivers() {}

  /** The names of the drivers on the class path, sorted. */
  public static List<String> names() {
    return ServiceLoader.load(VirtDriverProvider.class).stream()
        .map(p -> p.get().name()).sorted().toList();
  }

  /**
   * A driver of kind {@code name} for {@code host}; an unknown name or a bad option is an
   * IllegalArgumentException that says what exists or what to fix, so the process stops at start.
   */
  public static VirtDriver create(String name, String host, Map<String, String> options) {
    for (VirtDriverProvider p : ServiceLoader.load(VirtDriverProvider.class)) {
      if (p.name().equals(name)) {
        return p.create(host, options);
      }
    }
    throw new IllegalArgumentException("compute.driver = " + name + " is not a virt driver of"
        + " this build; the drivers are: " + String.join(", ", names()));
  }
}
