package dev.altus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The all-in-one cloud: first start writes credentials; a restart keeps every piece of data. */
class AllInOneTest {
  final HttpClient http = HttpClient.newHttpClient();

  private AltusConfig config(Path dir) {
    return AltusConfig.load(dir, "127.0.0.1", null, TestEnv.of(
        // the API alone: no guests or networks made on the host
        "ALTUS_COMPUTE_DRIVER", "fake", "ALTUS_NETWORK_DATAPLANE", "noop",
        "ALTUS_IDENTITY_PORT", "0",
        "ALTUS_IDENTITY_BCRYPT_COST", "4", "ALTUS_ADMIN_PASSWORD", "first-admin-pw",
        "ALTUS_IMAGE_PORT", "0", "ALTUS_NETWORK_PORT", "0",
        "ALTUS_COMPUTE_NOVNC_PORT", "0", "ALTUS_COMPUTE_PORT", "0",
        "ALTUS_COMPUTE_METADATA_PORT", "0", "ALTUS_DASHBOARD_PORT", "0"));
  }

  private String token(int port, String password) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/auth/tokens"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
             "domain": {"id": "default"}, "password": "%s"}}},
             "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}""".formatted(password)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  @Test
  void restartKeepsDataAndCredentials() throws Exception {
    Path dir = Files.createTempDirectory("aio");
    String projectId;
    try (AllInOne cloud = new AllInOne(config(dir)).start()) {
      int port = cloud.identityPort();
      String clouds = Files.readString(dir.resolve("clouds.yaml"));
      assertThat(clouds).contains("altus:", "altus-demo:", "first-admin-pw", "auth_url: http://127.0.0.1:");
      assertThat(Files.getPosixFilePermissions(dir.resolve("clouds.yaml")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(dir.resolve("admin-openrc.sh"))).contains("OS_PASSWORD='first-admin-pw'");
      var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/projects"))
          .header("X-Auth-Token", token(port, "first-admin-pw")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"project\": {\"name\": \"kept\"}}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(201);
      projectId = dev.altus.common.json.Json.parse(r.body()).at("/project/id").asText();
    }
    String cloudsBefore = Files.readString(dir.resolve("clouds.yaml"));
    Path secret = dir.resolve("metadata_proxy_shared_secret");
    assertThat(Files.getPosixFilePermissions(secret))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String secretBefore = Files.readString(secret);
    assertThat(secretBefore.strip()).matches("[0-9a-f]{64}");
    try (AllInOne cloud = new AllInOne(config(dir)).start()) {
      int port = cloud.identityPort();
      var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/projects/" + projectId))
          .header("X-Auth-Token", token(port, "first-admin-pw")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\":\"kept\"");
      var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthcheck")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      var metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("altus_http_requests");
      // the metadata service: its version list needs no instance; anything else needs a
      // signed instance id
      var versions = http.send(HttpRequest.newBuilder(URI.create(cloud.metadataUrl() + "/"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(versions.statusCode()).isEqualTo(200);
      assertThat(versions.body()).endsWith("2009-04-04\nlatest");
      var unsigned = http.send(HttpRequest.newBuilder(URI.create(cloud.metadataUrl()
          + "/latest/meta-data/")).header("X-Instance-ID", "x").header("X-Tenant-ID", "y")
          .header("X-Instance-ID-Signature", "0".repeat(64)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).isEqualTo(403);
    }
    assertThat(Files.readString(secret)).as("the secret survives a restart")
        .isEqualTo(secretBefore);
    assertThat(Files.readString(dir.resolve("clouds.yaml"))).isEqualTo(cloudsBefore);
  }
}
