package dev.altus.identity.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Token revocation events. */
public final class RevocationStore {
  /** A revocation event: every non-null field must match a token for it to be revoked. */
  public record Event(
      String domainId, String projectId, String userId, String roleId, String trustId,
      String auditId, String auditChainId, long issuedBefore, long revokedAt) {}

  private final Jdbi jdbi;

  public RevocationStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Event e) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "INSERT INTO revocation_event (domain_id, project_id, user_id, role_id, trust_id,"
                    + " audit_id, audit_chain_id, issued_before, revoked_at) VALUES (:d, :p, :u, :r,"
                    + " :t, :a, :c, :ib, :ra)")
            .bind("d", e.domainId())
            .bind("p", e.projectId())
            .bind("u", e.userId())
            .bind("r", e.roleId())
            .bind("t", e.trustId())
            .bind("a", e.auditId())
            .bind("c", e.auditChainId())
            .bind("ib", e.issuedBefore())
            .bind("ra", e.revokedAt())
            .execute());
  }

  /** Events revoked after {@code since} (epoch ms). */
  public List<Event> since(long since) {
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT domain_id, project_id, user_id, role_id, trust_id, audit_id, audit_chain_id,"
                    + " issued_before, revoked_at FROM revocation_event WHERE revoked_at >= :s"
                    + " ORDER BY id")
            .bind("s", since)
            .map((rs, c) -> new Event(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                rs.getLong(9)))
            .list());
  }

  public void pruneBefore(long revokedAt) {
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM revocation_event WHERE revoked_at < :t")
            .bind("t", revokedAt)
            .execute());
  }
}
