package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.bus.LocalBus;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.common.json.Json;
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
import java.util.Map;
import java.util.UUID;

/**
 * What the compute API tests share: one in-memory H2 database with the identity and compute
 * schemas, the identity API bootstrapped (admin and demo) on a free loopback port, and HTTP calls
 * to it and to the compute API that a subclass starts with {@link #serve}.
 */
abstract class ApiHarness implements AutoCloseable {
  /** A response: status, the parsed JSON body (null if none), the raw body and the headers. */
  record Response(int status, JsonNode body, String raw, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  final Database db;
  final IdentityModule identity;
  final LocalBus bus = new LocalBus();
  ComputeModule compute;
  String base;
  private final HttpEndpoint identityEndpoint;
  private HttpEndpoint computeEndpoint;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String identityBase;

  ApiHarness(String name) throws Exception {
    db = new Database(DatabaseConfig.inMemory(name + "-" + UUID.randomUUID()))
        .migrate(List.of("identity", "compute"));
    identity = new IdentityModule(IdentityConfig.defaults(
        Files.createTempDirectory("altus-" + name + "-test"), "http://127.0.0.1/v3")
        .withBcryptCost(4), db, Clock.systemUTC());
    identity.bootstrap.run("admin-secret", "demo-secret", "RegionOne");
    identityEndpoint = new HttpEndpoint("identity", identity.router(), identity.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    identityBase = "http://127.0.0.1:" + identityEndpoint.port();
  }

  /** Puts {@code module}'s API on a free loopback port. */
  final void serve(ComputeModule module) {
    compute = module;
    computeEndpoint = new HttpEndpoint("compute", module.router(), module.faults(),
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
    return identityCall("GET", "/v3/auth/tokens", null, token, Map.of("X-Subject-Token", token))
        .at("/token/user/id").asText();
  }

  /**
   * Creates user {@code user} (password {@code pw-<user>}) with the member role in project
   * {@code project}, creating the project when missing; returns the project's id.
   */
  String addMember(String project, String user) throws Exception {
    String admin = adminToken();
    String projectId = identityCall("GET", "/v3/projects?name=" + project, null, admin)
        .at("/projects/0/id").asText("");
    if (projectId.isEmpty()) {
      projectId = identityCall("POST", "/v3/projects", "{\"project\": {\"name\": \"" + project
          + "\", \"domain_id\": \"default\"}}", admin).at("/project/id").asText();
    }
    String userId = identityCall("POST", "/v3/users", "{\"user\": {\"name\": \"" + user
        + "\", \"domain_id\": \"default\", \"password\": \"pw-" + user + "\"}}", admin)
        .at("/user/id").asText();
    String roleId = identityCall("GET", "/v3/roles?name=member", null, admin).at("/roles/0/id")
        .asText();
    identityCall("PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId,
        null, admin);
    return projectId;
  }

  /** Like {@link #addMember}; returns the new member's token on the project. */
  String memberOf(String project, String user) throws Exception {
    addMember(project, user);
    return token(user, "pw-" + user, project);
  }

  private JsonNode identityCall(String method, String path, String body, String token)
      throws Exception {
    return identityCall(method, path, body, token, Map.of());
  }

  private JsonNode identityCall(String method, String path, String body, String token,
      Map<String, String> headers) throws Exception {
    Response r = send(method, identityBase + path, body, token, null, headers);
    if (r.status() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + r.status() + " " + r.raw());
    }
    return r.body() == null ? Json.object() : r.body();
  }

  Response call(String method, String path, String body, String token) throws Exception {
    return call(method, path, body, token, null);
  }

  /** A compute API call at microversion {@code version} (null: none, i.e. 2.1). */
  Response call(String method, String path, String body, String token, String version)
      throws Exception {
    return send(method, base + path, body, token, version, Map.of());
  }

  private Response send(String method, String url, String body, String token, String version,
      Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
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
    headers.forEach(b::header);
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String raw = r.body();
    String t = raw == null ? "" : raw.trim();
    JsonNode json = t.startsWith("{") || t.startsWith("[") ? Json.parse(raw) : null;
    return new Response(r.statusCode(), json, raw, r.headers().map());
  }

  @Override
  public void close() {
    if (computeEndpoint != null) {
      computeEndpoint.stop();
    }
    identityEndpoint.stop();
    if (compute != null) {
      compute.close();
    }
    bus.close();
    db.close();
  }
}
