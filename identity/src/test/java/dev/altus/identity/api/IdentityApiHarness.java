package dev.altus.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.common.json.Json;
import dev.altus.identity.IdentityConfig;
import dev.altus.identity.IdentityModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real identity API on a free loopback port, over an in-memory H2 database (or any JDBC URL), for
 * API tests through HTTP. Bootstrapped with known passwords; bcrypt cost 4 keeps tests fast.
 */
public final class IdentityApiHarness implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-secret";
  public static final String DEMO_PASSWORD = "demo-secret";

  public final IdentityModule identity;
  private final Database db;
  private final HttpEndpoint endpoint;
  private final HttpClient client = HttpClient.newHttpClient();
  public final String base;

  /** A response: status, headers and the parsed JSON body (null if none). */
  public record Response(int status, Map<String, List<String>> headers, JsonNode body, String raw) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  public IdentityApiHarness() throws Exception {
    this(DatabaseConfig.inMemory("id-" + UUID.randomUUID()));
  }

  public IdentityApiHarness(DatabaseConfig dbConfig) throws Exception {
    this(dbConfig, c -> c);
  }

  /** With settings adjusted by {@code configure}, e.g. password rules. */
  public IdentityApiHarness(DatabaseConfig dbConfig, UnaryOperator<IdentityConfig> configure)
      throws Exception {
    Path dir = Files.createTempDirectory("altus-identity-test");
    db = new Database(dbConfig).migrate(List.of("identity"));
    identity = new IdentityModule(
        configure.apply(IdentityConfig.defaults(dir, "http://127.0.0.1/v3").withBcryptCost(4)), db,
        Clock.systemUTC());
    identity.bootstrap.run(ADMIN_PASSWORD, DEMO_PASSWORD, "RegionOne");
    endpoint = new HttpEndpoint("identity", identity.router(), identity.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + endpoint.port();
  }

  /** A project-scoped token for a user of the Default domain. */
  public String token(String user, String password, String project) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
         "domain": {"id": "default"}, "password": "%s"}}},
         "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
        """.formatted(user, password, project);
    Response r = call("POST", "/v3/auth/tokens", body, null);
    if (r.status() != 201) {
      throw new IllegalStateException("token request failed: " + r.status() + " " + r.raw());
    }
    return r.header("X-Subject-Token");
  }

  /** The database, for tests that look at what is stored. */
  public Database db() {
    return db;
  }

  public String adminToken() throws Exception {
    return token("admin", ADMIN_PASSWORD, "admin");
  }

  public String demoToken() throws Exception {
    return token("demo", DEMO_PASSWORD, "demo");
  }

  public Response call(String method, String path, String body, String token) throws Exception {
    return call(method, path, body, token, Map.of());
  }

  public Response call(String method, String path, String body, String token,
      Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    headers.forEach(b::header);
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    if (r.body() != null && !r.body().isEmpty() && r.body().trim().startsWith("{")) {
      json = Json.parse(r.body());
    }
    return new Response(r.statusCode(), r.headers().map(), json, r.body());
  }

  @Override
  public void close() {
    endpoint.stop();
    db.close();
  }
}
