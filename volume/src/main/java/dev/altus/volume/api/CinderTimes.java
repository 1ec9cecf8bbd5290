package dev.altus.volume.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Cinder writes them in bodies: UTC, microseconds, no zone suffix. */
public final class CinderTimes {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private CinderTimes() {}

  public static String format(long epochMillis) {
    return MICROS.format(Instant.ofEpochMilli(epochMillis));
  }
}
