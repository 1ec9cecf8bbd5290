package dev.altus.identity.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashing; the cost is configurable (12 by default). bcrypt reads at most 72 bytes,
 * so a longer password is first reduced with SHA-512: every character of it still counts.
 */
public final class PasswordHasher {
  private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
  private static final LongPasswordStrategy LONG = LongPasswordStrategies.hashSha512(VERSION);
  private final int cost;
  /** A hash of a random secret at this cost, checked when there is no real hash to check. */
  private final java.util.concurrent.CompletableFuture<String> standInHash;
  private final java.util.concurrent.atomic.LongAdder checks = new java.util.concurrent.atomic.LongAdder();

  public PasswordHasher(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("identity.bcrypt_cost must be between 4 and 31, not " + cost);
    }
    this.cost = cost;
    // made beside start-up work rather than on the first failed login, which it would slow down
    this.standInHash = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      byte[] secret = new byte[32];
      new java.security.SecureRandom().nextBytes(secret);
      return hash(java.util.HexFormat.of().formatHex(secret));
    }, r -> Thread.ofVirtual().start(r));
  }

  public String hash(String password) {
    return BCrypt.with(VERSION, LONG).hashToString(cost, password.toCharArray());
  }

  /**
   * True if the password matches the hash. A missing or malformed hash (no such user, a user
   * without a password) is false after the same bcrypt work against a stand-in hash of this cost,
   * so that a failed check takes as long whether or not the user exists: the answer's time does
   * not tell an attacker which user names are real.
   */
  public boolean verify(String password, String hash) {
    String pw = password == null ? "" : password;
    if (hash != null && password != null && wellFormed(hash)) {
      try {
        return bcrypt(pw, hash);
      } catch (IllegalArgumentException e) {
        // not a bcrypt hash after all: as if there were none
      }
    }
    bcrypt(pw, standIn());
    return false;
  }

  /** The same work as a failed {@link #verify}, for a user that does not exist. */
  public void verifyNobody(String password) {
    verify(password, null);
  }

  /** bcrypt checks run so far, real and stand-in (for tests and metrics). */
  public long checks() {
    return checks.sum();
  }

  private boolean bcrypt(String password, String hash) {
    checks.increment();
    return BCrypt.verifyer(VERSION, LONG).verify(password.getBytes(StandardCharsets.UTF_8),
        hash.getBytes(StandardCharsets.UTF_8)).verified;
  }

  private static boolean wellFormed(String hash) {
    return hash.length() == 60 && hash.startsWith("$2");
  }

  private String standIn() {
    return standInHash.join();
  }

  public int cost() {
    return cost;
  }
}
