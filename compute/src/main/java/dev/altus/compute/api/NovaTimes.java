package dev.altus.compute.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Nova writes them in bodies: UTC, no zone suffix, microseconds. */
public final class NovaTimes {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private NovaTimes() {}

  /** {@code 2024-05-01T10:00:00.000000} for epoch milliseconds. */
  public static String format(long epochMillis) {
    return MICROS.format(Instant.ofEpochMilli(epochMillis));
  }
}
