package dev.altus.common.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the network side's metadata proxy and the metadata service share (Neutron's and
 * Nova's metadata_proxy_shared_secret): the proxy signs the instance id it resolved with it, and
 * the service answers only for a correctly signed id. In common so that both sides sign and
 * check with the same code ({@link #sign} on the proxy's side, {@link #verify} on the service's).
 */
public final class MetadataSecret {
  /** Where the cloud keeps the secret it made, under its data directory. */
  public static final String FILE = "metadata_proxy_shared_secret";

  private final byte[] key;

  public MetadataSecret(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the metadata shared secret must not be empty");
    }
    this.key = secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The configured secret, or the one in {@code dataDir}/{@value #FILE}, made there (random,
   * readable by this user alone) on first start.
   */
  public static String resolve(Path dataDir, String configured) {
    if (configured != null) {
      return configured;
    }
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
          throw new IllegalStateException(file + " is empty: delete it to have a new secret made"
              + " at start, or set metadata.shared_secret");
        }
        return s;
      }
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      String secret = HexFormat.of().formatHex(raw);
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, FILE, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp);
        return resolve(dataDir, null);
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }

  /** The signature of an instance id: hex(HMAC-SHA256(secret, id)). */
  public String sign(String instanceId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(instanceId.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Whether {@code signature} signs {@code instanceId}, compared in constant time. */
  public boolean verify(String instanceId, String signature) {
    byte[] expected = sign(instanceId).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.strip().toLowerCase(java.util.Locale.ROOT)
        .getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }
}
