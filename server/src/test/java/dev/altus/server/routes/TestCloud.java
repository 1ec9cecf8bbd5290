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
  /** Path values of the volume API that differ from the others' (host, quota target). */
  final Map<String, String> volumeFixtures = new LinkedHashMap<>();
  /** Each caller's own project: the block storage URLs carry it. */
  final Map<String, String> callerProjects = new LinkedHashMap<>();
  /** Ids of project A's private resources: member B must never see one. */
  final Set<String> privateToA = new LinkedHashSet<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestCloud() throws Exception {
    dir = Files.createTempDirectory("altus-rbac");
    AltusConfig config = AltusConfig.load(dir, "127.0.0.1", null, Map.ofEntries(
        // the API alone: no guests or networks made on the host; every listener on a free port
        // (a fixed one taken on the machine would fail the start)
        Map.entry("ALTUS_COMPUTE_DRIVER", "fake"), Map.entry("ALTUS_NETWORK_DATAPLANE", "noop"),
        Map.entry("ALTUS_IDENTITY_PORT", "0"), Map.entry("ALTUS_IDENTITY_BCRYPT_COST", "4"),
        Map.entry("ALTUS_ADMIN_PASSWORD", "admin-pw"), Map.entry("ALTUS_IMAGE_PORT", "0"),
        Map.entry("ALTUS_NETWORK_PORT", "0"), Map.entry("ALTUS_COMPUTE_PORT", "0"),
        Map.entry("ALTUS_COMPUTE_NOVNC_PORT", "0"), Map.entry("ALTUS_VOLUME_PORT", "0"),
        Map.entry("ALTUS_COMPUTE_METADATA_PORT", "0"),
        Map.entry("ALTUS_DASHBOARD_ENABLED", "false")));
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
    callerProjects.put("admin", call("identity", "GET", "/v3/auth/tokens", null, admin,
        Map.of("X-Subject-Token", admin)).json().at("/token/project/id").asText());
    callerProjects.put("member_a", projectA);
    callerProjects.put("reader_a", projectA);
    callerProjects.put("member_b", projectB);
    callerProjects.put("anonymous", projectA);
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
    // the server's port lives on a network of its own: on the fixture subnet it would make the
    // subnet's DELETE answer 409 or 204 depending on how far the server's deletion had got
    String serverNet = create("network", "/v2.0/networks", "{\"network\": {\"name\": \"a-vm-net\"}}",
        a, "/network/id");
    create("network", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + serverNet
        + "\", \"ip_version\": 4, \"cidr\": \"10.92.0.0/24\"}}", a, "/subnet/id");
    privateToA.add(serverNet);
    String server = create("compute", "/v2.1/servers", "{\"server\": {\"name\": \"a-vm\","
        + " \"flavorRef\": \"rbac\", \"imageRef\": \"" + image + "\", \"networks\": [{\"uuid\": \""
        + serverNet + "\"}]}}",
        a, "/server/id");
    put("servers", server);
    put("server_id", server);
    // the table's answers are those for an ACTIVE server (a slow machine may take longer than
    // a fast one to get there: wait for it, bounded, instead of trying the routes on a BUILD one)
    String status = "";
    for (int i = 0; i < 1200 && !status.equals("ACTIVE") && !status.equals("ERROR"); i++) {
      status = call("compute", "GET", "/v2.1/servers/" + server, null, a).json()
          .at("/server/status").asText();
      Thread.sleep(50);
    }
    if (!status.equals("ACTIVE")) {
      throw new IllegalStateException("fixture server " + server + " is " + status + ", not ACTIVE");
    }
    volumeFixtures(projectA, admin, a);
    fixtures.put("tag", "t1");
    fixtures.put("key", "k1");
    // the compute host as the cloud names it (a machine whose name does not resolve has
    // "localhost" there, where InetAddress.getLocalHost() would throw)
    String host = call("compute", "GET", "/v2.1/os-services?binary=nova-compute", null, admin)
        .json().at("/services/0/host").asText();
    if (host.isEmpty()) {
      throw new IllegalStateException("no nova-compute service listed");
    }
    fixtures.put("host", host);
    fixtures.put("userB", userB);
  }

  /**
   * Project A's block storage: a volume with metadata, a snapshot (of a second volume, so that
   * deleting the first depends on nothing else) with metadata, and a private volume type with an
   * extra spec that only project A may use; each waited for until it is available.
   */
  private void volumeFixtures(String projectA, String admin, String a) throws Exception {
    String v = "/v3/" + projectA;
    String volume = create("volume", v + "/volumes", "{\"volume\": {\"size\": 1, \"name\":"
        + " \"a-vol\", \"metadata\": {\"k1\": \"v1\"}}}", a, "/volume/id");
    String second = create("volume", v + "/volumes", "{\"volume\": {\"size\": 1, \"name\":"
        + " \"a-vol-2\"}}", a, "/volume/id");
    awaitAvailable(v + "/volumes/" + volume, "/volume/status", a);
    awaitAvailable(v + "/volumes/" + second, "/volume/status", a);
    put("volumes", volume);
    privateToA.add(second);
    String snapshot = create("volume", v + "/snapshots", "{\"snapshot\": {\"volume_id\": \""
        + second + "\", \"name\": \"a-snap\", \"metadata\": {\"k1\": \"v1\"}}}", a,
        "/snapshot/id");
    awaitAvailable(v + "/snapshots/" + snapshot, "/snapshot/status", a);
    put("snapshots", snapshot);
    String adminProject = callerProjects.get("admin");
    String type = create("volume", "/v3/" + adminProject + "/types", "{\"volume_type\": {\"name\":"
        + " \"a-type\", \"os-volume-type-access:is_public\": false, \"extra_specs\":"
        + " {\"k1\": \"v1\"}}}", admin, "/volume_type/id");
    Response r = call("volume", "POST", "/v3/" + adminProject + "/types/" + type + "/action",
        "{\"addProjectAccess\": {\"project\": \"" + projectA + "\"}}", admin);
    if (r.status() / 100 != 2) {
      throw new IllegalStateException("type access: " + r.status() + " " + r.body());
    }
    put("types", type);
    // a transfer offered by A (of a volume of its own, then awaiting-transfer), an attachment of a
    // volume of A to A's server (3.27+), and a QoS spec (an admin's, not a project's)
    String offered = create("volume", v + "/volumes", "{\"volume\": {\"size\": 1, \"name\":"
        + " \"a-vol-3\"}}", a, "/volume/id");
    String attached = create("volume", v + "/volumes", "{\"volume\": {\"size\": 1, \"name\":"
        + " \"a-vol-4\"}}", a, "/volume/id");
    awaitAvailable(v + "/volumes/" + offered, "/volume/status", a);
    awaitAvailable(v + "/volumes/" + attached, "/volume/status", a);
    privateToA.add(offered);
    privateToA.add(attached);
    String transfer = created(send("volume", "POST", v + "/os-volume-transfer",
        ("{\"transfer\": {\"volume_id\": \"" + offered + "\", \"name\": \"a-transfer\"}}")
            .getBytes(), "application/json", a, Map.of()), "/transfer/id");
    put("os-volume-transfer", transfer);
    put("volume-transfers", transfer);
    String attachment = created(send("volume", "POST", v + "/attachments",
        ("{\"attachment\": {\"volume_uuid\": \"" + attached + "\", \"instance_uuid\": \""
            + fixtures.get("servers") + "\"}}").getBytes(), "application/json", a,
        Map.of("OpenStack-API-Version", "volume 3.27")), "/attachment/id");
    put("attachments", attachment);
    String qos = create("volume", "/v3/" + adminProject + "/qos-specs", "{\"qos_specs\":"
        + " {\"name\": \"a-qos\", \"consumer\": \"back-end\"}}", admin, "/qos_specs/id");
    fixtures.put("qos-specs", qos);
    volumeFixtures.put("target", projectA);
    volumeFixtures.put("class", "default");
    volumeFixtures.put("action", "enable");
    for (JsonNode service : call("volume", "GET", "/v3/" + adminProject + "/os-services", null,
        admin).json().path("services")) {
      if (service.path("binary").asText().equals("cinder-volume")) {
        volumeFixtures.put("host", service.path("host").asText());
      }
    }
  }

  private static String created(Response r, String idAt) {
    if (r.status() / 100 != 2) {
      throw new IllegalStateException("fixture: " + r.status() + " " + r.body());
    }
    return r.json().at(idAt).asText();
  }

  private void awaitAvailable(String path, String statusAt, String token) throws Exception {
    String status = "";
    for (int i = 0; i < 600 && !status.equals("available"); i++) {
      status = call("volume", "GET", path, null, token).json().at(statusAt).asText();
      if (status.startsWith("error")) {
        break;
      }
      Thread.sleep(50);
    }
    if (!status.equals("available")) {
      throw new IllegalStateException("fixture " + path + " is " + status + ", not available");
    }
  }

  /**
   * The path values {@code caller} uses on {@code service}: the block storage API's URLs carry
   * the caller's own project (Cinder refuses another), the other APIs' are the shared fixtures.
   */
  Map<String, String> fixturesFor(String service, String caller) {
    if (!service.equals("volume")) {
      return fixtures;
    }
    Map<String, String> f = new LinkedHashMap<>(fixtures);
    f.putAll(volumeFixtures);
    f.put("project_id", callerProjects.get(caller));
    return f;
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

  private Response call(String service, String method, String path, String body, String token,
      Map<String, String> headers) throws Exception {
    return send(service, method, path, body == null ? null : body.getBytes(), "application/json",
        token, headers);
  }

  Response send(String service, String method, String path, byte[] body, String type, String token)
      throws Exception {
    return send(service, method, path, body, type, token, Map.of());
  }

  Response send(String service, String method, String path, byte[] body, String type,
      String token, Map<String, String> headers) throws Exception {
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
    headers.forEach(b::header);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, java.util.List<String>> answer = new LinkedHashMap<>();
    r.headers().map().forEach((k, v) -> answer.put(k.toLowerCase(), v));
    return new Response(r.statusCode(), r.body() == null ? "" : r.body(), answer);
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
