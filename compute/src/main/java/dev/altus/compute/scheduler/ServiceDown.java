package dev.altus.compute.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Why a compute service counts as down, in the words the scheduler's fault and {@code altus
 * doctor} use: "down since 2026-12-07T21:00:00Z (no heartbeat for 95 s; compute.service_down_time
 * is 60 s)", "forced down by an operator", "down: it never reported".
 */
public final class ServiceDown {
  private ServiceDown() {}

  /** The reason, or null when the service reported within {@code downTime} and is not forced. */
  public static String why(boolean forcedDown, Long lastSeenUp, long now, Duration downTime) {
    if (forcedDown) {
      return "forced down by an operator (openstack compute service set --up to clear it)";
    }
    if (lastSeenUp == null) {
      return "down: it never reported (its compute agent did not start)";
    }
    long silent = now - lastSeenUp;
    if (silent <= downTime.toMillis()) {
      return null;
    }
    return "down since " + Instant.ofEpochMilli(lastSeenUp).truncatedTo(ChronoUnit.SECONDS)
        + " (no heartbeat for " + silent / 1000 + " s; compute.service_down_time is "
        + downTime.toSeconds() + " s)";
  }
}
