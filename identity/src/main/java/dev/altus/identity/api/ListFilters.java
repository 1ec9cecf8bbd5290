package dev.altus.identity.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.identity.service.Times;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Keystone's list query filters: {@code attr=value} matches exactly, and the inexact forms
 * {@code attr__contains}, {@code __icontains}, {@code __startswith}, {@code __istartswith},
 * {@code __endswith} and {@code __iendswith} match part of the value.
 */
final class ListFilters {
  private static final Map<String, BiPredicate<String, String>> INEXACT = Map.of(
      "__contains", String::contains,
      "__icontains", (v, q) -> lower(v).contains(lower(q)),
      "__startswith", String::startsWith,
      "__istartswith", (v, q) -> lower(v).startsWith(lower(q)),
      "__endswith", String::endsWith,
      "__iendswith", (v, q) -> lower(v).endsWith(lower(q)));

  private ListFilters() {}

  /** The filter on a text attribute that the query asks for (always true when it asks none). */
  static Predicate<String> text(ApiRequest req, String attr) {
    Predicate<String> p = v -> true;
    var exact = req.queryParam(attr);
    if (exact.isPresent()) {
      String want = exact.get();
      p = p.and(want::equals);
    }
    for (var e : INEXACT.entrySet()) {
      var q = req.queryParam(attr + e.getKey());
      if (q.isPresent()) {
        String want = q.get();
        BiPredicate<String, String> test = e.getValue();
        p = p.and(v -> v != null && test.test(v, want));
      }
    }
    return p;
  }

  /**
   * {@code password_expires_at={op}:{timestamp}} with op one of lt, lte, gt, gte, eq, neq (eq when
   * absent). Users whose password never expires never match.
   */
  static Predicate<Long> passwordExpiresAt(ApiRequest req) {
    var raw = req.queryParam("password_expires_at");
    if (raw.isEmpty()) {
      return v -> true;
    }
    String value = raw.get();
    String op = "eq";
    String stamp = value;
    int colon = value.indexOf(':');
    if (colon >= 2 && colon <= 3) {
      op = value.substring(0, colon);
      stamp = value.substring(colon + 1);
    }
    long at = Times.parse("password_expires_at", stamp);
    BiPredicate<Long, Long> cmp = switch (op) {
      case "lt" -> (v, t) -> v < t;
      case "lte" -> (v, t) -> v <= t;
      case "gt" -> (v, t) -> v > t;
      case "gte" -> (v, t) -> v >= t;
      case "eq" -> (v, t) -> v.equals(t);
      case "neq" -> (v, t) -> !v.equals(t);
      default -> throw ApiException.badRequest("'" + op
          + "' is not a valid operator for password_expires_at; use lt, lte, gt, gte, eq or neq.");
    };
    return v -> v != null && cmp.test(v, at);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
