package dev.altus.identity.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A trust (OS-TRUST): the trustor delegates some of their roles on a project to the trustee.
 *
 * @param id the trust's id
 * @param trustorUserId who delegates
 * @param trusteeUserId who may use the trust
 * @param projectId the project the roles apply to (null for a trust without project)
 * @param impersonation whether tokens issued through the trust stand for the trustor
 * @param expiresAtMicros expiry in epoch microseconds, or null for never
 * @param remainingUses how many more tokens may be issued, or null for no limit
 * @param redelegatedTrustId the trust this one was redelegated from, or null
 * @param redelegationCount how many more times the trust may be redelegated
 * @param deletedAt when the trust was deleted (epoch ms), or null
 * @param roleIds the delegated roles
 * @param extra free-form attributes given on create
 */
public record Trust(
    String id,
    String trustorUserId,
    String trusteeUserId,
    String projectId,
    boolean impersonation,
    Long expiresAtMicros,
    Integer remainingUses,
    String redelegatedTrustId,
    int redelegationCount,
    Long deletedAt,
    List<String> roleIds,
    ObjectNode extra) {

  /** Expiry in epoch milliseconds, or null. */
  public Long expiresAtMillis() {
    return expiresAtMicros == null ? null : Math.floorDiv(expiresAtMicros, 1000L);
  }

  /** Not deleted, not expired and not used up. */
  public boolean usableAt(long nowMillis) {
    return deletedAt == null && (expiresAtMicros == null || expiresAtMillis() > nowMillis)
        && (remainingUses == null || remainingUses > 0);
  }
}
