package dev.altus.identity.service;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashing; the cost is configurable (12 by default). As with Keystone's bcrypt,
 * only the first 72 bytes of a password count.
 */
public final class PasswordHasher {
  private final int cost;

  public PasswordHasher(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("identity.bcrypt_cost must be between 4 and 31, not " + cost);
    }
    this.cost = cost;
  }

  public String hash(String password) {
    return BCrypt.with(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B))
        .hashToString(cost, password.toCharArray());
  }

  public boolean verify(String password, String hash) {
    if (hash == null || password == null) {
      return false;
    }
    return BCrypt.verifyer(BCrypt.Version.VERSION_2B,
            LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B)).verify(password.getBytes(StandardCharsets.UTF_8),
        hash.getBytes(StandardCharsets.UTF_8)).verified;
  }

  public int cost() {
    return cost;
  }
}
