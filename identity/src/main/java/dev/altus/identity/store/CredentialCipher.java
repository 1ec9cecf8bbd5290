package dev.altus.identity.store;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import com.macasaet.fernet.Validator;
import dev.altus.identity.token.FernetKeyRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Encrypts credential blobs at rest, as Keystone's Fernet credential provider does: each blob is a
 * Fernet token made with the primary key of the credential key repository (DATA_DIR/
 * credential-keys, apart from the token keys), and each row remembers the hash of the key that made
 * it so a rotation knows which rows to re-encrypt. Any key in the repository (staged, primary,
 * secondary) decrypts, so a row written with a just-promoted key is readable everywhere.
 */
public final class CredentialCipher {
  /** Credential tokens never expire: their timestamp only tells when the blob was written. */
  private static final Validator<String> NO_EXPIRY = new Validator<>() {
    @Override
    public TemporalAmount getTimeToLive() {
      return Duration.ofDays(365L * 1000);
    }

    @Override
    public Function<byte[], String> getTransformer() {
      return b -> new String(b, StandardCharsets.UTF_8);
    }
  };

  private final FernetKeyRepository keys;

  public CredentialCipher(FernetKeyRepository keys) {
    this.keys = keys;
  }

  /** The blob encrypted with the primary key. */
  public String encrypt(String blob) {
    return Token.generate(keys.primary(), blob.getBytes(StandardCharsets.UTF_8)).serialise();
  }

  /** The blob an {@link #encrypt} made, with whichever key of the repository made it. */
  public String decrypt(String stored) {
    try {
      return Token.fromString(stored).validateAndDecrypt(keys.all(), NO_EXPIRY);
    } catch (TokenValidationException | IllegalArgumentException e) {
      throw new IllegalStateException("A credential cannot be decrypted with the keys in the"
          + " credential key repository (were its keys removed or replaced?): " + e.getMessage(),
          e);
    }
  }

  /** The hash stored beside each row: which key encrypted it. */
  public String primaryKeyHash() {
    return hashOf(keys.primary());
  }

  /** A key's hash, as stored beside the rows it encrypted. */
  public static String hashOf(Key key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.serialise().getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
