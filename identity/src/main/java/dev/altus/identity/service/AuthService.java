package dev.altus.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.User;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.UserStore;
import dev.altus.identity.token.TokenPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@code POST /v3/auth/tokens} request into a token payload: authenticates each method
 * (password, token, application_credential), then resolves the requested scope and checks that the
 * user holds a role there. Failures say what was wrong without revealing whether a user exists.
 */
public final class AuthService {
  /** Authenticates an application credential; provided by the application credential subsystem. */
  public interface ApplicationCredentialAuth {
    /** The result of an application credential authentication. */
    record Result(String userId, String projectId, boolean system, String appCredId, Long expiresAt) {}

    Result authenticate(JsonNode appCred);
  }

  /** Scopes a token to a trust; provided by the trust subsystem. */
  public interface TrustScope {
    TokenPayload scope(String trusteeUserId, String trustId, List<String> methods,
        List<String> parentAuditIds);
  }

  /** Watches password checks, e.g. to lock a user out after repeated failures. */
  public interface PasswordGuard {
    PasswordGuard NONE = new PasswordGuard() {};

    /** Refuses (401) a user who may not try a password now. */
    default void beforeCheck(User u) {}

    default void failed(User u) {}

    default void succeeded(User u) {}
  }

  private static final String AUTH_FAILED = "The request you have made requires authentication.";
  private final UserStore users;
  private final ProjectStore projects;
  private final AssignmentService assignments;
  private final TokenService tokens;
  private final PasswordHasher hasher;
  private volatile ApplicationCredentialAuth appCreds =
      j -> { throw ApiException.unauthorized("Application credentials are not enabled."); };
  private volatile PasswordGuard passwordGuard = PasswordGuard.NONE;
  private volatile TrustScope trusts =
      (u, t, m, a) -> { throw ApiException.forbidden("Trusts are not enabled."); };

  public AuthService(UserStore users, ProjectStore projects, AssignmentService assignments,
      TokenService tokens, PasswordHasher hasher) {
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
    this.assignments = Objects.requireNonNull(assignments);
    this.tokens = Objects.requireNonNull(tokens);
    this.hasher = Objects.requireNonNull(hasher);
  }

  public void applicationCredentials(ApplicationCredentialAuth a) {
    this.appCreds = Objects.requireNonNull(a);
  }

  public void trusts(TrustScope t) {
    this.trusts = Objects.requireNonNull(t);
  }

  public void passwordGuard(PasswordGuard g) {
    this.passwordGuard = Objects.requireNonNull(g);
  }

  /** Authenticates and scopes; the payload is ready to be signed. */
  public TokenPayload authenticate(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("auth").isObject()) {
      throw ApiException.badRequest("'auth' is a required property");
    }
    JsonNode auth = body.get("auth");
    JsonNode identity = auth.get("identity");
    if (identity == null || !identity.isObject()) {
      throw ApiException.badRequest("'identity' is a required property");
    }
    JsonNode methodsNode = identity.get("methods");
    if (methodsNode == null || !methodsNode.isArray() || methodsNode.isEmpty()) {
      throw ApiException.badRequest("'methods' is a required property and must be a non-empty list");
    }
    List<String> methods = new ArrayList<>();
    methodsNode.forEach(m -> methods.add(m.asText()));
    String userId = null;
    TokenPayload parent = null;
    ApplicationCredentialAuth.Result app = null;
    for (String m : methods) {
      JsonNode data = identity.get(m);
      if (data == null || !data.isObject()) {
        throw ApiException.badRequest("'" + m + "' is listed in methods but has no data.");
      }
      String who = switch (m) {
        case "password" -> passwordUser(data);
        case "token" -> {
          parent = tokenParent(data);
          yield parent.userId();
        }
        case "application_credential" -> {
          app = appCreds.authenticate(data);
          yield app.userId();
        }
        default -> throw ApiException.unauthorized("Attempted to authenticate with an unsupported method: " + m);
      };
      if (userId != null && !userId.equals(who)) {
        throw ApiException.unauthorized("All authentication methods must identify the same user.");
      }
      userId = who;
    }
    User user = users.find(userId).orElseThrow(() -> ApiException.unauthorized(AUTH_FAILED));
    checkEnabled(user);
    if (parent != null) {
      // a token obtained with a token carries the methods of the original authentication too
      for (String m : parent.methods()) {
        if (!methods.contains(m)) {
          methods.add(m);
        }
      }
    }
    List<String> parentAudits = parent == null ? null : parent.auditIds();
    Long notAfter = parent == null ? null : parent.expiresAt();

    if (app != null) {
      if (auth.has("scope")) {
        throw ApiException.unauthorized("Application credentials cannot request a scope.");
      }
      Long exp = app.expiresAt();
      return tokens.newPayload(user.id(), methods, app.projectId(), null, app.system(), null,
          app.appCredId(), exp, null);
    }
    if (parent != null && parent.trustId() != null) {
      throw ApiException.forbidden("You are not authorized to perform the requested action: Using"
          + " trust-scoped token to create another token. Create a new trust-scoped token instead.");
    }
    if (parent != null && parent.appCredId() != null) {
      if (auth.has("scope")) {
        throw ApiException.forbidden("You are not authorized to perform the requested action: Using"
            + " an application credential token to create a scoped token is not allowed.");
      }
      // a re-authentication keeps the credential, its project and its expiry
      return tokens.newPayload(user.id(), methods, parent.projectId(), parent.domainId(),
          parent.system(), null, parent.appCredId(), notAfter, parentAudits);
    }
    JsonNode scope = auth.get("scope");
    if (scope == null || (scope.isTextual() && scope.asText().equals("unscoped"))) {
      if (parent != null && !parent.unscoped() && scope == null) {
        // a plain re-authentication with a scoped token keeps its scope
        return tokens.newPayload(user.id(), methods, parent.projectId(), parent.domainId(),
            parent.system(), parent.trustId(), null, notAfter, parentAudits);
      }
      if (scope == null && user.defaultProjectId() != null) {
        var dp = projects.find(user.defaultProjectId());
        if (dp.isPresent() && dp.get().enabled()
            && !assignments.rolesOnProject(user.id(), dp.get()).isEmpty()) {
          return tokens.newPayload(user.id(), methods, dp.get().id(), null, false, null, null,
              notAfter, parentAudits);
        }
      }
      return tokens.newPayload(user.id(), methods, null, null, false, null, null, notAfter, parentAudits);
    }
    if (!scope.isObject()) {
      throw ApiException.badRequest("'scope' must be an object or \"unscoped\".");
    }
    int kinds = (scope.has("project") ? 1 : 0) + (scope.has("domain") ? 1 : 0)
        + (scope.has("system") ? 1 : 0) + (scope.has("OS-TRUST:trust") ? 1 : 0);
    if (kinds != 1) {
      throw ApiException.badRequest("Specify exactly one of project, domain, system or OS-TRUST:trust as scope.");
    }
    if (scope.has("OS-TRUST:trust")) {
      String trustId = scope.get("OS-TRUST:trust").path("id").asText(null);
      if (trustId == null) {
        throw ApiException.badRequest("'id' is required in OS-TRUST:trust.");
      }
      return trusts.scope(user.id(), trustId, methods, parentAudits);
    }
    if (scope.has("project")) {
      Project p = resolveProject(scope.get("project"));
      if (!p.enabled()) {
        throw ApiException.unauthorized("Project " + p.id() + " is disabled.");
      }
      projects.find(p.domainId()).filter(d -> !d.enabled()).ifPresent(d -> {
        throw ApiException.unauthorized("Domain " + d.id() + " is disabled.");
      });
      if (assignments.rolesOnProject(user.id(), p).isEmpty()) {
        throw ApiException.unauthorized("User " + user.id() + " has no access to project " + p.id() + ".");
      }
      return tokens.newPayload(user.id(), methods, p.id(), null, false, null, null, notAfter, parentAudits);
    }
    if (scope.has("domain")) {
      Project d = resolveDomain(scope.get("domain"));
      if (!d.enabled()) {
        throw ApiException.unauthorized("Domain " + d.id() + " is disabled.");
      }
      if (assignments.rolesOnDomain(user.id(), d.id()).isEmpty()) {
        throw ApiException.unauthorized("User " + user.id() + " has no access to domain " + d.id() + ".");
      }
      return tokens.newPayload(user.id(), methods, null, d.id(), false, null, null, notAfter, parentAudits);
    }
    JsonNode sys = scope.get("system");
    if (!sys.path("all").asBoolean(false)) {
      throw ApiException.badRequest("System scope must be {\"all\": true}.");
    }
    if (assignments.rolesOnSystem(user.id()).isEmpty()) {
      throw ApiException.unauthorized("User " + user.id() + " has no access to the system.");
    }
    return tokens.newPayload(user.id(), methods, null, null, true, null, null, notAfter, parentAudits);
  }

  private String passwordUser(JsonNode data) {
    JsonNode u = data.get("user");
    if (u == null || !u.isObject()) {
      throw ApiException.badRequest("'user' is a required property of the password method.");
    }
    JsonNode pw = u.get("password");
    if (pw == null || !pw.isTextual()) {
      throw ApiException.badRequest("'password' is a required property of the user.");
    }
    User user;
    if (u.hasNonNull("id")) {
      user = users.find(u.get("id").asText()).orElse(null);
    } else if (u.hasNonNull("name")) {
      JsonNode d = u.get("domain");
      if (d == null || !d.isObject()) {
        throw ApiException.badRequest("A user given by name needs its 'domain' (id or name).");
      }
      Project domain;
      try {
        domain = resolveDomain(d);
      } catch (ApiException e) {
        domain = null;
      }
      user = domain == null ? null : users.findByName(domain.id(), u.get("name").asText()).orElse(null);
    } else {
      throw ApiException.badRequest("The user needs an 'id' or a 'name'.");
    }
    if (user == null) {
      // as much bcrypt work as for a real user with a wrong password: no timing tells them apart
      hasher.verifyNobody(pw.asText());
      throw ApiException.unauthorized(AUTH_FAILED);
    }
    passwordGuard.beforeCheck(user);
    if (!hasher.verify(pw.asText(), user.passwordHash())) {
      passwordGuard.failed(user);
      throw ApiException.unauthorized(AUTH_FAILED);
    }
    passwordGuard.succeeded(user);
    if (user.passwordExpiresAt() != null && user.passwordExpiresAt() < tokens.clock().millis()) {
      throw ApiException.unauthorized("The password is expired and needs to be changed for user: "
          + user.id() + ".");
    }
    checkEnabled(user);
    return user.id();
  }

  private TokenPayload tokenParent(JsonNode data) {
    String id = data.path("id").asText(null);
    if (id == null) {
      throw ApiException.badRequest("'id' is a required property of the token method.");
    }
    try {
      return tokens.validate(id).payload();
    } catch (ApiException e) {
      // Keystone answers an invalid, expired or revoked token with 404 here too.
      if (e.status() == 404) {
        throw e;
      }
      throw ApiException.unauthorized(AUTH_FAILED);
    }
  }

  private void checkEnabled(User user) {
    if (!user.enabled()) {
      throw ApiException.unauthorized("The account is disabled for user: " + user.id());
    }
    projects.find(user.domainId()).filter(d -> !d.enabled()).ifPresent(d -> {
      throw ApiException.unauthorized("The account's domain is disabled for user: " + user.id());
    });
  }

  public Project resolveProject(JsonNode p) {
    if (p.hasNonNull("id")) {
      return projects.find(p.get("id").asText()).filter(x -> !x.isDomain())
          .orElseThrow(() -> ApiException.unauthorized("Could not find project: " + p.get("id").asText()));
    }
    if (p.hasNonNull("name")) {
      JsonNode d = p.get("domain");
      if (d == null || !d.isObject()) {
        throw ApiException.badRequest("A project given by name needs its 'domain' (id or name).");
      }
      Project domain = resolveDomain(d);
      return projects.findByName(domain.id(), p.get("name").asText()).filter(x -> !x.isDomain())
          .orElseThrow(() -> ApiException.unauthorized("Could not find project: " + p.get("name").asText()));
    }
    throw ApiException.badRequest("The project scope needs an 'id' or a 'name'.");
  }

  public Project resolveDomain(JsonNode d) {
    if (d.hasNonNull("id")) {
      return projects.find(d.get("id").asText()).filter(Project::isDomain)
          .orElseThrow(() -> ApiException.unauthorized("Could not find domain: " + d.get("id").asText()));
    }
    if (d.hasNonNull("name")) {
      return projects.findByName(Project.ROOT, d.get("name").asText())
          .orElseThrow(() -> ApiException.unauthorized("Could not find domain: " + d.get("name").asText()));
    }
    throw ApiException.badRequest("The domain needs an 'id' or a 'name'.");
  }
}
