package dev.altus.server;

import java.util.HashMap;
import java.util.Map;

/** Environments for test clouds, beyond the ten pairs Map.of takes. */
final class TestEnv {
  private TestEnv() {}

  /** The pairs name, value, name, value, ... as a map. */
  static Map<String, String> of(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Map.copyOf(env);
  }
}
