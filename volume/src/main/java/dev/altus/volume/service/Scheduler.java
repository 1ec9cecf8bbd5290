package dev.altus.volume.service;

import dev.altus.volume.model.VolumeType;
import java.util.Map;

/**
 * Places a volume on the backend, as Cinder's capabilities filter does: every extra spec of the
 * volume's type that names a capability (with or without the {@code capabilities:} prefix) must
 * equal the backend's, and the backend's service must be enabled. Says why when it does not fit.
 */
public final class Scheduler {
  private final Map<String, String> capabilities;

  /** {@code capabilities}: the backend's (volume_backend_name, storage_protocol, vendor_name, ...). */
  public Scheduler(Map<String, String> capabilities) {
    this.capabilities = Map.copyOf(capabilities);
  }

  /** Why the backend cannot take a volume of type {@code t}, or null when it can. */
  public String refusal(VolumeType t, boolean serviceEnabled, String backendHost) {
    if (!serviceEnabled) {
      return "the volume service " + backendHost + " is disabled";
    }
    if (t == null) {
      return null;
    }
    for (var e : t.extraSpecs().entrySet()) {
      String key = e.getKey().startsWith("capabilities:")
          ? e.getKey().substring("capabilities:".length()) : e.getKey();
      String have = capabilities.get(key);
      if (have != null && !have.equalsIgnoreCase(e.getValue().replaceFirst("^<is>\\s*", ""))) {
        return "backend " + backendHost + " has " + key + " '" + have + "', the volume type "
            + t.name() + " asks for '" + e.getValue() + "'";
      }
    }
    return null;
  }
}
