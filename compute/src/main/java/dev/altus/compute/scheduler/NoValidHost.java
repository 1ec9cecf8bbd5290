package dev.altus.compute.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** No host can run a server; the message names each host and why it was rejected. */
public final class NoValidHost extends Exception {
  private final Map<String, String> reasons;

  public NoValidHost(Map<String, String> reasons) {
    super(message(reasons));
    this.reasons = new LinkedHashMap<>(reasons);
  }

  /** Host to the reason it was rejected. */
  public Map<String, String> reasons() {
    return reasons;
  }

  private static String message(Map<String, String> reasons) {
    if (reasons.isEmpty()) {
      return "No valid host was found. There are no compute hosts.";
    }
    return "No valid host was found. " + reasons.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
  }
}
