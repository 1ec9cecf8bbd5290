package dev.altus.identity.model;

import java.util.List;

/**
 * An application credential: a secret that authenticates as its user, scoped to one project with a
 * fixed subset of the user's roles there.
 *
 * @param id the credential's id
 * @param name unique among the user's credentials
 * @param secretHash the hashed secret; the secret itself is never stored
 * @param description free text, may be null
 * @param userId the owner
 * @param projectId the project every token of the credential is scoped to
 * @param expiresAtMicros expiry in epoch microseconds, or null for never
 * @param unrestricted whether its tokens may manage other credentials and trusts
 * @param roleIds the delegated roles (implied roles included)
 * @param accessRules the calls it is limited to; empty for no limit
 */
public record ApplicationCredential(
    String id,
    String name,
    String secretHash,
    String description,
    String userId,
    String projectId,
    Long expiresAtMicros,
    boolean unrestricted,
    List<String> roleIds,
    List<AccessRule> accessRules) {

  /** Expiry in epoch milliseconds, or null. */
  public Long expiresAtMillis() {
    return expiresAtMicros == null ? null : Math.floorDiv(expiresAtMicros, 1000L);
  }

  public boolean expiredAt(long nowMillis) {
    return expiresAtMicros != null && expiresAtMillis() <= nowMillis;
  }
}
