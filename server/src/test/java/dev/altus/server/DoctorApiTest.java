package dev.altus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import dev.altus.server.doctor.DoctorCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code GET /altus/v1/doctor} on the compute port and the {@code altus doctor} command against a
 * running all-in-one cloud: a healthy cloud has no FAIL; a compute service that stopped reporting
 * is named with since when, with the hosts that cannot boot the default image because of it, and
 * the command's exit status says so.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DoctorApiTest {
  static final HttpClient http = HttpClient.newHttpClient();
  static Path dir;
  static AllInOne cloud;
  static int computePort;
  static String admin;
  static String demo;
  static String imageId;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("doctor");
    int novnc = freePort();
    int compute = freePort(); // clouds.yaml and the catalog carry real ports
    cloud = new AllInOne(AltusConfig.load(dir, "127.0.0.1", null, Map.ofEntries(
        Map.entry("ALTUS_COMPUTE_DRIVER", "fake"), Map.entry("ALTUS_NETWORK_DATAPLANE", "noop"),
        Map.entry("ALTUS_IDENTITY_PORT", String.valueOf(freePort())), Map.entry("ALTUS_IDENTITY_BCRYPT_COST", "4"),
        Map.entry("ALTUS_ADMIN_PASSWORD", "doctor-admin-pw"),
        Map.entry("ALTUS_DEMO_PASSWORD", "doctor-demo-pw"), Map.entry("ALTUS_IMAGE_PORT", "0"),
        Map.entry("ALTUS_NETWORK_PORT", "0"), Map.entry("ALTUS_COMPUTE_PORT", String.valueOf(compute)),
        Map.entry("ALTUS_VOLUME_PORT", "0"), Map.entry("ALTUS_COMPUTE_METADATA_PORT", "0"),
        Map.entry("ALTUS_COMPUTE_NOVNC_PORT", String.valueOf(novnc)),
        // one heartbeat at start, then none for minutes: the test decides when it was
        Map.entry("ALTUS_COMPUTE_REPORT_INTERVAL", "300"),
        Map.entry("ALTUS_COMPUTE_SERVICE_DOWN_TIME", "600")))).start();
    computePort = cloud.apis().stream().filter(a -> a.name().equals("compute")).findFirst()
        .orElseThrow().port();
    admin = token("admin", "doctor-admin-pw");
    demo = token("demo", "doctor-demo-pw");
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  static String token(String user, String password) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.identityPort()
        + "/v3/auth/tokens")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
             "domain": {"id": "default"}, "password": "%s"}}},
             "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}"""
            .formatted(user, password, user))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  static HttpResponse<String> doctor(String token) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + computePort
        + "/altus/v1/doctor"));
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** altus-guest as a small raw image, so that the boot check asks the scheduler. */
  static String uploadDefaultImage() throws Exception {
    int port = cloud.apis().stream().filter(a -> a.name().equals("image")).findFirst()
        .orElseThrow().port();
    var created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/v2/images")).header("X-Auth-Token", admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"altus-guest\", \"disk_format\":"
            + " \"raw\", \"container_format\": \"bare\", \"visibility\": \"public\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = Json.parse(created.body()).path("id").asText();
    var put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/v2/images/" + id + "/file")).header("X-Auth-Token", admin)
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1 << 20])).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    return id;
  }

  record Run(int status, String out) {}

  static Run command(String... args) {
    PrintStream before = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try {
      int code = new CommandLine(new DoctorCommand()).execute(args);
      return new Run(code, buf.toString());
    } finally {
      System.setOut(before);
    }
  }

  static List<String> statuses(JsonNode report, String check) {
    return report.at("/doctor/findings").findParents("check").stream()
        .filter(f -> f.path("check").asText().equals(check)).map(f -> f.path("status").asText())
        .toList();
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void adminsGetTheFindingsOthersAreRefused() throws Exception {
    var r = doctor(admin);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = Json.parse(r.body());
    assertThat(report.at("/doctor/findings").findValuesAsText("check")).contains("database",
        "bus", "services", "agents", "hypervisor", "console", "dataplane", "firewall", "boot",
        "stuck");
    assertThat(statuses(report, "database")).containsOnly("OK");
    assertThat(statuses(report, "bus")).containsOnly("OK");
    assertThat(statuses(report, "console")).containsOnly("OK");
    assertThat(statuses(report, "agents")).containsOnly("OK");
    assertThat(report.at("/doctor/novnc_base_url").asText()).startsWith("http://127.0.0.1:");
    var refused = doctor(demo);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(Json.parse(refused.body()).at("/forbidden/code").asInt()).isEqualTo(403);
    assertThat(doctor(null).statusCode()).isEqualTo(401);
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void theCommandPrintsEachFindingAndFailsWhenTheOnlyComputeServiceIsDown() throws Exception {
    Run healthy = command("--data-dir", dir.toString(), "--json");
    JsonNode report = Json.parse(healthy.out());
    assertThat(statuses(report, "api")).as(healthy.out()).containsOnly("OK");
    assertThat(report.at("/doctor/fail").asInt()).as(healthy.out()).isZero();
    assertThat(healthy.status()).isZero();

    imageId = uploadDefaultImage();
    long silentSince = System.currentTimeMillis() - 700_000;
    cloud.database().jdbi().useHandle(h -> h.execute(
        "UPDATE compute_services SET last_seen_up = ? WHERE binary_name = 'nova-compute'",
        silentSince));
    try {
      Run sick = command("--data-dir", dir.toString());
      System.out.println(sick.out());
      assertThat(sick.status()).isEqualTo(1);
      assertThat(sick.out()).containsPattern("FAIL services +\\S+ nova-compute: down since "
          + java.time.Instant.ofEpochMilli(silentSince).truncatedTo(
              java.time.temporal.ChronoUnit.SECONDS) + " \\(no heartbeat for 70\\d s;"
          + " compute.service_down_time is 600 s\\)")
          .contains("-> its compute agent stopped")
          .containsPattern("FAIL boot +\\S+ cannot boot altus-guest with m1.tiny: service down"
              + " since ")
          .containsPattern("\\d+ OK, \\d+ WARN, [1-9]\\d* FAIL");
    } finally {
      cloud.database().jdbi().useHandle(h -> h.execute(
          "UPDATE compute_services SET last_seen_up = ? WHERE binary_name = 'nova-compute'",
          System.currentTimeMillis()));
    }
    Run wrongCloud = command("--data-dir", dir.resolve("nowhere").toString());
    assertThat(wrongCloud.status()).isEqualTo(2);
  }

  static HttpResponse<String> call(String api, String method, String path, String body,
      String token) throws Exception {
    int port = cloud.apis().stream().filter(a -> a.name().equals(api)).findFirst().orElseThrow()
        .port();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("X-Auth-Token", token).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The classic install's binding_failed: with the host's Linux bridge agent gone, a server's
   * port cannot bind there, and the server's fault says so instead of an unwired guest.
   */
  @Test
  @org.junit.jupiter.api.Order(3)
  void aPortOnAHostWithoutALiveL2AgentFailsTheServerWithTheReason() throws Exception {
    var l2 = cloud.network().hostAgents().stream()
        .filter(a -> a.agentType().equals("Linux bridge agent")).findFirst().orElseThrow();
    cloud.network().detach(l2);
    String agentId = Json.parse(call("network", "GET", "/v2.0/agents?agent_type="
        + "Linux%20bridge%20agent", null, admin).body()).at("/agents/0/id").asText();
    assertThat(call("network", "DELETE", "/v2.0/agents/" + agentId, null, admin).statusCode())
        .isEqualTo(204);
    String net = Json.parse(call("network", "POST", "/v2.0/networks",
        "{\"network\": {\"name\": \"bind\"}}", demo).body()).at("/network/id").asText();
    assertThat(call("network", "POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \""
        + net + "\", \"cidr\": \"10.77.0.0/24\", \"ip_version\": 4}}", demo).statusCode())
        .isEqualTo(201);
    var boot = call("compute", "POST", "/v2.1/servers", "{\"server\": {\"name\": \"unbound\","
        + " \"imageRef\": \"" + imageId + "\", \"flavorRef\": \"1\", \"networks\": [{\"uuid\":"
        + " \"" + net + "\"}]}}", demo);
    assertThat(boot.statusCode()).as(boot.body()).isEqualTo(202);
    String id = Json.parse(boot.body()).at("/server/id").asText();
    JsonNode server = null;
    for (int i = 0; i < 200; i++) {
      server = Json.parse(call("compute", "GET", "/v2.1/servers/" + id, null, admin).body())
          .path("server");
      if (server.path("status").asText().equals("ERROR")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(server.path("status").asText()).isEqualTo("ERROR");
    String fault = server.at("/fault/message").asText();
    System.out.println("fault: " + fault);
    assertThat(fault).contains("Binding failed for port ", " on host ",
        ": no live Linux bridge agent on host ");
  }
}
