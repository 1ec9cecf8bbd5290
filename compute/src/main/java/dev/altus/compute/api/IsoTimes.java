package dev.altus.compute.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times in the admin APIs' bodies as Nova writes them: UTC, no zone suffix, microseconds. */
final class IsoTimes {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private IsoTimes() {}

  static String of(long epochMillis) {
    return MICROS.format(Instant.ofEpochMilli(epochMillis));
  }

  static String ofNullable(Long epochMillis) {
    return epochMillis == null ? null : of(epochMillis);
  }
}
