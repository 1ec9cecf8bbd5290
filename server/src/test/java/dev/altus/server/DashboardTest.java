package dev.altus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in the all-in-one cloud, over real HTTP: sign-in against the identity service,
 * the same-origin proxy with the user's own token (so another project's resources stay unseen),
 * CSRF and origin checks, project switching, and sign-out ending the session.
 */
class DashboardTest {
  static AllInOne cloud;
  static Path dir;
  static String base;
  static String identity;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("altus-dashboard");
    // the catalog holds the configured ports, which the proxy follows: free ones, not 0
    cloud = new AllInOne(AltusConfig.load(dir, "127.0.0.1", null, TestEnv.of(
        "ALTUS_COMPUTE_DRIVER", "fake", "ALTUS_NETWORK_DATAPLANE", "noop",
        "ALTUS_IDENTITY_PORT", freePort(), "ALTUS_IDENTITY_BCRYPT_COST", "4",
        "ALTUS_ADMIN_PASSWORD", "admin-pw", "ALTUS_DEMO_PASSWORD", "demo-pw",
        "ALTUS_IMAGE_PORT", freePort(), "ALTUS_NETWORK_PORT", freePort(),
        "ALTUS_COMPUTE_PORT", freePort(), "ALTUS_COMPUTE_NOVNC_PORT", "0",
        "ALTUS_COMPUTE_METADATA_PORT", "0", "ALTUS_VOLUME_PORT", freePort(),
        "ALTUS_DASHBOARD_PORT", "0"))).start();
    base = cloud.dashboardUrl().orElseThrow().replaceAll("/$", "");
    identity = "http://127.0.0.1:" + cloud.identityPort() + "/v3";
  }

  private static String freePort() throws java.io.IOException {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return Integer.toString(s.getLocalPort());
    }
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  /** A signed-in browser: its cookie and CSRF token. */
  record Browser(String cookie, String csrf, JsonNode session) {}

  Browser signIn(String user, String password) throws Exception {
    var r = send("POST", "/session", null, null, "{\"domain\": \"Default\", \"username\": \""
        + user + "\", \"password\": \"" + password + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/");
    JsonNode body = Json.parse(r.body());
    assertThat(r.body()).doesNotContain("gAAAA"); // no token in what the page can read
    return new Browser(setCookie.split(";")[0], body.path("csrf_token").asText(), body);
  }

  HttpResponse<String> send(String method, String path, Browser b, String csrf, String json)
      throws Exception {
    var req = HttpRequest.newBuilder(URI.create(base + path)).method(method, json == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      req.header("Content-Type", "application/json");
    }
    if (b != null) {
      req.header("Cookie", b.cookie());
    }
    if (csrf != null) {
      req.header("X-CSRF-Token", csrf);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageWithAContentSecurityPolicy() throws Exception {
    var r = send("GET", "/", null, null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<div id=\"app\">", "/assets/");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'", "frame-ancestors 'none'");
    assertThat(send("GET", "/../pom.xml", null, null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void wrongPasswordIsRefusedInPlainWords() throws Exception {
    var r = send("POST", "/session", null, null,
        "{\"domain\": \"Default\", \"username\": \"demo\", \"password\": \"wrong\"}");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.parse(r.body()).at("/error/message").asText()).startsWith("Sign-in failed");
    assertThat(send("POST", "/session", null, null, "not json").statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/compute/servers", null, null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void signedInUserReachesServicesWithTheirOwnTokenAndCsrfProtection() throws Exception {
    Browser demo = signIn("demo", "demo-pw");
    assertThat(demo.session().at("/project/name").asText()).isEqualTo("demo");
    assertThat(send("GET", "/api/compute/servers", demo, null, null).statusCode()).isEqualTo(200);
    String net = "{\"network\": {\"name\": \"dash-net\"}}";
    // without the CSRF token, or from another origin, nothing changes
    assertThat(send("POST", "/api/network/v2.0/networks", demo, null, net).statusCode())
        .isEqualTo(403);
    var foreign = http.send(HttpRequest.newBuilder(URI.create(base + "/api/network/v2.0/networks"))
        .header("Cookie", demo.cookie()).header("X-CSRF-Token", demo.csrf())
        .header("Origin", "http://evil.example").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(net)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    var created = send("POST", "/api/network/v2.0/networks", demo, demo.csrf(), net);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String netId = Json.parse(created.body()).at("/network/id").asText();
    // a service's own refusal comes through in its own format
    var bad = send("POST", "/api/compute/servers", demo, demo.csrf(), "{\"server\": {}}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("badRequest");
    assertThat(send("GET", "/api/nosuch/x", demo, null, null).statusCode()).isEqualTo(404);

    // a member of another project does not see demo's network through the dashboard
    String admin = adminToken();
    String other = createProjectWithMember(admin, "dash-other", "dash-user", "dash-pw");
    Browser stranger = signIn("dash-user", "dash-pw");
    assertThat(stranger.session().at("/project/id").asText()).isEqualTo(other);
    var theirs = send("GET", "/api/network/v2.0/networks", stranger, null, null);
    assertThat(theirs.statusCode()).isEqualTo(200);
    assertThat(theirs.body()).doesNotContain(netId);
    assertThat(send("GET", "/api/network/v2.0/networks/" + netId, stranger, null, null)
        .statusCode()).isEqualTo(404);

    // switching project: demo gets a role on the other project, then sees it from there
    grantMember(admin, other, userId(admin, "demo"));
    var projects = Json.parse(send("GET", "/session/projects", demo, null, null).body());
    assertThat(projects.path("projects").findValuesAsText("name")).contains("demo", "dash-other");
    assertThat(send("PUT", "/session/project", demo, null, "{\"project_id\": \"" + other + "\"}")
        .statusCode()).isEqualTo(403);
    var switched = send("PUT", "/session/project", demo, demo.csrf(),
        "{\"project_id\": \"" + other + "\"}");
    assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
    assertThat(Json.parse(switched.body()).at("/project/name").asText()).isEqualTo("dash-other");
    assertThat(send("GET", "/api/network/v2.0/networks/" + netId, demo, null, null).statusCode())
        .isEqualTo(404);

    // renewal asks for the password again and keeps the session (and its project)
    assertThat(send("POST", "/session/renew", demo, demo.csrf(), "{\"password\": \"nope\"}")
        .statusCode()).isEqualTo(401);
    var renewed = send("POST", "/session/renew", demo, demo.csrf(), "{\"password\": \"demo-pw\"}");
    assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
    assertThat(Json.parse(renewed.body()).at("/project/name").asText()).isEqualTo("dash-other");
    assertThat(send("GET", "/api/compute/servers", demo, null, null).statusCode()).isEqualTo(200);

    // sign-out ends the session
    assertThat(send("DELETE", "/session", demo, null, null).statusCode()).isEqualTo(403);
    var out = send("DELETE", "/session", demo, demo.csrf(), null);
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(send("GET", "/api/compute/servers", demo, null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/session", demo, null, null).statusCode()).isEqualTo(401);
  }

  private String adminToken() throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(identity + "/auth/tokens"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
            {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
             "domain": {"id": "default"}, "password": "admin-pw"}}},
             "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}"""))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private JsonNode identityCall(String token, String method, String path, String json)
      throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create(identity + path))
        .header("X-Auth-Token", token).header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 204);
    return r.body().isEmpty() ? null : Json.parse(r.body());
  }

  private String userId(String admin, String name) throws Exception {
    return identityCall(admin, "GET", "/users?name=" + name, null).at("/users/0/id").asText();
  }

  private void grantMember(String admin, String project, String user) throws Exception {
    String role = identityCall(admin, "GET", "/roles?name=member", null).at("/roles/0/id").asText();
    identityCall(admin, "PUT", "/projects/" + project + "/users/" + user + "/roles/" + role, null);
  }

  private String createProjectWithMember(String admin, String project, String user,
      String password) throws Exception {
    String p = identityCall(admin, "POST", "/projects",
        "{\"project\": {\"name\": \"" + project + "\"}}").at("/project/id").asText();
    String u = identityCall(admin, "POST", "/users", "{\"user\": {\"name\": \"" + user
        + "\", \"password\": \"" + password + "\", \"default_project_id\": \"" + p + "\"}}")
        .at("/user/id").asText();
    grantMember(admin, p, u);
    return p;
  }
}
