package dev.altus.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.common.json.Json;
import dev.altus.identity.IdentityConfig;
import dev.altus.identity.IdentityModule;
import dev.altus.image.ImageConfig;
import dev.altus.image.ImageModule;
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
 * The identity and image APIs on free loopback ports over one in-memory H2 database, for API tests
 * through real HTTP. Admin works in project "admin", demo (member role) in project "demo".
 */
public final class ImageApiHarness implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-secret";
  public static final String DEMO_PASSWORD = "demo-secret";

  public final IdentityModule identity;
  public ImageModule image;
  public final Path dataDir;
  public final Database db;
  private final HttpEndpoint identityEndpoint;
  private HttpEndpoint imageEndpoint;
  private final HttpClient client = HttpClient.newHttpClient();
  private final UnaryOperator<ImageConfig> configure;
  public final String identityBase;
  public String base;

  /** A response: status, headers, the raw bytes and the parsed JSON body (null if none). */
  public record Response(int status, Map<String, List<String>> headers, byte[] bytes, JsonNode body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public String text() {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  public ImageApiHarness() throws Exception {
    this(c -> c);
  }

  public ImageApiHarness(UnaryOperator<ImageConfig> configure) throws Exception {
    this(DatabaseConfig.inMemory("img-" + UUID.randomUUID()), configure);
  }

  /** On any database, e.g. PostgreSQL. */
  public ImageApiHarness(DatabaseConfig dbConfig, UnaryOperator<ImageConfig> configure)
      throws Exception {
    this.configure = configure;
    dataDir = Files.createTempDirectory("altus-image-test");
    db = new Database(dbConfig).migrate(List.of("identity", "image"));
    identity = new IdentityModule(
        IdentityConfig.defaults(dataDir.resolve("keys"), "http://127.0.0.1/v3").withBcryptCost(4),
        db, Clock.systemUTC());
    identity.bootstrap.run(ADMIN_PASSWORD, DEMO_PASSWORD, "RegionOne");
    identityEndpoint = new HttpEndpoint("identity", identity.router(), identity.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    identityBase = "http://127.0.0.1:" + identityEndpoint.port();
    startImage();
  }

  /** (Re)starts the image module as a restart of the cloud would: start-up cleanup included. */
  public void startImage() {
    if (imageEndpoint != null) {
      imageEndpoint.stop();
    }
    image = new ImageModule(configure.apply(ImageConfig.defaults(dataDir, "http://127.0.0.1:9292")),
        db, Clock.systemUTC());
    imageEndpoint = new HttpEndpoint("image", image.router(), image.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").bulkData().start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + imageEndpoint.port();
  }

  public int imagePort() {
    return imageEndpoint.port();
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
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(identityBase + "/v3/auth/tokens"))
        .header("X-Auth-Token", token).header("X-Subject-Token", token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return Json.parse(r.body()).path("token").path("project").path("id").asText();
  }

  public Response json(String method, String path, String body, String token) throws Exception {
    return send(method, path, body == null ? null : body.getBytes(), "application/json", token,
        Map.of());
  }

  public Response patch(String path, String body, String token) throws Exception {
    return send("PATCH", path, body.getBytes(), "application/openstack-images-v2.1-json-patch",
        token, Map.of());
  }

  public Response send(String method, String path, byte[] body, String contentType, String token,
      Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null && contentType != null) {
      b.header("Content-Type", contentType);
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
    return new Response(r.statusCode(), r.headers().map(), r.body(), json);
  }

  @Override
  public void close() {
    imageEndpoint.stop();
    identityEndpoint.stop();
    db.close();
  }
}
