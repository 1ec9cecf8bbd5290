package dev.altus.identity.service;

import dev.altus.common.error.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Keystone's timestamp format: {@code 2015-11-05T22:00:11.000000Z}. */
public final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String format(long epochMillis) {
    return FORMAT.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Parses an ISO 8601 time as clients send it (with or without zone, fraction). */
  public static long parse(String field, String text) {
    try {
      String t = text.trim();
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(t.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant().toEpochMilli();
      }
      return java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': '" + text
          + "' is not an ISO 8601 time such as 2030-01-01T00:00:00Z.");
    }
  }
}
