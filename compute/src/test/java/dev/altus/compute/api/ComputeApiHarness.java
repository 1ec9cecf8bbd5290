package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.bus.LocalBus;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.common.json.Json;
import dev.altus.compute.ComputeConfig;
import dev.altus.compute.ComputeModule;
import dev.altus.compute.ServersConfig;
import dev.altus.compute.support.InMemoryImageClient;
import dev.altus.compute.support.InMemoryNetworkClient;
import dev.altus.compute.support.TestDrivers;
import dev.altus.identity.IdentityConfig;
import dev.altus.identity.IdentityModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Identity and compute over one in-memory H2 database on free loopback ports, with compute
 * agents on test drivers and in-memory image and network services.
 */
final class ComputeApiHarness implements AutoCloseable {
  record Response(int status, JsonNode body, String raw, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  final Database db;
  final ComputeModule compute;
  final TestDrivers drivers;
  final InMemoryImageClient images = new InMemoryImageClient();
  final InMemoryNetworkClient networks = new InMemoryNetworkClient();
  final LocalBus bus = new LocalBus();
  final IdentityModule identity;
  private final HttpEndpoint identityEndpoint;
  private final HttpEndpoint computeEndpoint;
  private final HttpClient client = HttpClient.newHttpClient();
  private final String identityBase;
  final String base;
  final String imageId;
  final String networkId;

  ComputeApiHarness() throws Exception {
    this(List.of("compute1", "compute2"), 16, 16384, 200, 3);
  }

  /** Hosts of the given size, with scheduler_max_attempts. */
  ComputeApiHarness(List<String> hosts, int vcpus, int ramMb, int diskGb, int maxAttempts)
      throws Exception {
    db = new Database(DatabaseConfig.inMemory("compute-" + UUID.randomUUID()))
        .migrate(List.of("identity", "compute"));
    identity = new IdentityModule(IdentityConfig.defaults(
        Files.createTempDirectory("altus-compute-test"), "http://127.0.0.1/v3")
        .withBcryptCost(4), db, Clock.systemUTC());
    identity.bootstrap.run("admin-secret", "demo-secret", "RegionOne");
    identityEndpoint = new HttpEndpoint("identity", identity.router(), identity.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    identityBase = "http://127.0.0.1:" + identityEndpoint.port();
    drivers = new TestDrivers(vcpus, ramMb, diskGb);
    ServersConfig sc = new ServersConfig(maxAttempts, 10, Duration.ofSeconds(10),
        Duration.ofSeconds(60), Duration.ofSeconds(60), 1.0, 1.0, 1.0,
        "http://127.0.0.1:6080/vnc_lite.html", 6080, "/usr/share/novnc", 1000);
    ComputeConfig config = ComputeConfig.defaults("http://127.0.0.1:8774", "compute1")
        .withHosts(hosts).withServers(sc);
    compute = new ComputeModule(config, db, Clock.systemUTC(), images, networks, bus, drivers);
    computeEndpoint = new HttpEndpoint("compute", compute.router(), compute.faults(),
        identity.tokens::authenticate, new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + computeEndpoint.port();
    imageId = images.add("cirros", 0, 0, 1024, Map.of("architecture", "x86_64"));
    networkId = networks.addNetwork("private", null, true, false);
    // the server tests boot more than Nova's default quota of 10 servers per project
    Response q = call("PUT", "/v2.1/os-quota-class-sets/default",
        "{\"quota_class_set\": {\"instances\": -1, \"cores\": -1, \"ram\": -1}}",
        adminToken());
    if (q.status() != 200) {
      throw new IllegalStateException("cannot lift the default quotas: " + q.status() + q.raw());
    }
  }

  String token(String user, String password, String project) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
         "domain": {"id": "default"}, "password": "%s"}}},
         "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
        """.formatted(user, password, project);
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(
            URI.create(identityBase + "/v3/auth/tokens")).header("Content-Type", "application/json")
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

  /** A new project with a member user; returns the user's token. */
  String otherProjectToken(String name) throws Exception {
    String admin = adminToken();
    String project = identityCall("POST", "/v3/projects",
        "{\"project\": {\"name\": \"" + name + "\", \"domain_id\": \"default\"}}", admin)
        .path("project").path("id").asText();
    String user = identityCall("POST", "/v3/users", "{\"user\": {\"name\": \"" + name
        + "-user\", \"domain_id\": \"default\", \"password\": \"pw-" + name + "\"}}", admin)
        .path("user").path("id").asText();
    String role = identityCall("GET", "/v3/roles?name=member", null, admin).path("roles")
        .get(0).path("id").asText();
    identityCall("PUT", "/v3/projects/" + project + "/users/" + user + "/roles/" + role, null,
        admin);
    return token(name + "-user", "pw-" + name, name);
  }

  private JsonNode identityCall(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(identityBase + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).header("X-Auth-Token", token);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.body() == null || r.body().isBlank() ? Json.object() : Json.parse(r.body());
  }

  Response call(String method, String path, String body, String token) throws Exception {
    return call(method, path, body, token, null);
  }

  Response call(String method, String path, String body, String token, String microversion)
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
    if (microversion != null) {
      b.header("OpenStack-API-Version", "compute " + microversion);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body() != null && r.body().trim().startsWith("{") ? Json.parse(r.body())
        : null;
    return new Response(r.statusCode(), json, r.body(), r.headers().map());
  }

  /** Creates a server on the shared network; returns its id. */
  String boot(String token, String name, String flavor) throws Exception {
    Response r = call("POST", "/v2.1/servers", """
        {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "%s",
         "networks": [{"uuid": "%s"}]}}""".formatted(name, imageId, flavor, networkId), token);
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    return r.body().path("server").path("id").asText();
  }

  /** Polls until the server has the status (and no task), or fails after 20 s. */
  JsonNode waitFor(String id, String status, String token) throws Exception {
    long end = System.currentTimeMillis() + 20_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < end) {
      Response r = call("GET", "/v2.1/servers/" + id, null, token);
      if (status.equals("DELETED") && r.status() == 404) {
        return null;
      }
      last = r.body() == null ? null : r.body().path("server");
      if (last != null && status.equals(last.path("status").asText())
          && last.path("OS-EXT-STS:task_state").isNull()) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("server " + id + " did not become " + status + ": " + last);
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
