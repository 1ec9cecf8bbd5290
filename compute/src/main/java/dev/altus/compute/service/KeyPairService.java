package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import dev.altus.compute.model.StoredKeyPair;
import dev.altus.compute.service.keys.InvalidKeyException;
import dev.altus.compute.service.keys.KeyPairGenerator;
import dev.altus.compute.service.keys.OpenSshPublicKey;
import dev.altus.compute.store.KeyPairStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Key pairs, per user: import (an OpenSSH public key or an x509 certificate, checked and
 * fingerprinted as Nova does) or generation (the private key is returned once and never kept),
 * with the {@code key_pairs} quota counted per user. Callers check policy; this holds the rules.
 */
public final class KeyPairService implements KeyPairLookup {
  /** A new key pair and, when it was generated, its private key. */
  public record Created(StoredKeyPair keyPair, String privateKey) {}

  public static final String SSH = "ssh";
  public static final String X509 = "x509";

  private final KeyPairStore store;
  private final QuotaLimits limits;
  private final Clock clock;
  private final KeyPairGenerator generator = new KeyPairGenerator();

  public KeyPairService(KeyPairStore store, QuotaLimits limits, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.limits = Objects.requireNonNull(limits);
    this.clock = Objects.requireNonNull(clock);
  }

  /** A user's key pairs, ordered by name. */
  public List<StoredKeyPair> list(String userId) {
    return store.list(userId);
  }

  public StoredKeyPair get(String userId, String name) {
    return store.find(userId, name).orElseThrow(() -> notFound(userId, name));
  }

  /**
   * Creates a key pair for {@code userId}: imports {@code publicKey}, or generates one when it is
   * null. Over quota is a 403, a bad key a 400, a taken name a 409; nothing is kept on failure.
   *
   * @param projectId the project whose quota limits apply
   * @param type {@code ssh} or {@code x509}
   */
  public Created create(String projectId, String userId, String name, String type,
      String publicKey) {
    int limit = limit(projectId, userId);
    if (limit >= 0 && store.count(userId) >= limit) {
      throw overQuota();
    }
    String key;
    String fingerprint;
    String privateKey = null;
    if (publicKey == null) {
      KeyPairGenerator.Generated g = type.equals(X509) ? generator.x509(userId)
          : generator.ssh("Generated-by-Altus");
      key = g.publicKey();
      fingerprint = g.fingerprint();
      privateKey = g.privateKey();
    } else {
      key = publicKey;
      fingerprint = fingerprint(type, publicKey);
    }
    StoredKeyPair kp;
    try {
      kp = store.insert(userId, name, type, key, fingerprint, clock.millis());
    } catch (RuntimeException e) {
      if (store.find(userId, name).isPresent()) {
        throw ApiException.conflict("Key pair '" + name + "' already exists.");
      }
      throw e;
    }
    // two creates may both have passed the first check: the one that went over takes its row back
    if (limit >= 0 && store.count(userId) > limit) {
      store.deleteById(kp.id());
      throw overQuota();
    }
    return new Created(kp, privateKey);
  }

  public void delete(String userId, String name) {
    if (!store.delete(userId, name)) {
      throw notFound(userId, name);
    }
  }

  @Override
  public Optional<KeyPair> find(String userId, String name) {
    return store.find(userId, name).map(k -> new KeyPair(k.name(), k.userId(), k.type(),
        k.publicKey(), k.fingerprint()));
  }

  /** Checks an imported key of {@code type} and returns its fingerprint; a 400 when unusable. */
  static String fingerprint(String type, String publicKey) {
    try {
      return type.equals(X509) ? KeyPairGenerator.certificateFingerprint(publicKey)
          : OpenSshPublicKey.parse(publicKey).fingerprint();
    } catch (InvalidKeyException e) {
      throw ApiException.badRequest("Keypair data is invalid: " + e.getMessage());
    }
  }

  private int limit(String projectId, String userId) {
    Integer l = limits.limits(projectId, userId).get("key_pairs");
    return l == null ? -1 : l;
  }

  private static ApiException overQuota() {
    return ApiException.forbidden("Quota exceeded, too many key pairs.");
  }

  private static ApiException notFound(String userId, String name) {
    return ApiException.notFound("Keypair " + name + " not found for user " + userId);
  }
}
