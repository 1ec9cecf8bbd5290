package dev.altus.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import dev.altus.server.AllInOne;
import dev.altus.server.AltusConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The all-in-one cloud on free loopback ports with the callers the RBAC and fuzz tests use: an
 * admin, a member and a reader of project A, a member of project B, and nobody (no token); and
 * project A's resources in every service, whose ids fill the routes' path parameters.
 */
final class TestCloud implements AutoCloseable {
  /** The callers, in the order each route is tried (the one that may delete comes last). */
  static final String[] CALLERS = {"anonymous", "member_b", "reader_a", "member_a", "admin"};

  record Response(int status, String body, Map<String, java.util.List<String>> headers) {
    JsonNode json() {
      return body.trim().startsWith("{") ? Json.parse(body) : Json.object();
    }
  }

  final AllInOne cloud;
  final Path dir;
  final Map<String, Integer> ports = new LinkedHashMap<>();
  final Map<String, String> tokens = new LinkedHashMap<>();
  /** Path values by collection (the literal segment before an {id}) or parameter name. */
  final Map<String, String> fixtures = new LinkedHashMap<>();
  /** Ids of project A's private resources: member B must never see one. */
  final Set<String> privateToA = new LinkedHashSet<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestCloud() throws Exception {
    dir = Files.createTempDirectory("altus-rbac");
    AltusConfig config = AltusConfig.load(dir, "127.0.0.1", null, Map.of(
        // the API alone: no guests or networks made on the host
        "ALTUS_COMPUTE_DRIVER", "fake", "ALTUS_NETWORK_DATAPLANE", "noop",
        "ALTUS_IDENTITY_PORT", "0",
        "ALTUS_IDENTITY_BCRYPT_COST", "4", "ALTUS_ADMIN_PASSWORD", "admin-pw",
        "ALTUS_IMAGE_PORT", "0", "ALTUS_NETWORK_PORT", "0", "ALTUS_COMPUTE_PORT", "0",
        "ALTUS_COMPUTE_NOVNC_PORT", "0", "ALTUS_DASHBOARD_ENABLED", "false"));
    cloud = new AllInOne(config).start();
    cloud.apis().forEach(a -> ports.put(a.name(), a.port()));
    String admin = token("admin", "admin-pw", "admin");
    tokens.put("admin", admin);
    String projectA = create("identity", "/v3/projects",
        "{\"project\": {\"name\": \"rbac-a\", \"domain_id\": \"default\"}}", admin, "/project/id");
    String projectB = create("identity", "/v3/projects",
        "{\"project\": {\"name\": \"rbac-b\", \"domain_id\": \"default\"}}", admin, "/project/id");
    String userA = user("alice", projectA, "member", admin);
    user("rita", projectA, "reader", admin);
    String userB = user("bob", projectB, "member", admin);
    tokens.put("member_a", token("alice", "pw-alice", "rbac-a"));
    tokens.put("reader_a", token("rita", "pw-rita", "rbac-a"));
    tokens.put("member_b", token("bob", "pw-bob", "rbac-b"));
    tokens.put("anonymous", null);
    privateToA.add(projectA);
    put("project_id", projectA);
    put("project", projectA);
    put("tenant_id", projectA);
    put("projects", projectA);
    fixtures.put("member", projectB);
    put("user_id", userA);
    put("users", userA);
    fixtures.put("domains", "default");
    fixtures.put("domain_id", "default");
    String reader = call("identity", "GET", "/v3/roles?name=reader", null, admin).json()
        .at("/roles/0/id").asText();
    String member = call("identity", "GET", "/v3/roles?name=member", null, admin).json()
        .at("/roles/0/id").asText();
    fixtures.put("roles", reader);
    fixtures.put("role_id", reader);
    fixtures.put("prior_role_id", member);
    fixtures.put("implied_role_id", reader);
    String group = create("identity", "/v3/groups", "{\"group\": {\"name\": \"rbac-g\"}}", admin,
        "/group/id");
    fixtures.put("groups", group);
    fixtures.put("group_id", group);
    fixtures.put("regions", "RegionOne");
    JsonNode services = call("identity", "GET", "/v3/services", null, admin).json();
    fixtures.put("services", services.at("/services/0/id").asText());
    fixtures.put("endpoints", call("identity", "GET", "/v3/endpoints", null, admin).json()
        .at("/endpoints/0/id").asText());
    String a = tokens.get("member_a");
    put("credentials", create("identity", "/v3/credentials", "{\"credential\": {\"type\": \"ec2\","
        + " \"user_id\": \"" + userA + "\", \"project_id\": \"" + projectA + "\", \"blob\":"
        + " \"{\\\"access\\\": \\\"ak-a\\\", \\\"secret\\\": \\\"sk\\\"}\"}}", a, "/credential/id"));
    fixtures.put("credential_id", "ak-a");
    put("application_credentials", create("identity", "/v3/users/" + userA
        + "/application_credentials", "{\"application_credential\": {\"name\": \"a-ac\"}}", a,
        "/application_credential/id"));

    String net = create("network", "/v2.0/networks", "{\"network\": {\"name\": \"a-net\"}}", a,
        "/network/id");
    put("networks", net);
    put("network", net);
    put("subnets", create("network", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net
        + "\", \"ip_version\": 4, \"cidr\": \"10.91.0.0/24\"}}", a, "/subnet/id"));
    put("ports", create("network", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net + "\"}}",
        a, "/port/id"));
    put("routers", create("network", "/v2.0/routers", "{\"router\": {\"name\": \"a-r\"}}", a,
        "/router/id"));
    String sg = create("network", "/v2.0/security-groups",
        "{\"security_group\": {\"name\": \"a-sg\"}}", a, "/security_group/id");
    put("security-groups", sg);
    put("security-group-rules", create("network", "/v2.0/security-group-rules",
        "{\"security_group_rule\": {\"security_group_id\": \"" + sg + "\", \"direction\":"
            + " \"ingress\"}}", a, "/security_group_rule/id"));
    put("subnetpools", create("network", "/v2.0/subnetpools", "{\"subnetpool\": {\"name\": \"a-sp\","
        + " \"prefixes\": [\"10.200.0.0/16\"], \"default_prefixlen\": 24}}", a, "/subnetpool/id"));

    String image = create("image", "/v2/images", "{\"name\": \"a-img\", \"disk_format\": \"raw\","
        + " \"container_format\": \"bare\"}", a, "/id");
    put("images", image);
    put("image_id", image);
    send("image", "PUT", "/v2/images/" + image + "/file", "raw-image-bytes".getBytes(),
        "application/octet-stream", a);
    create("compute", "/v2.1/flavors", "{\"flavor\": {\"name\": \"rbac\", \"ram\": 64,"
        + " \"vcpus\": 1, \"disk\": 1, \"id\": \"rbac\"}}", admin, "/flavor/id");
    fixtures.put("flavors", "rbac");
    fixtures.put("flavor_id", "rbac");
    fixtures.put("os-keypairs", "a-key");
    call("compute", "POST", "/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"a-key\"}}", a);
    put("os-server-groups", create("compute", "/v2.1/os-server-groups", "{\"server_group\":"
        + " {\"name\": \"a-sg\", \"policies\": [\"affinity\"]}}", a, "/server_group/id"));
    String server = create("compute", "/v2.1/servers", "{\"server\": {\"name\": \"a-vm\","
        + " \"flavorRef\": \"rbac\", \"imageRef\": \"" + image + "\", \"networks\": [{\"uuid\": \""
        + net + "\"}]}}",
        a, "/server/id");
    put("servers", server);
    put("server_id", server);
    for (int i = 0; i < 100; i++) {
      String status = call("compute", "GET", "/v2.1/servers/" + server, null, a).json()
          .at("/server/status").asText();
      if (!status.equals("BUILD")) {
        break;
      }
      Thread.sleep(100);
    }
    fixtures.put("tag", "t1");
    fixtures.put("key", "k1");
    fixtures.put("host", java.net.InetAddress.getLocalHost().getHostName());
    fixtures.put("userB", userB);
  }

  private void put(String key, String id) {
    fixtures.put(key, id);
    privateToA.add(id);
  }

  private String user(String name, String project, String role, String admin) throws Exception {
    String id = create("identity", "/v3/users", "{\"user\": {\"name\": \"" + name
        + "\", \"domain_id\": \"default\", \"password\": \"pw-" + name + "\"}}", admin, "/user/id");
    String roleId = call("identity", "GET", "/v3/roles?name=" + role, null, admin).json()
        .at("/roles/0/id").asText();
    Response r = call("identity", "PUT", "/v3/projects/" + project + "/users/" + id + "/roles/"
        + roleId, null, admin);
    if (r.status() != 204) {
      throw new IllegalStateException("role grant: " + r.status() + " " + r.body());
    }
    return id;
  }

  String token(String user, String password, String project) throws Exception {
    Response r = call("identity", "POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s",
         "domain": {"id": "default"}, "password": "%s"}}},
         "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}"""
        .formatted(user, password, project), null);
    if (r.status() != 201) {
      throw new IllegalStateException("token for " + user + ": " + r.status() + " " + r.body());
    }
    return r.headers().get("x-subject-token").get(0);
  }

  private String create(String service, String path, String body, String token, String idAt)
      throws Exception {
    Response r = call(service, "POST", path, body, token);
    if (r.status() / 100 != 2) {
      throw new IllegalStateException("fixture " + path + ": " + r.status() + " " + r.body());
    }
    return r.json().at(idAt).asText();
  }

  Response call(String service, String method, String path, String body, String token)
      throws Exception {
    return send(service, method, path, body == null ? null : body.getBytes(), "application/json",
        token);
  }

  Response send(String service, String method, String path, byte[] body, String type, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + ports.get(service) + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      b.header("Content-Type", type);
    }
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
    r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), v));
    return new Response(r.statusCode(), r.body() == null ? "" : r.body(), headers);
  }

  @Override
  public void close() {
    cloud.close();
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort: a temporary directory
    }
  }
}
