package dev.altus.compute.service;

import java.util.Optional;

/** Finds a user's key pair by name, for server create and rebuild. */
public interface KeyPairLookup {
  /** A key pair: its type is {@code ssh} or {@code x509}. */
  record KeyPair(String name, String userId, String type, String publicKey, String fingerprint) {}

  Optional<KeyPair> find(String userId, String name);
}
