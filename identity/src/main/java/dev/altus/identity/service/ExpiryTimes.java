package dev.altus.identity.service;

import dev.altus.common.error.ApiException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Expiry times of application credentials and trusts, kept to the microsecond as clients send
 * them. Keystone shows a trust's expiry with a trailing {@code Z} and an application credential's
 * without one (as Python's {@code isoformat()} of a naive UTC time), always with six fraction
 * digits.
 */
public final class ExpiryTimes {
  private static final DateTimeFormatter NAIVE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private ExpiryTimes() {}

  /**
   * Parses an ISO 8601 time (a time without zone is UTC) to epoch microseconds; a malformed time or
   * one in the past is a 400.
   */
  public static long parseFuture(String field, String text, long nowMillis) {
    long micros = parse(field, text);
    if (Math.floorDiv(micros, 1000L) <= nowMillis) {
      throw ApiException.badRequest("The '" + field + "' must not be before now.");
    }
    return micros;
  }

  /** Parses an ISO 8601 time to epoch microseconds; a malformed time is a 400. */
  public static long parse(String field, String text) {
    String t = text.trim();
    try {
      Instant i;
      if (t.endsWith("Z") || t.endsWith("z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        String norm = t.replaceFirst("z$", "Z").replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2");
        i = OffsetDateTime.parse(norm, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } else {
        i = LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
      }
      return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ApiException.badRequest("Invalid input for field '" + field + "': '" + text
          + "' is not an ISO 8601 time such as 2030-01-01T00:00:00.000000Z.");
    }
  }

  /** {@code 2030-01-01T00:00:00.000000Z}: a trust's expiry. */
  public static String withZone(long micros) {
    return naive(micros) + "Z";
  }

  /** {@code 2030-01-01T00:00:00.000000}: an application credential's expiry. */
  public static String naive(long micros) {
    return NAIVE.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
  }
}
