package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.model.User;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RevocationStore;
import dev.altus.identity.store.UserStore;
import dev.altus.identity.token.FernetTokenCodec;
import dev.altus.identity.token.TokenPayload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Issues, validates and revokes tokens. Validation checks the signature and expiry, the revocation
 * events, and that the user, project and domain are still enabled and the user still holds a role
 * in the scope. Validated tokens are cached until any identity write (see {@link IdentityEvents}).
 */
public final class TokenService {
  /** A validated token: its payload, the caller it stands for, and the roles it carries. */
  public record Validated(TokenPayload payload, RequestContext context, User user, Project project,
      Project domain, List<Role> roles, long generation) {}

  private final FernetTokenCodec codec;
  private final UserStore users;
  private final ProjectStore projects;
  private final AssignmentService assignments;
  private final RevocationStore revocations;
  private final IdentityEvents events;
  private final Clock clock;
  private final Duration lifetime;
  private final Map<String, Validated> cache = new ConcurrentHashMap<>();
  private final List<RevocationStore.Event> revoked = new CopyOnWriteArrayList<>();
  private volatile TokenScopeChecks scopeChecks = TokenScopeChecks.NONE;

  public TokenService(FernetTokenCodec codec, UserStore users, ProjectStore projects,
      AssignmentService assignments, RevocationStore revocations, IdentityEvents events, Clock clock,
      Duration lifetime) {
    this.codec = Objects.requireNonNull(codec);
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
    this.assignments = Objects.requireNonNull(assignments);
    this.revocations = Objects.requireNonNull(revocations);
    this.events = Objects.requireNonNull(events);
    this.clock = Objects.requireNonNull(clock);
    this.lifetime = Objects.requireNonNull(lifetime);
    long horizon = clock.millis() - lifetime.toMillis() - Duration.ofMinutes(10).toMillis();
    revocations.pruneBefore(horizon);
    revoked.addAll(revocations.since(horizon));
  }

  /** Extra checks for trust and application-credential tokens, set by those subsystems. */
  public void scopeChecks(TokenScopeChecks checks) {
    this.scopeChecks = Objects.requireNonNull(checks);
  }

  public Duration lifetime() {
    return lifetime;
  }

  public Clock clock() {
    return clock;
  }

  /** Signs a payload into a token string. */
  public String issue(TokenPayload payload) {
    waitOutSameSecondRevocation(payload);
    return codec.encode(payload);
  }

  /**
   * A Fernet token carries its issue time in whole seconds, so a token issued in the same second as
   * a revocation event that matches its subject (a password change, say) would look revoked. Such
   * an issue waits for the next second (at most one), so the new token is valid and every token
   * issued before the event stays revoked.
   */
  private void waitOutSameSecondRevocation(TokenPayload payload) {
    long now = clock.millis();
    long secondStart = now - now % 1000;
    for (RevocationStore.Event e : revoked) {
      if (e.issuedBefore() >= secondStart && matches(e, payload, false)) {
        try {
          Thread.sleep(secondStart + 1000 - now + 1);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        return;
      }
    }
  }

  /** A new payload expiring after the configured lifetime (or earlier, at {@code notAfter}). */
  public TokenPayload newPayload(String userId, List<String> methods, String projectId,
      String domainId, boolean system, String trustId, String appCredId, Long notAfter,
      List<String> parentAuditIds) {
    long now = clock.millis();
    long exp = now + lifetime.toMillis();
    if (notAfter != null) {
      exp = Math.min(exp, notAfter);
    }
    List<String> audits = new ArrayList<>();
    audits.add(Ids.auditId());
    if (parentAuditIds != null && !parentAuditIds.isEmpty()) {
      audits.add(parentAuditIds.get(parentAuditIds.size() - 1));
    }
    return new TokenPayload(userId, List.copyOf(new LinkedHashSet<>(methods)), projectId, domainId,
        system, trustId, appCredId, now, exp, audits);
  }

  /** Validates a token string; 404 if it is not (or no longer) valid, as Keystone answers. */
  public Validated validate(String token) {
    long gen = events.generation();
    Validated v = cache.get(token);
    if (v != null && v.generation() == gen && v.payload().expiresAt() > clock.millis()) {
      return v;
    }
    if (cache.size() > 100_000) {
      cache.clear();
    }
    v = validateUncached(token, gen);
    cache.put(token, v);
    return v;
  }

  /** For the other services' token middleware: the caller, or empty if the token is not valid. */
  public Optional<RequestContext> authenticate(String token) {
    try {
      return Optional.of(validate(token).context());
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  private Validated validateUncached(String token, long gen) {
    TokenPayload p = codec.decode(token);
    long now = clock.millis();
    if (p.expiresAt() <= now) {
      throw ApiException.notFound("The token has expired.");
    }
    for (RevocationStore.Event e : revoked) {
      if (matches(e, p)) {
        throw ApiException.notFound("The token has been revoked.");
      }
    }
    User user = users.find(p.userId())
        .orElseThrow(() -> ApiException.notFound("The token's user no longer exists."));
    if (!user.enabled()) {
      throw ApiException.notFound("The token's user is disabled.");
    }
    Project userDomain = projects.find(user.domainId())
        .orElseThrow(() -> ApiException.notFound("The token's user domain no longer exists."));
    if (!userDomain.enabled()) {
      throw ApiException.notFound("The token's user domain is disabled.");
    }
    Project project = null;
    Project domain = null;
    List<Role> roles = List.of();
    if (p.projectId() != null) {
      project = projects.find(p.projectId())
          .orElseThrow(() -> ApiException.notFound("The token's project no longer exists."));
      Project pd = projects.find(project.domainId()).orElse(null);
      if (!project.enabled() || (pd != null && !pd.enabled())) {
        throw ApiException.notFound("The token's project or its domain is disabled.");
      }
      roles = assignments.rolesOnProject(user.id(), project);
    } else if (p.domainId() != null) {
      domain = projects.find(p.domainId())
          .orElseThrow(() -> ApiException.notFound("The token's domain no longer exists."));
      if (!domain.enabled()) {
        throw ApiException.notFound("The token's domain is disabled.");
      }
      roles = assignments.rolesOnDomain(user.id(), domain.id());
    } else if (p.system()) {
      roles = assignments.rolesOnSystem(user.id());
    }
    roles = scopeChecks.restrictRoles(p, roles);
    if (!p.unscoped() && roles.isEmpty()) {
      throw ApiException.notFound("The token's user no longer has any role in its scope.");
    }
    Set<String> names = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    for (Role r : roles) {
      names.add(r.name());
      ids.add(r.id());
    }
    RequestContext ctx = new RequestContext(user.id(), user.name(), user.domainId(),
        project == null ? null : project.id(), project == null ? null : project.name(),
        project == null ? null : project.domainId(), domain == null ? null : domain.id(),
        p.system(), Set.copyOf(names), Set.copyOf(ids), token, Instant.ofEpochMilli(p.expiresAt()),
        p.auditIds(), p.trustId(), p.appCredId());
    return new Validated(p, ctx, user, project, domain, roles, gen);
  }

  private static boolean matches(RevocationStore.Event e, TokenPayload p) {
    return matches(e, p, true);
  }

  private static boolean matches(RevocationStore.Event e, TokenPayload p, boolean checkTime) {
    if (checkTime && p.issuedAt() > e.issuedBefore()) {
      return false;
    }
    if (e.auditId() != null && !e.auditId().equals(p.auditId())) {
      return false;
    }
    if (e.auditChainId() != null && !e.auditChainId().equals(p.auditChainId())) {
      return false;
    }
    if (e.userId() != null && !e.userId().equals(p.userId())) {
      return false;
    }
    if (e.projectId() != null && !e.projectId().equals(p.projectId())) {
      return false;
    }
    if (e.domainId() != null && !e.domainId().equals(p.domainId())) {
      return false;
    }
    if (e.trustId() != null && !e.trustId().equals(p.trustId())) {
      return false;
    }
    return true;
  }

  /** Records a revocation event; it applies to tokens issued up to now. */
  public void revoke(RevocationStore.Event template) {
    long now = clock.millis();
    RevocationStore.Event e = new RevocationStore.Event(template.domainId(), template.projectId(),
        template.userId(), template.roleId(), template.trustId(), template.auditId(),
        template.auditChainId(), now, now);
    revocations.insert(e);
    revoked.add(e);
    events.changed();
  }

  /** Revokes one token (and, with {@code chain}, every token rescoped from it). */
  public void revokeToken(TokenPayload p) {
    revoke(new RevocationStore.Event(null, null, null, null, null, p.auditId(), null, 0, 0));
  }

  public void revokeUser(String userId) {
    revoke(new RevocationStore.Event(null, null, userId, null, null, null, null, 0, 0));
  }

  public void revokeProject(String projectId) {
    revoke(new RevocationStore.Event(null, projectId, null, null, null, null, null, 0, 0));
  }

  public void revokeDomain(String domainId) {
    revoke(new RevocationStore.Event(domainId, null, null, null, null, null, null, 0, 0));
  }

  public void revokeTrust(String trustId) {
    revoke(new RevocationStore.Event(null, null, null, null, trustId, null, null, 0, 0));
  }

  /** The revocation list as {@code GET /v3/auth/tokens/OS-PKI/revoked} shows it (empty for Fernet). */
  public List<RevocationStore.Event> events() {
    return List.copyOf(revoked);
  }

  /** Hook for trusts and application credentials to narrow a token's roles. */
  public interface TokenScopeChecks {
    TokenScopeChecks NONE = (p, roles) -> roles;

    List<Role> restrictRoles(TokenPayload payload, List<Role> roles);
  }

}
