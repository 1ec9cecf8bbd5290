package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.ApplicationCredential;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.model.Trust;
import dev.altus.identity.model.User;
import dev.altus.identity.store.ApplicationCredentialStore;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.TrustStore;
import dev.altus.identity.store.UserStore;
import dev.altus.identity.token.TokenPayload;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Rules for trusts (OS-TRUST): the trustor delegates roles they hold on a project to a trustee,
 * who gets trust-scoped tokens carrying those roles (as the trustor with impersonation). A trust
 * ends when it expires, runs out of uses or is deleted, and its tokens with it; it also stops
 * working as soon as the trustor no longer holds every delegated role. A trust may be redelegated
 * by its trustee when it allows it, within its roles, expiry and impersonation.
 */
public final class TrustService implements AuthService.TrustScope {
  /** What a client asks for when creating a trust. */
  public record NewTrust(String trustorUserId, String trusteeUserId, String projectId,
      boolean impersonation, String expiresAt, Integer remainingUses, boolean allowRedelegation,
      Integer redelegationCount, List<RoleRef> roles, ObjectNode extra) {}

  /** How deep a trust may be redelegated, as Keystone's default {@code max_redelegation_count}. */
  public static final int MAX_REDELEGATION_COUNT = 3;
  private final TrustStore store;
  private final ApplicationCredentialStore appCreds;
  private final UserStore users;
  private final ProjectStore projects;
  private final RoleStore roles;
  private final AssignmentService assignments;
  private final TokenService tokens;
  private final Clock clock;

  public TrustService(TrustStore store, ApplicationCredentialStore appCreds, UserStore users,
      ProjectStore projects, RoleStore roles, AssignmentService assignments, TokenService tokens,
      Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.appCreds = Objects.requireNonNull(appCreds);
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
    this.roles = Objects.requireNonNull(roles);
    this.assignments = Objects.requireNonNull(assignments);
    this.tokens = Objects.requireNonNull(tokens);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Tokens of a restricted application credential may not touch trusts (403). */
  public void refuseRestrictedToken(RequestContext ctx) {
    if (ctx.appCredentialId() == null) {
      return;
    }
    boolean unrestricted = appCreds.find(ctx.appCredentialId())
        .map(ApplicationCredential::unrestricted).orElse(false);
    if (!unrestricted) {
      throw ApiException.forbidden("You are not authorized to perform the requested action: Using"
          + " method 'application_credential' is not allowed for managing trusts.");
    }
  }

  public Trust create(RequestContext ctx, NewTrust in) {
    refuseRestrictedToken(ctx);
    if (in.projectId() != null && (in.roles() == null || in.roles().isEmpty())) {
      throw ApiException.forbidden("You are not authorized to perform the requested action: At"
          + " least one role should be specified.");
    }
    if (!ctx.userId().equals(in.trustorUserId())) {
      throw ApiException.forbidden("You are not authorized to perform the requested action: The"
          + " authenticated user should match the trustor.");
    }
    users.find(in.trusteeUserId()).orElseThrow(
        () -> ApiException.notFound("Could not find user: " + in.trusteeUserId() + "."));
    List<String> roleIds = new ArrayList<>();
    for (RoleRef r : in.roles() == null ? List.<RoleRef>of() : in.roles()) {
      String id = r.resolveId(roles);
      if (!roleIds.contains(id)) {
        roleIds.add(id);
      }
    }
    Trust parent = ctx.trustId() == null ? null : get(ctx.trustId());
    if (in.projectId() != null) {
      Project p = projects.find(in.projectId()).filter(x -> !x.isDomain()).orElseThrow(
          () -> ApiException.notFound("Could not find project: " + in.projectId() + "."));
      String originalTrustor = parent == null ? in.trustorUserId() : originalTrustor(parent);
      Set<String> held = roles.expandImplied(assignments.assignedOnProject(originalTrustor, p));
      for (String r : roleIds) {
        if (!held.contains(r)) {
          throw ApiException.notFound("Could not find role: " + r + ".");
        }
      }
    }
    if (in.projectId() == null && !roleIds.isEmpty()) {
      throw ApiException.notFound("Could not find role: " + roleIds.get(0) + ".");
    }
    if (in.remainingUses() != null && in.remainingUses() <= 0) {
      throw ApiException.badRequest("Invalid input for field 'remaining_uses': remaining_uses"
          + " must be a positive integer or null.");
    }
    Long expires = in.expiresAt() == null ? null
        : ExpiryTimes.parseFuture("expires_at", in.expiresAt(), clock.millis());
    boolean redelegatable = in.allowRedelegation()
        && (in.redelegationCount() == null || in.redelegationCount() != 0);
    int count;
    if (!redelegatable) {
      count = 0;
    } else {
      if (in.remainingUses() != null) {
        throw ApiException.badRequest("Invalid input for field 'remaining_uses': remaining_uses"
            + " must not be set if redelegation is allowed.");
      }
      if (in.redelegationCount() != null && in.redelegationCount() > MAX_REDELEGATION_COUNT) {
        throw ApiException.forbidden("Requested redelegation depth of " + in.redelegationCount()
            + " is greater than allowed " + MAX_REDELEGATION_COUNT + ".");
      }
      count = in.redelegationCount() == null ? MAX_REDELEGATION_COUNT : in.redelegationCount();
    }
    if (parent != null) {
      int remaining = parent.redelegationCount() - 1;
      if (redelegatable && in.redelegationCount() != null && in.redelegationCount() != remaining) {
        throw ApiException.forbidden("Modifying \"redelegation_count\" upon redelegation is"
            + " forbidden. Omitting this parameter is advised.");
      }
      if (redelegatable) {
        count = Math.max(0, remaining);
      }
      expires = checkRedelegation(parent, in, roleIds, expires);
    }
    Trust t = new Trust(Ids.newId(), in.trustorUserId(), in.trusteeUserId(), in.projectId(),
        in.impersonation(), expires, in.remainingUses(), parent == null ? null : parent.id(),
        count, null, List.copyOf(roleIds), in.extra());
    for (Trust other : store.listForTrustor(t.trustorUserId())) {
      if (other.usableAt(clock.millis()) && other.trusteeUserId().equals(t.trusteeUserId())
          && Objects.equals(other.projectId(), t.projectId())
          && other.impersonation() == t.impersonation()
          && Objects.equals(other.expiresAtMicros(), t.expiresAtMicros())) {
        throw ApiException.conflict("Conflict occurred attempting to store trust - Duplicate entry.");
      }
    }
    store.insert(t);
    return get(t.id());
  }

  /** Keystone's limits on a redelegated trust; returns its expiry (the parent's if none given). */
  private Long checkRedelegation(Trust parent, NewTrust in, List<String> roleIds, Long expires) {
    if (parent.redelegationCount() <= 0 || parent.redelegationCount() > MAX_REDELEGATION_COUNT) {
      throw ApiException.forbidden("Remaining redelegation depth of " + parent.redelegationCount()
          + " out of allowed range of [0.." + MAX_REDELEGATION_COUNT + "].");
    }
    if (in.remainingUses() != null) {
      throw ApiException.forbidden("Field \"remaining_uses\" is set to " + in.remainingUses()
          + " while it must not be set in order to redelegate a trust.");
    }
    boolean asTrustee = parent.trusteeUserId().equals(in.trustorUserId());
    boolean asImpersonated = parent.impersonation() && parent.trustorUserId().equals(in.trustorUserId());
    if (!asTrustee && !asImpersonated) {
      throw ApiException.forbidden("Only the trustee of a trust may redelegate it.");
    }
    if (expires == null) {
      expires = parent.expiresAtMicros();
    } else if (parent.expiresAtMicros() != null && parent.expiresAtMicros() < expires) {
      throw ApiException.forbidden("Requested expiration time is more than redelegated trust can"
          + " provide.");
    }
    if (!parent.roleIds().containsAll(roleIds)) {
      throw ApiException.forbidden("Some of requested roles are not in redelegated trust.");
    }
    if (!parent.impersonation() && in.impersonation()) {
      throw ApiException.forbidden("Impersonation is not allowed because redelegated trust does"
          + " not specify impersonation. Redelegated trust id: " + parent.id());
    }
    if (!Objects.equals(parent.projectId(), in.projectId())) {
      throw ApiException.forbidden("A redelegated trust must be for the same project.");
    }
    return expires;
  }

  /** A trust that exists and is not deleted, expired or used up; 404 otherwise. */
  public Trust get(String id) {
    return store.find(id).filter(t -> t.usableAt(clock.millis())).orElseThrow(() -> notFound(id));
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Could not find trust: " + id + ".");
  }

  public List<Trust> list() {
    return store.list();
  }

  public List<Trust> listForTrustor(String userId) {
    return store.listForTrustor(userId);
  }

  public List<Trust> listForTrustee(String userId) {
    return store.listForTrustee(userId);
  }

  /** Deletes a trust and the trusts redelegated from it, and revokes their tokens. */
  public void delete(RequestContext ctx, String id) {
    refuseRestrictedToken(ctx);
    store.find(id).orElseThrow(() -> notFound(id));
    deleteTree(id);
  }

  private void deleteTree(String id) {
    for (Trust child : store.redelegatedFrom(id)) {
      deleteTree(child.id());
    }
    if (store.markDeleted(id, clock.millis())) {
      tokens.revokeTrust(id);
    }
  }

  /**
   * Deletes every trust the user is party to, and revokes their tokens; for when the user is
   * deleted.
   */
  public void deleteForUser(String userId) {
    List<Trust> party = new ArrayList<>(store.listForTrustor(userId));
    party.addAll(store.listForTrustee(userId));
    for (Trust t : party) {
      deleteTree(t.id());
    }
  }

  /** The delegated roles that still exist. */
  public List<Role> roles(Trust t) {
    List<Role> out = new ArrayList<>();
    for (String id : t.roleIds()) {
      roles.find(id).ifPresent(out::add);
    }
    return out;
  }

  /** The trustor at the root of a redelegation chain. */
  private String originalTrustor(Trust t) {
    Trust cur = t;
    Set<String> seen = new HashSet<>();
    while (cur.redelegatedTrustId() != null && seen.add(cur.id())) {
      cur = store.find(cur.redelegatedTrustId()).orElseThrow(
          () -> ApiException.forbidden("One of the trust agents is disabled or deleted."));
    }
    return cur.trustorUserId();
  }

  /**
   * Scopes a token to a trust for its trustee: 401 if the trust is gone, expired or used up; 403 if
   * the caller is not the trustee, the trustor is disabled or no longer holds a delegated role.
   * Each token uses the trust once.
   */
  @Override
  public TokenPayload scope(String trusteeUserId, String trustId, List<String> methods,
      List<String> parentAuditIds) {
    Trust t = store.find(trustId).filter(x -> x.usableAt(clock.millis()))
        .orElseThrow(() -> ApiException.unauthorized("Could not find trust: " + trustId + "."));
    if (!t.trusteeUserId().equals(trusteeUserId)) {
      throw ApiException.forbidden("User is not a trustee.");
    }
    if (t.projectId() == null) {
      throw ApiException.forbidden("The trust has no project to scope a token to.");
    }
    delegatedRoles(t, ApiException::forbidden);
    String userId = t.impersonation() ? t.trustorUserId() : t.trusteeUserId();
    TokenPayload p = tokens.newPayload(userId, methods, t.projectId(), null, false, t.id(), null,
        t.expiresAtMillis(), parentAuditIds);
    if (!store.consumeUse(t.id())) {
      throw ApiException.unauthorized("Could not find trust: " + trustId + ".");
    }
    return p;
  }

  /**
   * The roles of a trust-scoped token: the delegated roles and the roles they imply, as long as
   * the trust is valid and the trustor holds all of them; the token is invalid (404) otherwise.
   */
  public List<Role> restrict(TokenPayload p) {
    Trust t = store.find(p.trustId()).filter(x -> x.deletedAt() == null).orElseThrow(
        () -> ApiException.notFound("The token's trust no longer exists."));
    if (t.expiresAtMillis() != null && t.expiresAtMillis() <= clock.millis()) {
      throw ApiException.notFound("The token's trust has expired.");
    }
    String expected = t.impersonation() ? t.trustorUserId() : t.trusteeUserId();
    if (!expected.equals(p.userId()) || !Objects.equals(t.projectId(), p.projectId())) {
      throw ApiException.notFound("The token does not match its trust.");
    }
    return delegatedRoles(t, ApiException::notFound);
  }

  private List<Role> delegatedRoles(Trust t, java.util.function.Function<String, ApiException> fail) {
    User trustor = users.find(t.trustorUserId()).orElseThrow(() -> fail.apply("Trustor is disabled."));
    User trustee = users.find(t.trusteeUserId()).orElseThrow(() -> fail.apply("Trustee is disabled."));
    for (User u : List.of(trustor, trustee)) {
      boolean domainOk = projects.find(u.domainId()).map(Project::enabled).orElse(false);
      if (!u.enabled() || !domainOk) {
        throw fail.apply(u == trustor ? "Trustor is disabled." : "Trustee is disabled.");
      }
    }
    Project project = projects.find(t.projectId())
        .orElseThrow(() -> fail.apply("The trust's project no longer exists."));
    String original;
    try {
      original = originalTrustor(t);
    } catch (ApiException e) {
      throw fail.apply(e.getMessage());
    }
    Set<String> held = roles.expandImplied(assignments.assignedOnProject(original, project));
    List<Role> out = new ArrayList<>();
    for (String id : new LinkedHashSet<>(roles.expandImplied(t.roleIds()))) {
      if (!held.contains(id)) {
        throw fail.apply("Trustee has no delegated roles.");
      }
      roles.find(id).filter(r -> r.domainId() == null).ifPresent(out::add);
    }
    return out;
  }
}
