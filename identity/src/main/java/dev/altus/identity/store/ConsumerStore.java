package dev.altus.identity.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * OAuth 1.0a consumers ({@code /v3/OS-OAUTH1/consumers}). The secret is kept as issued: OAuth 1
 * signatures are HMACs keyed by it, so it must be recoverable.
 */
public final class ConsumerStore {
  /** A consumer; {@code extra} holds any other attributes the client sent. */
  public record Consumer(String id, String description, String secret, ObjectNode extra) {}

  private final Jdbi jdbi;

  public ConsumerStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<Consumer> list() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, description, secret, extra FROM oauth_consumer ORDER BY id")
            .map((rs, c) -> new Consumer(rs.getString(1), rs.getString(2), rs.getString(3),
                JsonColumn.object(rs.getString(4))))
            .list());
  }

  public Optional<Consumer> find(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, description, secret, extra FROM oauth_consumer WHERE id = :i")
            .bind("i", id)
            .map((rs, c) -> new Consumer(rs.getString(1), rs.getString(2), rs.getString(3),
                JsonColumn.object(rs.getString(4))))
            .findOne());
  }

  public void insert(Consumer c) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO oauth_consumer (id, description, secret, extra)"
                + " VALUES (:i, :d, :s, :x)")
            .bind("i", c.id())
            .bind("d", c.description())
            .bind("s", c.secret())
            .bind("x", JsonColumn.text(c.extra()))
            .execute());
  }

  public void update(Consumer c) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE oauth_consumer SET description = :d, extra = :x WHERE id = :i")
            .bind("i", c.id())
            .bind("d", c.description())
            .bind("x", JsonColumn.text(c.extra()))
            .execute());
  }

  public boolean delete(String id) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM oauth_consumer WHERE id = :i").bind("i", id).execute() > 0);
  }
}
