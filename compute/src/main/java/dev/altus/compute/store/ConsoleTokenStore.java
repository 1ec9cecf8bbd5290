package dev.altus.compute.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Console tokens: a random token in the console URL stands for a guest's console address, for a
 * limited time (Nova's console token_ttl). Only the token's SHA-256 is stored.
 */
public final class ConsoleTokenStore {
  /** What a token opens. */
  public record Console(String instanceId, String type, String host, int port, long expires) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration ttl;

  public ConsoleTokenStore(Jdbi jdbi, Clock clock, Duration ttl) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Issues a token for a console; expired tokens are dropped on the way. */
  public String issue(String instanceId, String type, String host, int port) {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String token = HexFormat.of().formatHex(raw);
    long now = clock.millis();
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM console_auth_tokens WHERE expires < :now").bind("now", now)
          .execute();
      h.createUpdate("INSERT INTO console_auth_tokens (token_hash, instance_id, console_type,"
              + " host, port, expires) VALUES (:h, :i, :t, :host, :p, :e)")
          .bind("h", hash(token)).bind("i", instanceId).bind("t", type).bind("host", host)
          .bind("p", port).bind("e", now + ttl.toMillis()).execute();
    });
    return token;
  }

  /** The console a token opens, if it is known and not expired. */
  public Optional<Console> validate(String token) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM console_auth_tokens"
            + " WHERE token_hash = :h AND expires >= :now")
        .bind("h", hash(token)).bind("now", clock.millis())
        .map((rs, c) -> new Console(rs.getString("instance_id"), rs.getString("console_type"),
            rs.getString("host"), rs.getInt("port"), rs.getLong("expires"))).findOne());
  }

  /** Forgets a server's tokens (it was deleted). */
  public void revoke(String instanceId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM console_auth_tokens WHERE instance_id = :i")
        .bind("i", instanceId).execute());
  }

  private static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
