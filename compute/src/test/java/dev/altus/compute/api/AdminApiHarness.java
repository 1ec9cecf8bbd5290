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
import java.util.Map;
import java.util.UUID;

/**
 * The identity and compute APIs on free loopback ports over one in-memory H2 database, with users
 * admin (admin project), demo (demo project) and alt (alt project), for the admin side of compute.
 */
final class AdminApiHarness implements AutoCloseable {
  record Response(int status, JsonNode body, String raw, Map<String, List<String>> headers) {}

  final Database db;
  final IdentityModule identity;
  final ComputeModule compute;
  private final LocalBus bus = new LocalBus();
  private final HttpEndpoint identityEndpoint;
  private final HttpEndpoint computeEndpoint;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String identityBase;
  final String base;
  final String altProjectId;

  AdminApiHarness() throws Exception {
    this(Clock.systemUTC(), List.of("compute1"));
  }

  AdminApiHarness(Clock clock, List<String> hosts) throws Exception {
    db = new Database(DatabaseConfig.inMemory("cadmin-" + UUID.randomUUID()))
        .migrate(List.of("identity", "compute"));
    identity = new IdentityModule(IdentityConfig.defaults(
        Files.createTempDirectory("altus-cadmin-test"), "http://127.0.0.1/v3").withBcryptCost(4),
        db, Clock.systemUTC());
    identity.bootstrap.run("admin-secret", "demo-secret", "RegionOne");
    identityEndpoint = new HttpEndpoint("identity", identity.router(), identity.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    identityBase = "http://127.0.0.1:" + identityEndpoint.port();
    // no compute agents: the admin tests write the service and node rows they need themselves
    ComputeConfig config = new ComputeConfig("http://127.0.0.1:8774", null, "fake", List.of(),
        Map.of(), "nova");
    compute = new ComputeModule(config, db, clock, null, null, bus,
        id -> identity.projectStore.find(id).isPresent());
    computeEndpoint = new HttpEndpoint("compute", compute.router(), compute.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + computeEndpoint.port();
    altProjectId = createAltUser();
  }

  /** Creates project "alt" and user "alt" (member there) through the identity API. */
  private String createAltUser() throws Exception {
    String admin = adminToken();
    var p = send("POST", identityBase + "/v3/projects",
        "{\"project\": {\"name\": \"alt\", \"domain_id\": \"default\"}}", admin, null);
    String projectId = p.body().at("/project/id").asText();
    var u = send("POST", identityBase + "/v3/users", "{\"user\": {\"name\": \"alt\","
        + " \"domain_id\": \"default\", \"password\": \"alt-secret\"}}", admin, null);
    String userId = u.body().at("/user/id").asText();
    var roles = send("GET", identityBase + "/v3/roles?name=member", null, admin, null);
    String member = roles.body().at("/roles/0/id").asText();
    send("PUT", identityBase + "/v3/projects/" + projectId + "/users/" + userId + "/roles/"
        + member, null, admin, null);
    return projectId;
  }

  String projectId(String name) {
    return identity.projectStore.findByName("default", name).orElseThrow().id();
  }

  String token(String user, String password, String project) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
         "domain": {"id": "default"}, "password": "%s"}}},
         "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
        """.formatted(user, password, project);
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(
            URI.create(identityBase + "/v3/auth/tokens"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  String adminToken() throws Exception {
    return token("admin", "admin-secret", "admin");
  }

  String demoToken() throws Exception {
    return token("demo", "demo-secret", "demo");
  }

  String altToken() throws Exception {
    return token("alt", "alt-secret", "alt");
  }

  Response call(String method, String path, String body, String token) throws Exception {
    return send(method, base + path, body, token, null);
  }

  /** A call at microversion {@code version} (e.g. "2.55"). */
  Response call(String method, String path, String body, String token, String version)
      throws Exception {
    return send(method, base + path, body, token, version);
  }

  private Response send(String method, String url, String body, String token, String version)
      throws Exception {
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
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String raw = r.body();
    JsonNode json = raw != null && (raw.trim().startsWith("{") || raw.trim().startsWith("["))
        ? Json.parse(raw) : null;
    return new Response(r.statusCode(), json, raw, r.headers().map());
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
