package dev.altus.network.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.common.json.Json;
import dev.altus.identity.IdentityConfig;
import dev.altus.identity.IdentityModule;
import dev.altus.network.NetworkConfig;
import dev.altus.network.NetworkModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The identity and networking APIs on free loopback ports over one in-memory H2 database. */
public final class NetworkApiHarness implements AutoCloseable {
  public record Response(int status, JsonNode body, String raw) {}

  public final NetworkModule network;
  private final Database db;
  private final HttpEndpoint identityEndpoint;
  private final HttpEndpoint networkEndpoint;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String identityBase;
  final String base;

  NetworkApiHarness() throws Exception {
    this(Clock.systemUTC());
  }

  /** With the network module on {@code clock}; its agents run for host "test-host" every 10 s. */
  NetworkApiHarness(Clock clock) throws Exception {
    this(clock, DatabaseConfig.inMemory("net-" + UUID.randomUUID()));
  }

  /** Over the given database (e.g. a PostgreSQL schema of its own). */
  NetworkApiHarness(Clock clock, DatabaseConfig dbConfig) throws Exception {
    this(clock, dbConfig, NetworkConfig.defaults("http://127.0.0.1"));
  }

  /** With the given settings (e.g. the Linux data plane); agents for host "test-host". */
  public NetworkApiHarness(NetworkConfig config) throws Exception {
    this(Clock.systemUTC(), DatabaseConfig.inMemory("net-" + UUID.randomUUID()), config);
  }

  /** With the network service configured by {@code config} (e.g. an operator's policy file). */
  NetworkApiHarness(Clock clock, DatabaseConfig dbConfig, NetworkConfig config) throws Exception {
    db = new Database(dbConfig).migrate(List.of("identity", "network"));
    IdentityModule identity = new IdentityModule(IdentityConfig.defaults(
        Files.createTempDirectory("altus-net-test"), "http://127.0.0.1/v3").withBcryptCost(4), db,
        Clock.systemUTC());
    identity.bootstrap.run("admin-secret", "demo-secret", "RegionOne");
    identityEndpoint = new HttpEndpoint("identity", identity.router(), identity.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    identityBase = "http://127.0.0.1:" + identityEndpoint.port();
    network = new NetworkModule(config, db, clock, "test-host", java.time.Duration.ofSeconds(10));
    networkEndpoint = new HttpEndpoint("network", network.router(), network.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + networkEndpoint.port();
  }

  public String token(String user, String password, String project) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
         "domain": {"id": "default"}, "password": "%s"}}},
         "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
        """.formatted(user, password, project);
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(identityBase + "/v3/auth/tokens"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  /**
   * A new user with {@code role} on the project named {@code project} (made if missing), and a
   * token for it scoped to that project.
   */
  String userWithRole(String user, String project, String role) throws Exception {
    String admin = adminToken();
    Response p = identity("GET", "/v3/projects?name=" + project, null, admin);
    String projectId = p.body().at("/projects/0/id").asText(null);
    if (projectId == null) {
      projectId = identity("POST", "/v3/projects", "{\"project\": {\"name\": \"" + project
          + "\", \"domain_id\": \"default\"}}", admin).body().at("/project/id").asText();
    }
    String userId = identity("POST", "/v3/users", "{\"user\": {\"name\": \"" + user
        + "\", \"domain_id\": \"default\", \"password\": \"pw-" + user + "\"}}", admin)
        .body().at("/user/id").asText();
    String roleId = identity("GET", "/v3/roles?name=" + role, null, admin).body()
        .at("/roles/0/id").asText();
    identity("PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null, admin);
    return token(user, "pw-" + user, project);
  }

  private Response identity(String method, String path, String body, String token) throws Exception {
    return send(identityBase, method, path, body, token);
  }

  public String adminToken() throws Exception {
    return token("admin", "admin-secret", "admin");
  }

  public String demoToken() throws Exception {
    return token("demo", "demo-secret", "demo");
  }

  public Response call(String method, String path, String body, String token) throws Exception {
    return send(base, method, path, body, token);
  }

  private Response send(String to, String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(to + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body() != null && r.body().trim().startsWith("{") ? Json.parse(r.body()) : null;
    return new Response(r.statusCode(), json, r.body());
  }

  @Override
  public void close() {
    networkEndpoint.stop();
    identityEndpoint.stop();
    network.close();
    db.close();
  }
}
