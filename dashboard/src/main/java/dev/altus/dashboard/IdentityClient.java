package dev.altus.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity service as the dashboard uses it, over its public HTTP API like any client:
 * password sign-in, the user's projects, rescoping a token to another project, and revocation.
 */
final class IdentityClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String v3;

  IdentityClient(HttpClient http, String identityUrl) {
    this.http = http;
    String u = identityUrl.replaceAll("/+$", "");
    this.v3 = u.endsWith("/v3") ? u : u + "/v3";
  }

  /** A token as Keystone issued it: its value and its parsed body. */
  record Issued(String token, JsonNode body) {
    Session.User user() {
      JsonNode u = body.path("token").path("user");
      return new Session.User(u.path("id").asText(), u.path("name").asText(),
          u.path("domain").path("id").asText(), u.path("domain").path("name").asText());
    }

    Instant expiresAt() {
      return Instant.parse(body.path("token").path("expires_at").asText());
    }

    Session.Scoped scoped() {
      JsonNode t = body.path("token");
      JsonNode p = t.path("project");
      Session.Project project = p.isMissingNode() ? null : new Session.Project(
          p.path("id").asText(), p.path("name").asText(), p.path("domain").path("id").asText());
      List<String> roles = new ArrayList<>();
      t.path("roles").forEach(r -> roles.add(r.path("name").asText()));
      Map<String, String> catalog = new LinkedHashMap<>();
      t.path("catalog").forEach(service -> service.path("endpoints").forEach(e -> {
        if ("public".equals(e.path("interface").asText())) {
          catalog.putIfAbsent(service.path("type").asText(), e.path("url").asText());
        }
      }));
      return new Session.Scoped(token, expiresAt(), project, roles, catalog);
    }
  }

  /** Signs in with a password, unscoped (the user's projects are listed next). */
  Issued password(String domain, String user, String password) throws ServiceError {
    ObjectNode u = JSON.createObjectNode().put("name", user).put("password", password);
    u.putObject("domain").put("name", domain);
    ObjectNode auth = JSON.createObjectNode();
    ObjectNode identity = auth.putObject("auth").putObject("identity");
    identity.putArray("methods").add("password");
    identity.putObject("password").set("user", u);
    return issue(auth);
  }

  /** A new token for the same user by password, scoped to a project (renewal). */
  Issued passwordScoped(String userId, String password, String projectId) throws ServiceError {
    ObjectNode auth = JSON.createObjectNode();
    ObjectNode a = auth.putObject("auth");
    ObjectNode identity = a.putObject("identity");
    identity.putArray("methods").add("password");
    identity.putObject("password").putObject("user").put("id", userId).put("password", password);
    if (projectId != null) {
      a.putObject("scope").putObject("project").put("id", projectId);
    }
    return issue(auth);
  }

  /** A token scoped to another project, from the user's current token (expires with it). */
  Issued rescope(String token, String projectId) throws ServiceError {
    ObjectNode auth = JSON.createObjectNode();
    ObjectNode a = auth.putObject("auth");
    ObjectNode identity = a.putObject("identity");
    identity.putArray("methods").add("token");
    identity.putObject("token").put("id", token);
    a.putObject("scope").putObject("project").put("id", projectId);
    return issue(auth);
  }

  /** The projects the token's user may scope to, by name. */
  List<Session.Project> projects(String token) throws ServiceError {
    JsonNode body = send(HttpRequest.newBuilder(URI.create(v3 + "/auth/projects"))
        .header("X-Auth-Token", token).GET(), 200).body();
    List<Session.Project> projects = new ArrayList<>();
    body.path("projects").forEach(p -> {
      if (p.path("enabled").asBoolean(true)) {
        projects.add(new Session.Project(p.path("id").asText(), p.path("name").asText(),
            p.path("domain_id").asText()));
      }
    });
    projects.sort(Comparator.comparing(Session.Project::name));
    return projects;
  }

  /** Revokes a token (sign out); a token already invalid is no error. */
  void revoke(String token) throws ServiceError {
    try {
      send(HttpRequest.newBuilder(URI.create(v3 + "/auth/tokens"))
          .header("X-Auth-Token", token).header("X-Subject-Token", token).DELETE(), 204);
    } catch (ServiceError e) {
      if (e.status() != 401 && e.status() != 404) {
        throw e;
      }
    }
  }

  private Issued issue(ObjectNode auth) throws ServiceError {
    var r = send(HttpRequest.newBuilder(URI.create(v3 + "/auth/tokens"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(auth.toString())), 201);
    return new Issued(r.token(), r.body());
  }

  private Issued send(HttpRequest.Builder request, int expected) throws ServiceError {
    HttpResponse<String> r;
    try {
      r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ServiceError(502, "The identity service at " + v3 + " cannot be reached: "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceError(503, "Interrupted while asking the identity service.");
    }
    JsonNode body;
    try {
      body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      body = JSON.createObjectNode();
    }
    if (r.statusCode() != expected) {
      String message = body.path("error").path("message").asText("");
      throw new ServiceError(r.statusCode(), message.isEmpty()
          ? "The identity service answered " + r.statusCode() + "." : message);
    }
    return new Issued(r.headers().firstValue("X-Subject-Token").orElse(""), body);
  }
}
