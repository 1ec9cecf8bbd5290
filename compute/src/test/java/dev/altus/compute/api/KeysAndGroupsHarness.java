package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.bus.LocalBus;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.common.json.Json;
import dev.altus.compute.ComputeConfig;
import dev.altus.compute.ComputeModule;
import dev.altus.identity.IdentityConfig;
import dev.altus.identity.IdentityModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The identity and compute APIs on free loopback ports over one in-memory H2 database, for the API
 * tests of key pairs and server groups.
 */
final class KeysAndGroupsHarness implements AutoCloseable {
  record Response(int status, JsonNode body, String raw) {}

  final ComputeModule compute;
  private final Database db;
  private final LocalBus bus = new LocalBus();
  private final HttpEndpoint identityEndpoint;
  private final HttpEndpoint computeEndpoint;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String identityBase;
  final String base;

  KeysAndGroupsHarness() throws Exception {
    db = new Database(DatabaseConfig.inMemory("compute-" + UUID.randomUUID()))
        .migrate(List.of("identity", "compute"));
    IdentityModule identity = new IdentityModule(IdentityConfig.defaults(
        Files.createTempDirectory("altus-compute-test"), "http://127.0.0.1/v3").withBcryptCost(4),
        db, Clock.systemUTC());
    identity.bootstrap.run("admin-secret", "demo-secret", "RegionOne");
    identityEndpoint = new HttpEndpoint("identity", identity.router(), identity.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    identityBase = "http://127.0.0.1:" + identityEndpoint.port();
    compute = new ComputeModule(ComputeConfig.defaults("http://127.0.0.1:8774", "test-host"), db,
        Clock.systemUTC(), null, null, bus);
    computeEndpoint = new HttpEndpoint("compute", compute.router(), compute.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + computeEndpoint.port();
  }

  String token(String user, String password, String project) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
         "domain": {"id": "default"}, "password": "%s"}}},
         "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
        """.formatted(user, password, project);
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(identityBase
            + "/v3/auth/tokens")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.headers().firstValue("X-Subject-Token").orElseThrow(
        () -> new IllegalStateException("no token for " + user + ": " + r.body()));
  }

  String adminToken() throws Exception {
    return token("admin", "admin-secret", "admin");
  }

  String demoToken() throws Exception {
    return token("demo", "demo-secret", "demo");
  }

  /** The id of the user a token belongs to. */
  String userOf(String token) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(identityBase
            + "/v3/auth/tokens")).header("X-Auth-Token", token).header("X-Subject-Token", token)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    return Json.parse(r.body()).at("/token/user/id").asText();
  }

  /** Creates a user with the member role in a project (created when missing); returns a token. */
  String memberOf(String project, String user) throws Exception {
    String admin = adminToken();
    String projectId = identity("GET", "/v3/projects?name=" + project, null, admin)
        .at("/projects/0/id").asText("");
    if (projectId.isEmpty()) {
      projectId = identity("POST", "/v3/projects", "{\"project\": {\"name\": \"" + project
          + "\", \"domain_id\": \"default\"}}", admin).at("/project/id").asText();
    }
    String userId = identity("POST", "/v3/users", "{\"user\": {\"name\": \"" + user
        + "\", \"domain_id\": \"default\", \"password\": \"pw-" + user + "\"}}", admin)
        .at("/user/id").asText();
    String roleId = identity("GET", "/v3/roles?name=member", null, admin).at("/roles/0/id")
        .asText();
    identity("PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null,
        admin);
    return token(user, "pw-" + user, project);
  }

  private JsonNode identity(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(identityBase + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).header("X-Auth-Token", token);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r.body() == null || r.body().isBlank() ? Json.object() : Json.parse(r.body());
  }

  Response call(String method, String path, String body, String token) throws Exception {
    return call(method, path, body, token, null);
  }

  /** A compute API call at microversion {@code version} (null: none, i.e. 2.1). */
  Response call(String method, String path, String body, String token, String version)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    if (version != null) {
      b.header("OpenStack-API-Version", "compute " + version);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body() != null && r.body().trim().startsWith("{") ? Json.parse(r.body())
        : null;
    return new Response(r.statusCode(), json, r.body());
  }

  @Override
  public void close() {
    computeEndpoint.stop();
    identityEndpoint.stop();
    compute.close();
    bus.close();
    db.close();
  }
}
