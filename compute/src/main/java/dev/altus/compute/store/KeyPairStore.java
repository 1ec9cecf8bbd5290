package dev.altus.compute.store;

import dev.altus.compute.model.StoredKeyPair;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The key_pairs table. */
public final class KeyPairStore {
  private final Jdbi jdbi;

  public KeyPairStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Inserts a key pair; a second one of the same user and name breaks the unique key. */
  public StoredKeyPair insert(String userId, String name, String type, String publicKey,
      String fingerprint, long createdAt) {
    long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO key_pairs (user_id, name,"
            + " key_type, public_key, fingerprint, created_at) VALUES (:u, :n, :t, :k, :f, :c)")
        .bind("u", userId).bind("n", name).bind("t", type).bind("k", publicKey)
        .bind("f", fingerprint).bind("c", createdAt)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    return new StoredKeyPair(id, userId, name, type, publicKey, fingerprint, createdAt);
  }

  public Optional<StoredKeyPair> find(String userId, String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM key_pairs WHERE user_id = :u"
            + " AND name = :n").bind("u", userId).bind("n", name)
        .map((rs, ctx) -> row(rs)).findOne());
  }

  /** A user's key pairs by name. */
  public List<StoredKeyPair> list(String userId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM key_pairs WHERE user_id = :u"
            + " ORDER BY name").bind("u", userId)
        .map((rs, ctx) -> row(rs)).list());
  }

  public int count(String userId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM key_pairs WHERE user_id = :u")
        .bind("u", userId).mapTo(Integer.class).one());
  }

  /** Deletes a key pair; false when there was none. */
  public boolean delete(String userId, String name) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM key_pairs WHERE user_id = :u"
        + " AND name = :n").bind("u", userId).bind("n", name).execute()) > 0;
  }

  public void deleteById(long id) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM key_pairs WHERE id = :id").bind("id", id)
        .execute());
  }

  private static StoredKeyPair row(ResultSet rs) throws SQLException {
    return new StoredKeyPair(rs.getLong("id"), rs.getString("user_id"), rs.getString("name"),
        rs.getString("key_type"), rs.getString("public_key"), rs.getString("fingerprint"),
        rs.getLong("created_at"));
  }
}
