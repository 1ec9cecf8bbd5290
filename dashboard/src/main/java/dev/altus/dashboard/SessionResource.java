package dev.altus.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, project switching, renewal and sign-out: each is a call to the identity service with
 * the user's own credentials or token; the session only remembers the resulting token.
 */
final class SessionResource {
  private static final Logger LOG = LoggerFactory.getLogger(SessionResource.class);
  static final ObjectMapper JSON = new ObjectMapper();
  private final IdentityClient identity;
  private final Sessions sessions;
  private final Clock clock;
  private final Duration renewalWarning;

  SessionResource(IdentityClient identity, Sessions sessions, Clock clock, Duration renewalWarning) {
    this.identity = identity;
    this.sessions = sessions;
    this.clock = clock;
    this.renewalWarning = renewalWarning;
  }

  /** Signs in: {"domain", "username", "password", optional "project_id"}. */
  Session signIn(JsonNode body) throws ServiceError {
    String domain = text(body, "domain", "Default");
    String user = text(body, "username", null);
    String password = body.path("password").asText("");
    if (password.isEmpty()) {
      throw new ServiceError(400, "Enter your password.");
    }
    IdentityClient.Issued unscoped;
    try {
      unscoped = identity.password(domain, user, password);
    } catch (ServiceError e) {
      throw e.status() == 401 ? new ServiceError(401, "Sign-in failed: the domain, user name or"
          + " password is wrong, or the account is disabled or locked (" + e.getMessage() + ")")
          : e;
    }
    List<Session.Project> projects = identity.projects(unscoped.token());
    String wanted = body.path("project_id").asText("");
    Session.Scoped scoped;
    if (projects.isEmpty()) {
      scoped = unscoped.scoped();
    } else {
      String defaultProject = unscoped.body().path("token").path("project").path("id").asText("");
      Session.Project chosen = projects.stream()
          .filter(p -> p.id().equals(wanted.isEmpty() ? defaultProject : wanted)).findFirst()
          .orElse(projects.get(0));
      scoped = identity.rescope(unscoped.token(), chosen.id()).scoped();
      revokeQuietly(unscoped.token());
    }
    Session s = new Session(Sessions.randomId(), Sessions.randomId(), scoped.token(),
        scoped.expiresAt(), unscoped.user(), scoped.project(), scoped.roles(), scoped.catalog());
    sessions.put(s);
    LOG.info("dashboard: {} (domain {}) signed in, project {}", s.user().name(),
        s.user().domainName(), s.project() == null ? "none" : s.project().name());
    return s;
  }

  /** Switches the session to another of the user's projects. */
  Session switchProject(Session s, JsonNode body) throws ServiceError {
    String projectId = text(body, "project_id", null);
    Session next = s.withToken(identity.rescope(s.token(), projectId).scoped());
    return swap(s, next);
  }

  /** A fresh token by password, for the same user and project, before the current one expires. */
  Session renew(Session s, JsonNode body) throws ServiceError {
    String password = body.path("password").asText("");
    if (password.isEmpty()) {
      throw new ServiceError(400, "Enter your password to stay signed in.");
    }
    IdentityClient.Issued issued;
    try {
      issued = identity.passwordScoped(s.user().id(), password,
          s.project() == null ? null : s.project().id());
    } catch (ServiceError e) {
      throw e.status() == 401 ? new ServiceError(401, "The password is wrong (" + e.getMessage()
          + ")") : e;
    }
    return swap(s, s.withToken(issued.scoped()));
  }

  /** Ends the session and revokes its token. */
  void signOut(Session s) {
    sessions.remove(s.id());
    revokeQuietly(s.token());
  }

  List<Session.Project> projects(Session s) throws ServiceError {
    return identity.projects(s.token());
  }

  /** What the page knows of its session; the CSRF token is readable by this origin only. */
  ObjectNode view(Session s) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode u = o.putObject("user");
    u.put("id", s.user().id()).put("name", s.user().name()).put("domain_id", s.user().domainId())
        .put("domain_name", s.user().domainName());
    if (s.project() != null) {
      o.putObject("project").put("id", s.project().id()).put("name", s.project().name())
          .put("domain_id", s.project().domainId());
    } else {
      o.putNull("project");
    }
    var roles = o.putArray("roles");
    s.roles().forEach(roles::add);
    var services = o.putArray("services");
    s.catalog().keySet().stream().sorted().forEach(services::add);
    o.put("expires_at", s.expiresAt().toString());
    o.put("seconds_left", Math.max(0, Duration.between(clock.instant(), s.expiresAt()).toSeconds()));
    o.put("renew_before_seconds", renewalWarning.toSeconds());
    o.put("csrf_token", s.csrf());
    return o;
  }

  static ObjectNode projectsView(List<Session.Project> projects) {
    ObjectNode o = JSON.createObjectNode();
    var a = o.putArray("projects");
    projects.forEach(p -> a.addObject().put("id", p.id()).put("name", p.name())
        .put("domain_id", p.domainId()));
    return o;
  }

  private Session swap(Session old, Session next) throws ServiceError {
    if (!sessions.replace(old, next)) {
      revokeQuietly(next.token());
      throw new ServiceError(409, "The session changed meanwhile (signed out or switched in"
          + " another tab); reload the page.");
    }
    // the old token is revoked at once (a token made from it stays valid): at any time a session
    // holds one live token, which sign-out revokes
    revokeQuietly(old.token());
    return next;
  }

  private void revokeQuietly(String token) {
    try {
      identity.revoke(token);
    } catch (ServiceError e) {
      LOG.warn("dashboard: could not revoke a token: {}", e.getMessage());
    }
  }

  private static String text(JsonNode body, String field, String dflt) throws ServiceError {
    String v = body.path(field).asText("").trim();
    if (v.isEmpty()) {
      if (dflt != null) {
        return dflt;
      }
      throw new ServiceError(400, "'" + field + "' is required.");
    }
    if (v.length() > 255) {
      throw new ServiceError(400, "'" + field + "' is longer than 255 characters.");
    }
    return v;
  }

  static Optional<JsonNode> parse(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
