package dev.altus.identity.store;

import dev.altus.identity.model.Trust;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Trusts and their delegated roles. A deleted trust keeps its row with {@code deleted_at} set, as
 * in Keystone, so its id is never reused; every read here skips deleted trusts.
 */
public final class TrustStore {
  private static final String COLS = "id, trustor_user_id, trustee_user_id, project_id,"
      + " impersonation, expires_at, expires_at_us, remaining_uses, redelegated_trust_id,"
      + " redelegation_count, deleted_at, extra";
  private final Jdbi jdbi;

  public TrustStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Trust t) {
    jdbi.useTransaction(h -> {
      h.createUpdate("INSERT INTO trust (" + COLS + ") VALUES (:id, :trustor, :trustee, :project,"
              + " :impersonation, :expiresAt, :expiresAtUs, :uses, :redelegated, :count, NULL,"
              + " :extra)")
          .bind("id", t.id())
          .bind("trustor", t.trustorUserId())
          .bind("trustee", t.trusteeUserId())
          .bind("project", t.projectId())
          .bind("impersonation", t.impersonation())
          .bind("expiresAt", t.expiresAtMillis())
          .bind("expiresAtUs", t.expiresAtMicros())
          .bind("uses", t.remainingUses())
          .bind("redelegated", t.redelegatedTrustId())
          .bind("count", t.redelegationCount())
          .bind("extra", JsonColumn.text(t.extra()))
          .execute();
      for (String role : t.roleIds()) {
        h.createUpdate("INSERT INTO trust_role (trust_id, role_id) VALUES (:t, :r)")
            .bind("t", t.id())
            .bind("r", role)
            .execute();
      }
    });
  }

  /** A trust that is not deleted (it may be expired or used up). */
  public Optional<Trust> find(String id) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLS + " FROM trust WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne()
        .map(t -> withRoles(h, t)));
  }

  public List<Trust> list() {
    return query("SELECT " + COLS + " FROM trust WHERE deleted_at IS NULL ORDER BY id", null);
  }

  public List<Trust> listForTrustor(String userId) {
    return query("SELECT " + COLS + " FROM trust WHERE deleted_at IS NULL"
        + " AND trustor_user_id = :u ORDER BY id", userId);
  }

  public List<Trust> listForTrustee(String userId) {
    return query("SELECT " + COLS + " FROM trust WHERE deleted_at IS NULL"
        + " AND trustee_user_id = :u ORDER BY id", userId);
  }

  /** Trusts redelegated from {@code trustId}. */
  public List<Trust> redelegatedFrom(String trustId) {
    return query("SELECT " + COLS + " FROM trust WHERE deleted_at IS NULL"
        + " AND redelegated_trust_id = :u ORDER BY id", trustId);
  }

  private List<Trust> query(String sql, String param) {
    return jdbi.withHandle(h -> {
      var q = h.createQuery(sql);
      if (param != null) {
        q.bind("u", param);
      }
      return q.map((rs, ctx) -> map(rs)).list().stream().map(t -> withRoles(h, t)).toList();
    });
  }

  /** Marks a trust deleted; false if it was not there (or already deleted). */
  public boolean markDeleted(String id, long now) {
    return jdbi.withHandle(h -> h.createUpdate(
            "UPDATE trust SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .bind("now", now)
        .execute() > 0);
  }

  /**
   * Uses the trust once: decrements {@code remaining_uses} when it is limited. False when the trust
   * is gone or has no use left; the decrement is a single conditional update, so two concurrent
   * requests cannot both take the last use.
   */
  public boolean consumeUse(String id) {
    return jdbi.withHandle(h -> {
      int limited = h.createUpdate("UPDATE trust SET remaining_uses = remaining_uses - 1"
              + " WHERE id = :id AND deleted_at IS NULL AND remaining_uses IS NOT NULL"
              + " AND remaining_uses > 0")
          .bind("id", id)
          .execute();
      if (limited > 0) {
        return true;
      }
      return h.createQuery("SELECT COUNT(*) FROM trust WHERE id = :id AND deleted_at IS NULL"
              + " AND remaining_uses IS NULL")
          .bind("id", id)
          .mapTo(Integer.class)
          .one() > 0;
    });
  }

  private static Trust withRoles(Handle h, Trust t) {
    List<String> roles = h.createQuery("SELECT role_id FROM trust_role WHERE trust_id = :t"
            + " ORDER BY role_id")
        .bind("t", t.id())
        .mapTo(String.class)
        .list();
    return new Trust(t.id(), t.trustorUserId(), t.trusteeUserId(), t.projectId(),
        t.impersonation(), t.expiresAtMicros(), t.remainingUses(), t.redelegatedTrustId(),
        t.redelegationCount(), t.deletedAt(), List.copyOf(roles), t.extra());
  }

  private static Trust map(ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    long us = rs.getLong("expires_at_us");
    Long micros = rs.wasNull() ? null : us;
    if (micros == null) {
      long ms = rs.getLong("expires_at");
      micros = rs.wasNull() ? null : ms * 1000L;
    }
    int uses = rs.getInt("remaining_uses");
    Integer remaining = rs.wasNull() ? null : uses;
    long del = rs.getLong("deleted_at");
    Long deleted = rs.wasNull() ? null : del;
    return new Trust(id, rs.getString("trustor_user_id"), rs.getString("trustee_user_id"),
        rs.getString("project_id"), rs.getBoolean("impersonation"), micros, remaining,
        rs.getString("redelegated_trust_id"), rs.getInt("redelegation_count"), deleted,
        List.of(), JsonColumn.object(rs.getString("extra")));
  }
}
