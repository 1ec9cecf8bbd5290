package dev.altus.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One signed-in browser: the user's current token (kept on the server only; the browser holds an
 * opaque session id in an httpOnly cookie), the CSRF token the page must echo, and what the page
 * shows about the user. Immutable: renewal and project switching replace the whole session.
 *
 * @param id the cookie's value (256 random bits)
 * @param csrf the value every state-changing request must carry in X-CSRF-Token
 * @param token the user's Keystone token, scoped to {@code project} when there is one
 * @param expiresAt when the token expires (the session ends with it)
 * @param user who signed in
 * @param project the project the token is scoped to, or null when the user has none
 * @param roles the user's role names on that project
 * @param catalog the service catalog of the token: service type to public URL
 */
public record Session(String id, String csrf, String token, Instant expiresAt, User user,
    Project project, List<String> roles, java.util.Map<String, String> catalog) {

  public Session {
    Objects.requireNonNull(id);
    Objects.requireNonNull(csrf);
    Objects.requireNonNull(token);
    Objects.requireNonNull(expiresAt);
    Objects.requireNonNull(user);
    roles = List.copyOf(roles);
    catalog = java.util.Map.copyOf(catalog);
  }

  /** The user: id, name and domain (the domain's name is what they typed at sign-in). */
  public record User(String id, String name, String domainId, String domainName) {}

  /** A project the user can switch to. */
  public record Project(String id, String name, String domainId) {}

  /** Without the session id, CSRF token or user's token, so that no log line ever holds them. */
  @Override
  public String toString() {
    return "Session[user=" + user.name() + ", project=" + (project == null ? "none" : project.name())
        + ", expiresAt=" + expiresAt + "]";
  }

  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** The same browser session (id and CSRF token kept) on another token. */
  Session withToken(Scoped scoped) {
    return new Session(id, csrf, scoped.token(), scoped.expiresAt(), user, scoped.project(),
        scoped.roles(), scoped.catalog());
  }

  /** What a scoped token brings: the token, its expiry, project, roles and catalog. */
  record Scoped(String token, Instant expiresAt, Project project, List<String> roles,
      java.util.Map<String, String> catalog) {}
}
