package dev.altus.dashboard;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signed-in browsers, in memory: a session lives as long as its token and no longer; a
 * restart of the cloud signs everyone out (their tokens stay valid until they expire, as a
 * forgotten CLI token would). Nothing is written to disk.
 */
final class Sessions {
  /** At most this many live sessions; the oldest expiring are dropped first beyond it. */
  static final int MAX = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  /** A new random value for session ids and CSRF tokens: 256 bits, URL-safe base64. */
  static String randomId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The live session of this id, if any (an expired one is forgotten on the way). */
  Optional<Session> find(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    Session s = byId.get(id);
    if (s != null && s.expired(clock.instant())) {
      byId.remove(id, s);
      return Optional.empty();
    }
    return Optional.ofNullable(s);
  }

  void put(Session s) {
    if (byId.size() >= MAX) {
      sweep();
      byId.values().stream().min(java.util.Comparator.comparing(Session::expiresAt))
          .ifPresent(oldest -> byId.remove(oldest.id()));
    }
    byId.put(s.id(), s);
  }

  /** Replaces {@code old} with {@code next} unless another request replaced or removed it first. */
  boolean replace(Session old, Session next) {
    return byId.replace(old.id(), old, next);
  }

  Optional<Session> remove(String id) {
    return Optional.ofNullable(id == null ? null : byId.remove(id));
  }

  /** Forgets every expired session. */
  void sweep() {
    var now = clock.instant();
    byId.values().removeIf(s -> s.expired(now));
  }

  int size() {
    return byId.size();
  }
}
