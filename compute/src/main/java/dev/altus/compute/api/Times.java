package dev.altus.compute.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The timestamp formats the compute API uses. */
public final class Times {
  private static final DateTimeFormatter ZULU =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private Times() {}

  /** "2024-05-01T12:00:00Z" (created, updated, fault created). */
  public static String zulu(long millis) {
    return ZULU.format(Instant.ofEpochMilli(millis));
  }

  /** "2024-05-01T12:00:00.000000" (launched_at, terminated_at, instance actions). */
  public static String micros(Long millis) {
    return millis == null ? null : MICROS.format(Instant.ofEpochMilli(millis));
  }

  /**
   * Parses an ISO 8601 time as clients send it (changes-since): with or without zone, seconds
   * fraction; 400 when unreadable.
   */
  public static long parse(String field, String text) {
    String t = text.trim().replace(' ', 'T');
    try {
      return java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e2) {
        try {
          return java.time.LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC)
              .toEpochMilli();
        } catch (java.time.format.DateTimeParseException e3) {
          throw dev.altus.common.error.ApiException.badRequest("Invalid filter field: " + field
              + ". '" + text + "' is not an ISO 8601 time.");
        }
      }
    }
  }
}
