package dev.altus.identity.store;

import dev.altus.identity.model.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Users, their passwords and group memberships. */
public final class UserStore {
  private static final String COLS =
      "id, domain_id, name, enabled, default_project_id, password_hash, password_expires_at,"
          + " created_at, options, extra";
  /** The same columns qualified with the alias {@code u}, for joins. */
  static final String COLS_PREFIXED =
      "u.id, u.domain_id, u.name, u.enabled, u.default_project_id, u.password_hash,"
          + " u.password_expires_at, u.created_at, u.options, u.extra";
  private final Jdbi jdbi;

  public UserStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<User> find(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM identity_user WHERE id = :id")
            .bind("id", id)
            .map(UserStore::map)
            .findOne());
  }

  public Optional<User> findByName(String domainId, String name) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM identity_user WHERE domain_id = :d AND name = :n")
            .bind("d", domainId)
            .bind("n", name)
            .map(UserStore::map)
            .findOne());
  }

  public List<User> list() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM identity_user ORDER BY id")
            .map(UserStore::map)
            .list());
  }

  public void insert(User u) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO identity_user (" + COLS + ", password_created_at) VALUES (:id, :domainId,"
                      + " :name, :enabled, :defaultProjectId, :passwordHash, :passwordExpiresAt,"
                      + " :createdAt, :options, :extra, :createdAt)")
              .bind("id", u.id())
              .bind("domainId", u.domainId())
              .bind("name", u.name())
              .bind("enabled", u.enabled())
              .bind("defaultProjectId", u.defaultProjectId())
              .bind("passwordHash", u.passwordHash())
              .bind("passwordExpiresAt", u.passwordExpiresAt())
              .bind("createdAt", u.createdAt())
              .bind("options", JsonColumn.text(u.options()))
              .bind("extra", JsonColumn.text(u.extra()))
              .execute();
          if (u.passwordHash() != null) {
            addHistory(h, u.id(), u.passwordHash(), u.createdAt());
          }
        });
  }

  /** Updates everything but the password. */
  public void update(User u) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "UPDATE identity_user SET name = :name, enabled = :enabled, domain_id = :domainId,"
                    + " default_project_id = :defaultProjectId, options = :options, extra = :extra"
                    + " WHERE id = :id")
            .bind("id", u.id())
            .bind("domainId", u.domainId())
            .bind("name", u.name())
            .bind("enabled", u.enabled())
            .bind("defaultProjectId", u.defaultProjectId())
            .bind("options", JsonColumn.text(u.options()))
            .bind("extra", JsonColumn.text(u.extra()))
            .execute());
  }

  /** Sets a password as an administrator would. */
  public void setPassword(String userId, String hash, Long expiresAt, long now) {
    setPassword(userId, hash, expiresAt, now, false);
  }

  /**
   * Sets the password hash (null: no password) and its expiry, and remembers it in the password
   * history; {@code selfService} records that the user chose it.
   */
  public void setPassword(String userId, String hash, Long expiresAt, long now, boolean selfService) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE identity_user SET password_hash = :h, password_expires_at = :e,"
                      + " password_created_at = :now, password_self_service = :self,"
                      + " failed_auth_count = 0, failed_auth_at = NULL WHERE id = :id")
              .bind("id", userId)
              .bind("h", hash)
              .bind("e", expiresAt)
              .bind("now", now)
              .bind("self", selfService)
              .execute();
          if (hash != null) {
            addHistory(h, userId, hash, now);
          }
        });
  }

  private static void addHistory(Handle h, String userId, String hash, long now) {
    h.createUpdate(
            "INSERT INTO password_history (user_id, password_hash, created_at) VALUES (:id, :h, :now)")
        .bind("id", userId)
        .bind("h", hash)
        .bind("now", now)
        .execute();
  }

  /** The hashes of the user's last {@code count} passwords, newest first. */
  public List<String> recentPasswordHashes(String userId, int count) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT password_hash FROM password_history WHERE user_id = :u"
                + " ORDER BY created_at DESC LIMIT :n")
            .bind("u", userId)
            .bind("n", count)
            .mapTo(String.class)
            .list());
  }

  /** When and how the current password was set, and the failed authentications since. */
  public record PasswordState(Long createdAt, boolean selfService, int failedAuthCount, Long failedAuthAt) {}

  public Optional<PasswordState> passwordState(String userId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT password_created_at, password_self_service, failed_auth_count,"
                + " failed_auth_at FROM identity_user WHERE id = :u")
            .bind("u", userId)
            .map((rs, ctx) -> {
              long created = rs.getLong(1);
              Long createdAt = rs.wasNull() ? null : created;
              boolean self = rs.getBoolean(2);
              int failed = rs.getInt(3);
              long at = rs.getLong(4);
              return new PasswordState(createdAt, self, failed, rs.wasNull() ? null : at);
            })
            .findOne());
  }

  /** Counts a failed authentication. */
  public void recordFailedAuth(String userId, long now) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE identity_user SET failed_auth_count = failed_auth_count + 1,"
                + " failed_auth_at = :now WHERE id = :u")
            .bind("u", userId)
            .bind("now", now)
            .execute());
  }

  /** Forgets failed authentications (after a success, an unlock or a lock that ran out). */
  public void resetFailedAuth(String userId) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE identity_user SET failed_auth_count = 0, failed_auth_at = NULL"
                + " WHERE id = :u AND failed_auth_count <> 0")
            .bind("u", userId)
            .execute());
  }

  public void delete(String id) {
    jdbi.useTransaction(h -> deleteRows(h, id));
  }

  /**
   * Deletes a user with everything that only exists for them: role assignments, group memberships,
   * credentials, application credentials, access rules and the trusts they take part in, inside
   * {@code h}'s transaction.
   */
  public static void deleteRows(Handle h, String userId) {
    h.createUpdate("DELETE FROM assignment WHERE actor_id = :u AND type LIKE 'User%'").bind("u", userId).execute();
    h.createUpdate("DELETE FROM user_group_membership WHERE user_id = :u").bind("u", userId).execute();
    h.createUpdate("DELETE FROM credential WHERE user_id = :u").bind("u", userId).execute();
    h.createUpdate("DELETE FROM application_credential WHERE user_id = :u").bind("u", userId).execute();
    h.createUpdate("DELETE FROM access_rule WHERE user_id = :u").bind("u", userId).execute();
    h.createUpdate("DELETE FROM trust WHERE trustor_user_id = :u OR trustee_user_id = :u")
        .bind("u", userId)
        .execute();
    h.createUpdate("DELETE FROM identity_user WHERE id = :u").bind("u", userId).execute();
  }

  /** Ids of the users of a domain. */
  public static List<String> idsInDomain(Handle h, String domainId) {
    return h.createQuery("SELECT id FROM identity_user WHERE domain_id = :d")
        .bind("d", domainId)
        .mapTo(String.class)
        .list();
  }

  /** Ids of the groups the user belongs to. */
  public List<String> groupIds(String userId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT group_id FROM user_group_membership WHERE user_id = :u")
            .bind("u", userId)
            .mapTo(String.class)
            .list());
  }

  static User map(ResultSet rs, StatementContext ctx) throws SQLException {
    long exp = rs.getLong("password_expires_at");
    Long expires = rs.wasNull() ? null : exp;
    return new User(
        rs.getString("id"),
        rs.getString("domain_id"),
        rs.getString("name"),
        rs.getBoolean("enabled"),
        rs.getString("default_project_id"),
        rs.getString("password_hash"),
        expires,
        rs.getLong("created_at"),
        JsonColumn.object(rs.getString("options")),
        JsonColumn.object(rs.getString("extra")));
  }
}
