package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.host.LocalHost;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.common.json.Json;
import dev.altus.identity.IdentityConfig;
import dev.altus.identity.IdentityModule;
import dev.altus.volume.VolumeConfig;
import dev.altus.volume.VolumeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The identity and block storage APIs on free loopback ports over one in-memory H2 database, with
 * the real file backend under a temporary directory, for API tests through real HTTP. Admin works
 * in project "admin", demo (member role) in project "demo".
 */
public final class VolumeApiHarness implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-secret";
  public static final String DEMO_PASSWORD = "demo-secret";

  public final IdentityModule identity;
  public VolumeModule volume;
  /** The image service the volumes read from and upload to. */
  final FakeImages images = new FakeImages();
  public final Path dataDir;
  public final Database db;
  private final HttpEndpoint identityEndpoint;
  private HttpEndpoint volumeEndpoint;
  private final HttpClient client = HttpClient.newHttpClient();
  private final UnaryOperator<VolumeConfig> configure;
  public final String identityBase;
  public String base;

  /** A response: status, headers and the parsed JSON body (null if none). */
  public record Response(int status, Map<String, List<String>> headers, JsonNode body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  public VolumeApiHarness() throws Exception {
    this(c -> c);
  }

  public VolumeApiHarness(UnaryOperator<VolumeConfig> configure) throws Exception {
    this.configure = configure;
    dataDir = Files.createTempDirectory("altus-volume-test");
    db = new Database(DatabaseConfig.inMemory("vol-" + UUID.randomUUID()))
        .migrate(List.of("identity", "volume"));
    identity = new IdentityModule(
        IdentityConfig.defaults(dataDir.resolve("keys"), "http://127.0.0.1/v3").withBcryptCost(4),
        db, Clock.systemUTC());
    identity.bootstrap.run(ADMIN_PASSWORD, DEMO_PASSWORD, "RegionOne");
    identityEndpoint = new HttpEndpoint("identity", identity.router(), identity.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    identityBase = "http://127.0.0.1:" + identityEndpoint.port();
    startVolume();
  }

  /** (Re)starts the block storage module as a restart of the cloud would. */
  public void startVolume() {
    if (volumeEndpoint != null) {
      volumeEndpoint.stop();
      volume.close();
    }
    volume = new VolumeModule(configure.apply(VolumeConfig.defaults(dataDir,
        "http://127.0.0.1:8776", "testhost")), db, Clock.systemUTC(), new LocalHost(),
        images);
    volumeEndpoint = new HttpEndpoint("volume", volume.router(), volume.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + volumeEndpoint.port();
  }

  public Path volumesDir() {
    return dataDir.resolve("volumes");
  }

  public String token(String user, String password, String project) throws Exception {
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
    if (r.statusCode() != 201) {
      throw new IllegalStateException("token request failed: " + r.statusCode() + " " + r.body());
    }
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  public String adminToken() throws Exception {
    return token("admin", ADMIN_PASSWORD, "admin");
  }

  public String demoToken() throws Exception {
    return token("demo", DEMO_PASSWORD, "demo");
  }

  public String projectId(String token) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(
            URI.create(identityBase + "/v3/auth/tokens"))
        .header("X-Auth-Token", token).header("X-Subject-Token", token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return Json.parse(r.body()).path("token").path("project").path("id").asText();
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
    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode json = null;
    String ct = r.headers().firstValue("Content-Type").orElse("");
    if (ct.startsWith("application/json") && r.body().length > 0) {
      json = Json.parse(r.body());
    }
    return new Response(r.statusCode(), r.headers().map(), json);
  }

  /** Polls a volume (or snapshot) until it has {@code status}; fails after ten seconds. */
  public JsonNode await(String path, String key, String status, String token) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < end) {
      Response r = call("GET", path, null, token);
      if (r.status() == 404 && status.equals("deleted")) {
        return null;
      }
      last = r.body();
      if (r.status() == 200 && r.body().path(key).path("status").asText().equals(status)) {
        return r.body().path(key);
      }
      Thread.sleep(50);
    }
    throw new AssertionError(path + " did not reach " + status + "; last: " + last);
  }

  @Override
  public void close() throws Exception {
    volumeEndpoint.stop();
    volume.close();
    identityEndpoint.stop();
    db.close();
    try (var s = Files.walk(dataDir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
