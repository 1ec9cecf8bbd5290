package dev.altus.identity.token;

import java.util.List;

/**
 * What a token carries. Exactly one of projectId, domainId, system is set for a scoped token; none
 * for an unscoped one.
 *
 * @param userId the user (for a trust with impersonation, the trustor)
 * @param methods how the user authenticated: password, token, application_credential
 * @param projectId project scope
 * @param domainId domain scope
 * @param system system scope ("all")
 * @param trustId the trust the token was issued through
 * @param appCredId the application credential used
 * @param issuedAt when it was issued, epoch ms
 * @param expiresAt when it expires, epoch ms
 * @param auditIds this token's audit id, then the audit id of the token it was rescoped from
 */
public record TokenPayload(
    String userId,
    List<String> methods,
    String projectId,
    String domainId,
    boolean system,
    String trustId,
    String appCredId,
    long issuedAt,
    long expiresAt,
    List<String> auditIds) {

  public String auditId() {
    return auditIds.get(0);
  }

  /** The audit id of the first token in a rescoping chain. */
  public String auditChainId() {
    return auditIds.get(auditIds.size() - 1);
  }

  public boolean unscoped() {
    return projectId == null && domainId == null && !system;
  }
}
