package dev.altus.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.AccessRule;
import dev.altus.identity.model.ApplicationCredential;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.model.User;
import dev.altus.identity.store.ApplicationCredentialStore;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.UserStore;
import dev.altus.identity.token.TokenPayload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rules for application credentials: a user creates them for the project of their token, with a
 * subset of the roles of that token; the secret is shown once and kept only as a hash; a token
 * issued with a credential is scoped to its project, carries only its roles the user still holds
 * and dies with it. Tokens of a restricted credential cannot manage credentials, and no trust
 * token can.
 */
public final class ApplicationCredentialService implements AuthService.ApplicationCredentialAuth {
  /** What a client asks for when creating a credential. */
  public record NewCredential(String name, String secret, String description, String expiresAt,
      List<RoleRef> roles, boolean unrestricted, List<AccessRule> accessRules) {}

  /** A created credential and its secret in clear, which is shown only this once. */
  public record Created(ApplicationCredential credential, String secret) {}

  private static final String AUTH_FAILED = "Invalid application credential ID or secret";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ApplicationCredentialStore store;
  private final UserStore users;
  private final ProjectStore projects;
  private final RoleStore roles;
  private final AssignmentService assignments;
  private final PasswordHasher hasher;
  private final Clock clock;

  public ApplicationCredentialService(ApplicationCredentialStore store, UserStore users,
      ProjectStore projects, RoleStore roles, AssignmentService assignments, PasswordHasher hasher,
      Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
    this.roles = Objects.requireNonNull(roles);
    this.assignments = Objects.requireNonNull(assignments);
    this.hasher = Objects.requireNonNull(hasher);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Trust-scoped tokens may not read or manage credentials or access rules (403). */
  public void refuseTrustToken(RequestContext ctx) {
    if (ctx.trustId() != null) {
      throw ApiException.forbidden(
          "Cannot manage application credentials with a token issued via delegation.");
    }
  }

  /** A token of a restricted credential may not create or delete credentials (403). */
  public void refuseRestrictedToken(RequestContext ctx) {
    if (ctx.appCredentialId() == null) {
      return;
    }
    boolean unrestricted = store.find(ctx.appCredentialId())
        .map(ApplicationCredential::unrestricted).orElse(false);
    if (!unrestricted) {
      throw ApiException.forbidden("You are not authorized to perform the requested action: Using"
          + " method 'application_credential' is not allowed for managing additional application"
          + " credentials.");
    }
  }

  public Created create(RequestContext ctx, String userId, NewCredential in) {
    refuseTrustToken(ctx);
    refuseRestrictedToken(ctx);
    if (!ctx.userId().equals(userId)) {
      throw ApiException.forbidden("You are not authorized to perform the requested action:"
          + " Cannot create an application credential for another user.");
    }
    String projectId = ctx.projectId();
    if (projectId == null) {
      throw ApiException.badRequest(
          "An application credential can only be created with a project-scoped token.");
    }
    Project project = projects.find(projectId)
        .orElseThrow(() -> ApiException.notFound("Could not find project: " + projectId + "."));
    List<String> roleIds = delegatedRoles(ctx, in.roles());
    Set<String> held = new LinkedHashSet<>();
    assignments.rolesOnProject(userId, project).forEach(r -> held.add(r.id()));
    for (String r : roleIds) {
      if (!held.contains(r)) {
        throw ApiException.badRequest("Invalid application credential: Could not find role"
            + " assignment with role: " + r + ", user or group: " + userId + ", project, domain,"
            + " or system: " + projectId + ".");
      }
    }
    Long expires = in.expiresAt() == null ? null
        : ExpiryTimes.parseFuture("expires_at", in.expiresAt(), clock.millis());
    if (store.findByName(userId, in.name()).isPresent()) {
      throw duplicate(in.name());
    }
    List<AccessRule> rules = new ArrayList<>();
    for (AccessRule r : in.accessRules()) {
      String id = r.id() == null ? Ids.newId() : r.id();
      if (store.ruleIdTakenByOther(id, userId)) {
        throw ApiException.badRequest("Invalid input for field 'access_rules': access rule " + id
            + " belongs to another user.");
      }
      rules.add(new AccessRule(id, userId, r.service(), r.path(), r.method()));
    }
    String secret = in.secret() != null && !in.secret().isEmpty() ? in.secret() : newSecret();
    ApplicationCredential c = new ApplicationCredential(Ids.newId(), in.name(),
        hasher.hash(digest(secret)), in.description(), userId, projectId, expires,
        in.unrestricted(), roleIds, rules);
    try {
      store.insert(c);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw duplicate(in.name());
      }
      throw e;
    }
    return new Created(get(c.id()), secret);
  }

  /** The requested roles plus the roles they imply, all of which the token must carry (400). */
  private List<String> delegatedRoles(RequestContext ctx, List<RoleRef> requested) {
    if (requested == null || requested.isEmpty()) {
      return List.copyOf(ctx.roleIds());
    }
    Set<String> ids = new LinkedHashSet<>();
    for (RoleRef r : requested) {
      ids.add(r.resolveId(roles));
    }
    Set<String> all = roles.expandImplied(ids);
    for (String id : all) {
      if (!ctx.roleIds().contains(id)) {
        if (ids.contains(id)) {
          throw ApiException.badRequest("Invalid application credential: Cannot create an"
              + " application credential with unassigned role");
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (String id : all) {
      if (ctx.roleIds().contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  private static ApiException duplicate(String name) {
    return ApiException.conflict("Conflict occurred attempting to store application_credential"
        + " - Duplicate entry found with name " + name + ".");
  }

  public ApplicationCredential get(String id) {
    return store.find(id).orElseThrow(() -> notFound(id));
  }

  /** A credential of {@code userId}; 404 if it does not exist or belongs to someone else. */
  public ApplicationCredential getFor(String userId, String id) {
    return store.find(id).filter(c -> c.userId().equals(userId)).orElseThrow(() -> notFound(id));
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Could not find Application Credential: " + id + ".");
  }

  public List<ApplicationCredential> list(String userId, Optional<String> name) {
    return store.listForUser(userId).stream()
        .filter(c -> name.isEmpty() || name.get().equals(c.name()))
        .toList();
  }

  /** Deletes a credential; its tokens stop validating at once. */
  public void delete(RequestContext ctx, String userId, String id) {
    refuseTrustToken(ctx);
    refuseRestrictedToken(ctx);
    getFor(userId, id);
    if (!store.delete(id)) {
      throw notFound(id);
    }
  }

  /** Deletes the user's credentials and access rules; for when the user is deleted. */
  public void deleteForUser(String userId) {
    store.deleteForUser(userId);
  }

  public AccessRule rule(String userId, String ruleId) {
    return store.findRule(ruleId).filter(r -> r.userId().equals(userId))
        .orElseThrow(() -> ApiException.notFound("Could not find Access Rule: " + ruleId + "."));
  }

  public List<AccessRule> rules(String userId) {
    return store.rulesForUser(userId);
  }

  /** Deletes an access rule; 403 while a credential uses it. */
  public void deleteRule(RequestContext ctx, String userId, String ruleId) {
    refuseTrustToken(ctx);
    rule(userId, ruleId);
    switch (store.deleteRule(ruleId)) {
      case IN_USE -> throw ApiException.forbidden("May not delete access rule in use");
      case NOT_FOUND -> throw ApiException.notFound("Could not find Access Rule: " + ruleId + ".");
      case DELETED -> { }
    }
  }

  /** The roles of a credential that still exist. */
  public List<Role> roles(ApplicationCredential c) {
    List<Role> out = new ArrayList<>();
    for (String id : c.roleIds()) {
      roles.find(id).ifPresent(out::add);
    }
    return out;
  }

  /** The {@code application_credential} auth method: by id, or by name and user. */
  @Override
  public Result authenticate(JsonNode data) {
    ApplicationCredential c;
    if (data.hasNonNull("id")) {
      c = store.find(data.get("id").asText()).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
    } else if (data.hasNonNull("name")) {
      User owner = owner(data.get("user"));
      c = store.findByName(owner.id(), data.get("name").asText())
          .orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
    } else {
      throw ApiException.badRequest("Expecting to find id or name in application credential -"
          + " the server could not comply with the request since it is either malformed or"
          + " otherwise incorrect. The client is assumed to be in error.");
    }
    JsonNode secret = data.get("secret");
    if (secret == null || !secret.isTextual()
        || !hasher.verify(digest(secret.asText()), c.secretHash())) {
      throw ApiException.unauthorized(AUTH_FAILED);
    }
    if (c.expiredAt(clock.millis())) {
      throw ApiException.unauthorized(AUTH_FAILED);
    }
    return new Result(c.userId(), c.projectId(), false, c.id(), c.expiresAtMillis());
  }

  private User owner(JsonNode u) {
    if (u == null || !u.isObject()) {
      throw ApiException.badRequest("An application credential given by name needs its 'user'.");
    }
    if (u.hasNonNull("id")) {
      return users.find(u.get("id").asText()).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
    }
    JsonNode d = u.get("domain");
    if (!u.hasNonNull("name") || d == null || !d.isObject()) {
      throw ApiException.badRequest("The user needs an 'id', or a 'name' and its 'domain'.");
    }
    Optional<Project> domain = d.hasNonNull("id")
        ? projects.find(d.get("id").asText()).filter(Project::isDomain)
        : projects.findByName(Project.ROOT, d.path("name").asText());
    return domain.flatMap(dom -> users.findByName(dom.id(), u.get("name").asText()))
        .orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
  }

  /**
   * Narrows an application credential token to the credential's roles the user still holds; the
   * token is invalid (404) once the credential is deleted or expired.
   */
  public List<Role> restrict(TokenPayload p, List<Role> held) {
    ApplicationCredential c = store.find(p.appCredId()).orElseThrow(
        () -> ApiException.notFound("The token's application credential no longer exists."));
    if (c.expiredAt(clock.millis())) {
      throw ApiException.notFound("The token's application credential has expired.");
    }
    if (!c.userId().equals(p.userId()) || !Objects.equals(c.projectId(), p.projectId())) {
      throw ApiException.notFound("The token does not match its application credential.");
    }
    Set<String> allowed = Set.copyOf(c.roleIds());
    return held.stream().filter(r -> allowed.contains(r.id())).toList();
  }

  /** 64 random bytes, URL-safe base64 without padding, as Keystone generates. */
  private static String newSecret() {
    byte[] b = new byte[64];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * bcrypt reads at most 72 bytes, and a generated secret is 86 characters long; hashing a SHA-256
   * digest of the secret makes every character of it count.
   */
  private static String digest(String secret) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
