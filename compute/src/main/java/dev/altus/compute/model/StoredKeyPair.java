package dev.altus.compute.model;

/**
 * A key pair as stored: Nova's integer id, its owner, and the public half.
 *
 * @param type {@code ssh} or {@code x509}
 * @param publicKey the OpenSSH public key line or the PEM certificate, as given or generated
 * @param createdAt epoch milliseconds
 */
public record StoredKeyPair(long id, String userId, String name, String type, String publicKey,
    String fingerprint, long createdAt) {}
