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

  public PasswordHasher(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("identity.bcrypt_cost must be between 4 and 31, not " + cost);
    }
    this.cost = cost;
  }

  public String hash(String password) {
    return BCrypt.with(VERSION, LONG).hashToString(cost, password.toCharArray());
  }

  /** True if the password matches the hash; false for a missing or malformed hash. */
  public boolean verify(String password, String hash) {
    if (hash == null || password == null) {
      return false;
    }
    try {
      return BCrypt.verifyer(VERSION, LONG).verify(password.getBytes(StandardCharsets.UTF_8),
          hash.getBytes(StandardCharsets.UTF_8)).verified;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public int cost() {
    return cost;
  }
}
