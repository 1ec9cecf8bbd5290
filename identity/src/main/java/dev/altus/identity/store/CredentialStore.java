package dev.altus.identity.store;

import dev.altus.identity.model.Credential;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Credentials (ec2 key pairs, certificates, TOTP secrets...) kept for users. */
public final class CredentialStore {
  private static final String COLS = "id, user_id, project_id, type, blob, extra";
  private final Jdbi jdbi;

  public CredentialStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<Credential> find(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM credential WHERE id = :id")
            .bind("id", id)
            .map(CredentialStore::map)
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
      return q.map(CredentialStore::map).list();
    });
  }

  public void insert(Credential c) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO credential (" + COLS + ") VALUES (:id, :userId, :projectId,"
                + " :type, :blob, :extra)")
            .bind("id", c.id())
            .bind("userId", c.userId())
            .bind("projectId", c.projectId())
            .bind("type", c.type())
            .bind("blob", c.blob())
            .bind("extra", JsonColumn.text(c.extra()))
            .execute());
  }

  public void update(Credential c) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE credential SET user_id = :userId, project_id = :projectId,"
                + " type = :type, blob = :blob, extra = :extra WHERE id = :id")
            .bind("id", c.id())
            .bind("userId", c.userId())
            .bind("projectId", c.projectId())
            .bind("type", c.type())
            .bind("blob", c.blob())
            .bind("extra", JsonColumn.text(c.extra()))
            .execute());
  }

  public boolean delete(String id) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM credential WHERE id = :id").bind("id", id).execute() > 0);
  }

  /** Deletes the credentials bound to a project, inside {@code h}'s transaction. */
  public static void deleteForProject(Handle h, String projectId) {
    h.createUpdate("DELETE FROM credential WHERE project_id = :p").bind("p", projectId).execute();
  }

  static Credential map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Credential(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("project_id"),
        rs.getString("type"),
        rs.getString("blob"),
        JsonColumn.object(rs.getString("extra")));
  }
}
