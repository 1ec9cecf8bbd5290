package dev.altus.common.context;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, with which roles, in which scope. Built from a validated token; passed to every
 * service call so that policy and project isolation can be enforced below the HTTP layer.
 *
 * @param userId the caller's user id
 * @param userName the caller's user name
 * @param userDomainId the domain the user belongs to
 * @param projectId the project the token is scoped to, or null
 * @param projectName the scoped project's name, or null
 * @param projectDomainId the scoped project's domain, or null
 * @param domainId the domain the token is scoped to, or null
 * @param system true for a system-scoped token
 * @param roles the effective role names (implied roles included)
 * @param roleIds the effective role ids
 * @param token the token itself
 * @param expiresAt when the token expires
 * @param auditIds the token's audit ids
 * @param trustId the trust the token was issued through, or null
 * @param appCredentialId the application credential the token was issued through, or null
 */
public record RequestContext(
    String userId,
    String userName,
    String userDomainId,
    String projectId,
    String projectName,
    String projectDomainId,
    String domainId,
    boolean system,
    Set<String> roles,
    Set<String> roleIds,
    String token,
    Instant expiresAt,
    List<String> auditIds,
    String trustId,
    String appCredentialId) {

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Admin role in any scope: the legacy "cloud admin" of OpenStack's default policies. */
  public boolean isAdmin() {
    return roles.contains("admin");
  }

  public boolean projectScoped() {
    return projectId != null;
  }
}
