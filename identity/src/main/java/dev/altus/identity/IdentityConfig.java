package dev.altus.identity;

import dev.altus.identity.service.PasswordPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Identity settings; every default makes the all-in-one cloud work with no file.
 *
 * @param tokenLifetime how long a token lives (default 1 h)
 * @param bcryptCost bcrypt cost for passwords (default 12)
 * @param keyDir where the Fernet keys live (default DATA_DIR/fernet-keys)
 * @param maxActiveKeys Fernet keys kept through rotation (default 3)
 * @param policyFile an optional policy override file
 * @param publicUrl the identity endpoint advertised in the catalog
 * @param passwords the password rules (Keystone's security compliance options; all off by default)
 */
public record IdentityConfig(
    Duration tokenLifetime, int bcryptCost, Path keyDir, int maxActiveKeys, Path policyFile,
    String publicUrl, PasswordPolicy passwords) {
  public IdentityConfig(Duration tokenLifetime, int bcryptCost, Path keyDir, int maxActiveKeys,
      Path policyFile, String publicUrl) {
    this(tokenLifetime, bcryptCost, keyDir, maxActiveKeys, policyFile, publicUrl,
        PasswordPolicy.DEFAULTS);
  }

  public IdentityConfig {
    if (passwords == null) {
      passwords = PasswordPolicy.DEFAULTS;
    }
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("identity.token_lifetime must be positive");
    }
    if (tokenLifetime.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("identity.token_lifetime must be at most 7 days");
    }
    if (bcryptCost < 4 || bcryptCost > 31) {
      throw new IllegalArgumentException("identity.bcrypt_cost must be between 4 and 31");
    }
  }

  /**
   * Where the keys that encrypt credential blobs at rest live: beside the token keys
   * (DATA_DIR/credential-keys), a repository of its own as Keystone's [credential] key_repository.
   */
  public Path credentialKeyDir() {
    return keyDir.resolveSibling("credential-keys");
  }

  public static IdentityConfig defaults(Path dataDir, String publicUrl) {
    return new IdentityConfig(Duration.ofHours(1), 12, dataDir.resolve("fernet-keys"), 3, null,
        publicUrl);
  }

  public IdentityConfig withBcryptCost(int cost) {
    return new IdentityConfig(tokenLifetime, cost, keyDir, maxActiveKeys, policyFile, publicUrl,
        passwords);
  }

  public IdentityConfig withTokenLifetime(Duration d) {
    return new IdentityConfig(d, bcryptCost, keyDir, maxActiveKeys, policyFile, publicUrl,
        passwords);
  }

  public IdentityConfig withPolicyFile(Path p) {
    return new IdentityConfig(tokenLifetime, bcryptCost, keyDir, maxActiveKeys, p, publicUrl,
        passwords);
  }

  public IdentityConfig withPasswords(PasswordPolicy p) {
    return new IdentityConfig(tokenLifetime, bcryptCost, keyDir, maxActiveKeys, policyFile,
        publicUrl, p);
  }
}
