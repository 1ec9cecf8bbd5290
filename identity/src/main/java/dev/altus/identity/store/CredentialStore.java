package dev.altus.identity.store;

import dev.altus.identity.model.Credential;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Credentials (ec2 key pairs, certificates, TOTP secrets...) kept for users. Blobs are encrypted
 * at rest by the {@link CredentialCipher}; a row with no key hash is a plain blob from before
 * encryption, which {@link #encryptAll} encrypts.
 */
public final class CredentialStore {
  private static final String COLS = "id, user_id, project_id, type, blob, extra, key_hash";
  private final Jdbi jdbi;
  private final CredentialCipher cipher;

  public CredentialStore(Jdbi jdbi, CredentialCipher cipher) {
    this.jdbi = jdbi;
    this.cipher = cipher;
  }

  public Optional<Credential> find(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM credential WHERE id = :id")
            .bind("id", id)
            .map(this::map)
            .findOne());
  }

  /** Every credential, or those of one user and/or one type (null means any), ordered by id. */
  public List<Credential> list(String userId, String type) {
    StringBuilder sql = new StringBuilder("SELECT " + COLS + " FROM credential WHERE 1 = 1");
    if (userId != null) {
      sql.append(" AND user_id = :u");
    }
    if (type != null) {
      sql.append(" AND type = :t");
    }
    sql.append(" ORDER BY id");
    return jdbi.withHandle(h -> {
      var q = h.createQuery(sql.toString());
      if (userId != null) {
        q.bind("u", userId);
      }
      if (type != null) {
        q.bind("t", type);
      }
      return q.map(this::map).list();
    });
  }

  public void insert(Credential c) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO credential (" + COLS + ") VALUES (:id, :userId,"
                + " :projectId, :type, :blob, :extra, :keyHash)")
            .bind("id", c.id())
            .bind("userId", c.userId())
            .bind("projectId", c.projectId())
            .bind("type", c.type())
            .bind("blob", cipher.encrypt(c.blob()))
            .bind("extra", JsonColumn.text(c.extra()))
            .bind("keyHash", cipher.primaryKeyHash())
            .execute());
  }

  public void update(Credential c) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE credential SET user_id = :userId, project_id = :projectId,"
                + " type = :type, blob = :blob, extra = :extra, key_hash = :keyHash WHERE id = :id")
            .bind("id", c.id())
            .bind("userId", c.userId())
            .bind("projectId", c.projectId())
            .bind("type", c.type())
            .bind("blob", cipher.encrypt(c.blob()))
            .bind("extra", JsonColumn.text(c.extra()))
            .bind("keyHash", cipher.primaryKeyHash())
            .execute());
  }

  /**
   * Encrypts with the primary key every row that a plain blob or another key holds (at start, and
   * after a key rotation); each row is rewritten only if it has not changed since it was read.
   * Returns how many rows it rewrote.
   */
  public int encryptAll() {
    String primary = cipher.primaryKeyHash();
    return jdbi.withHandle(h -> {
      var rows = h.createQuery("SELECT id, blob, key_hash FROM credential"
              + " WHERE key_hash IS NULL OR key_hash <> :k")
          .bind("k", primary)
          .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("blob"),
              rs.getString("key_hash")})
          .list();
      int n = 0;
      for (String[] r : rows) {
        String plain = r[2] == null ? r[1] : cipher.decrypt(r[1]);
        n += h.createUpdate("UPDATE credential SET blob = :blob, key_hash = :k WHERE id = :id"
                + " AND blob = :old")
            .bind("blob", cipher.encrypt(plain))
            .bind("k", primary)
            .bind("id", r[0])
            .bind("old", r[1])
            .execute();
      }
      return n;
    });
  }

  public boolean delete(String id) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM credential WHERE id = :id").bind("id", id).execute() > 0);
  }

  /** Deletes the credentials bound to a project, inside {@code h}'s transaction. */
  public static void deleteForProject(Handle h, String projectId) {
    h.createUpdate("DELETE FROM credential WHERE project_id = :p").bind("p", projectId).execute();
  }

  private Credential map(ResultSet rs, StatementContext ctx) throws SQLException {
    String blob = rs.getString("blob");
    return new Credential(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("project_id"),
        rs.getString("type"),
        rs.getString("key_hash") == null ? blob : cipher.decrypt(blob),
        JsonColumn.object(rs.getString("extra")));
  }
}
