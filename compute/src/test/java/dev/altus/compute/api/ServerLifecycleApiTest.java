package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.support.InMemoryNetworkClient;
import dev.altus.compute.support.TestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, show, list, update and delete of servers through the API over real HTTP. */
class ServerLifecycleApiTest {
  static ComputeApiHarness h;
  static String demo;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    h = new ComputeApiHarness();
    demo = h.demoToken();
    admin = h.adminToken();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void bootShowsActiveWithAddressBoundPortAndClaim() throws Exception {
    ComputeApiHarness.Response created = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "web-1", "imageRef": "%s", "flavorRef": "1",
         "networks": [{"uuid": "%s"}], "metadata": {"role": "web"}}}"""
        .formatted(h.imageId, h.networkId), demo);
    assertThat(created.status()).as(created.raw()).isEqualTo(202);
    JsonNode s = created.body().path("server");
    assertThat(s.path("adminPass").asText()).isNotEmpty();
    assertThat(s.path("links").get(0).path("href").asText()).endsWith("/v2.1/servers/"
        + s.path("id").asText());
    assertThat(created.header("x-compute-request-id")).startsWith("req-");
    String id = s.path("id").asText();

    JsonNode server = h.waitFor(id, "ACTIVE", demo);
    assertThat(server.path("OS-EXT-STS:vm_state").asText()).isEqualTo("active");
    assertThat(server.path("OS-EXT-STS:power_state").asInt()).isEqualTo(1);
    assertThat(server.path("metadata").path("role").asText()).isEqualTo("web");
    assertThat(server.path("OS-SRV-USG:launched_at").asText()).isNotEmpty();
    assertThat(server.has("OS-EXT-SRV-ATTR:host")).as("admin-only field").isFalse();
    JsonNode addrs = server.path("addresses").path("private");
    assertThat(addrs).hasSize(1);
    assertThat(addrs.get(0).path("addr").asText()).startsWith("10.0.");
    assertThat(addrs.get(0).path("OS-EXT-IPS:type").asText()).isEqualTo("fixed");
    assertThat(server.path("hostId").asText()).hasSize(56);

    JsonNode asAdmin = h.call("GET", "/v2.1/servers/" + id, null, admin, "2.3").body()
        .path("server");
    String host = asAdmin.path("OS-EXT-SRV-ATTR:host").asText();
    assertThat(host).isIn("compute1", "compute2");
    assertThat(asAdmin.path("OS-EXT-SRV-ATTR:instance_name").asText()).startsWith("instance-");
    TestDriver d = h.drivers.byHost.get(host);
    assertThat(d.guests).containsKey(id);
    InMemoryNetworkClient.Port port = h.networks.ports.values().stream()
        .filter(p -> id.equals(p.deviceId)).findFirst().orElseThrow();
    assertThat(port.hostId).isEqualTo(host);
    assertThat(port.deviceOwner).isEqualTo("compute:nova");
    var node = h.compute.servers.hosts.host(host).orElseThrow();
    assertThat(node.memoryMbUsed()).isGreaterThanOrEqualTo(512);

    assertThat(h.call("DELETE", "/v2.1/servers/" + id, null, demo).status()).isEqualTo(204);
    h.waitFor(id, "DELETED", demo);
    assertThat(d.guests).doesNotContainKey(id);
    assertThat(h.networks.ports).doesNotContainKey(port.id);
    assertThat(h.compute.servers.hosts.host(host).orElseThrow().memoryMbUsed())
        .isEqualTo(node.memoryMbUsed() - 512);
  }

  @Test
  void listsBriefAndDetailWithFiltersAndPaging() throws Exception {
    String a = h.boot(demo, "list-alpha", "1");
    String b = h.boot(demo, "list-beta", "1");
    h.waitFor(a, "ACTIVE", demo);
    h.waitFor(b, "ACTIVE", demo);
    JsonNode brief = h.call("GET", "/v2.1/servers?name=list-", null, demo).body();
    assertThat(brief.path("servers")).hasSize(2);
    assertThat(brief.path("servers").get(0).size()).isEqualTo(3); // id, name, links
    assertThat(brief.path("servers").get(0).path("id").asText()).isEqualTo(b); // newest first
    JsonNode page = h.call("GET", "/v2.1/servers/detail?name=list-&limit=1", null, demo).body();
    assertThat(page.path("servers")).hasSize(1);
    String next = page.path("servers_links").get(0).path("href").asText();
    assertThat(next).contains("marker=" + b);
    JsonNode second = h.call("GET", "/v2.1/servers/detail?name=list-&limit=1&marker=" + b,
        null, demo).body();
    assertThat(second.path("servers").get(0).path("id").asText()).isEqualTo(a);
    assertThat(h.call("GET", "/v2.1/servers?name=list-beta$", null, demo).body()
        .path("servers")).hasSize(1);
    assertThat(h.call("GET", "/v2.1/servers?status=SHUTOFF&name=list-", null, demo).body()
        .path("servers")).isEmpty();
    assertThat(h.call("GET", "/v2.1/servers?flavor=1&name=list-", null, demo).body()
        .path("servers")).hasSize(2);
    assertThat(h.call("GET", "/v2.1/servers?marker=nope", null, demo).status()).isEqualTo(400);
    assertThat(h.call("GET", "/v2.1/servers?all_tenants=1", null, demo).status())
        .isEqualTo(403);
    assertThat(h.call("GET", "/v2.1/servers?all_tenants=1&name=list-", null, admin).body()
        .path("servers")).hasSize(2);
    assertThat(h.call("GET", "/v2.1/servers?name=list-", null, admin).body()
        .path("servers")).as("admin's own project only").isEmpty();
  }

  @Test
  void updateChangesNameAndAccessAddresses() throws Exception {
    String id = h.boot(demo, "before", "1");
    ComputeApiHarness.Response r = h.call("PUT", "/v2.1/servers/" + id,
        "{\"server\": {\"name\": \"after\", \"accessIPv4\": \"192.0.2.5\"}}", demo);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().path("server").path("name").asText()).isEqualTo("after");
    assertThat(r.body().path("server").path("accessIPv4").asText()).isEqualTo("192.0.2.5");
    assertThat(r.body().path("server").has("OS-EXT-STS:vm_state")).as("2.1 update view")
        .isFalse();
    assertThat(h.call("PUT", "/v2.1/servers/" + id, "{\"server\": {\"name\": \"\"}}", demo)
        .status()).isEqualTo(400);
    assertThat(h.call("PUT", "/v2.1/servers/" + id, "{\"server\": {\"accessIPv4\": \"1.2.3\"}}",
        demo).status()).isEqualTo(400);
    assertThat(h.call("PUT", "/v2.1/servers/" + id, "{\"server\": {\"bogus\": 1}}", demo)
        .status()).isEqualTo(400);
    ComputeApiHarness.Response desc = h.call("PUT", "/v2.1/servers/" + id,
        "{\"server\": {\"description\": \"d\"}}", demo, "2.19");
    assertThat(desc.body().path("server").path("description").asText()).isEqualTo("d");
  }

  @Test
  void badInputGetsNova4xx() throws Exception {
    String img = h.imageId;
    String net = h.networkId;
    String[][] cases = {
        {"{}", "400"},
        {"{\"server\": {\"imageRef\": \"" + img + "\", \"flavorRef\": \"1\"}}", "400"},
        {"{\"server\": {\"name\": \"\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\"}}",
            "400"},
        {"{\"server\": {\"name\": 12345, \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\"}}",
            "400"},
        {"{\"server\": {\"name\": \"" + "x".repeat(256) + "\", \"imageRef\": \"" + img
            + "\", \"flavorRef\": \"1\"}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"99\"}}",
            "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"-1\", \"flavorRef\": \"1\"}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"networks\": [{\"uuid\": \"a-b-c-d-e-f-g-h-i-j\"}]}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"networks\": [{\"uuid\": \"" + java.util.UUID.randomUUID() + "\"}]}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"min_count\": 0}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"max_count\": \"abc\"}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"min_count\": 3, \"max_count\": 2}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"user_data\": \"not base64!\"}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"key_name\": \"nokey\", \"networks\": [{\"uuid\": \"" + net + "\"}]}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"security_groups\": [{\"name\": \"nope\"}],"
            + " \"networks\": [{\"uuid\": \"" + net + "\"}]}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"accessIPv4\": \"1.1.1.1.1\"}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"metadata\": {\"" + "k".repeat(256) + "\": \"v\"}}}", "400"},
        {"{\"server\": {\"name\": \"a\", \"imageRef\": \"" + img + "\", \"flavorRef\": \"1\","
            + " \"unknown\": 1}}", "400"},
        {"not json", "400"},
    };
    for (String[] c : cases) {
      ComputeApiHarness.Response r = h.call("POST", "/v2.1/servers", c[0], demo);
      assertThat(r.status()).as(c[0] + " -> " + r.raw()).isEqualTo(Integer.parseInt(c[1]));
      assertThat(r.body().has("badRequest")).as(r.raw()).isTrue();
    }
    String queued = h.images.addQueued("not-yet");
    ComputeApiHarness.Response notActive = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "a", "imageRef": "%s", "flavorRef": "1"}}""".formatted(queued),
        demo);
    assertThat(notActive.status()).isEqualTo(400);
    assertThat(notActive.raw()).contains("is not active");
    String big = h.images.add("big", 4096, 0, 1024, java.util.Map.of());
    ComputeApiHarness.Response small = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "a", "imageRef": "%s", "flavorRef": "1"}}""".formatted(big), demo);
    assertThat(small.status()).isEqualTo(400);
    assertThat(small.raw()).contains("memory is too small");
    assertThat(h.call("GET", "/v2.1/servers/" + java.util.UUID.randomUUID(), null, demo)
        .status()).isEqualTo(404);
    assertThat(h.call("DELETE", "/v2.1/servers/-1", null, demo).status()).isEqualTo(404);
    assertThat(h.call("GET", "/v2.1/servers", null, demo, "2.999").status()).isEqualTo(406);
    assertThat(h.call("GET", "/v2.1/servers", null, demo, "latest").status()).isEqualTo(200);
    assertThat(h.call("GET", "/v2.1/servers?limit=-1", null, demo).status()).isEqualTo(400);
    assertThat(h.call("GET", "/v2.1/servers?changes-since=yesterday", null, demo).status())
        .isEqualTo(400);
    assertThat(h.call("POST", "/v2.1/servers", """
        {"server": {"name": "a", "imageRef": "%s", "flavorRef": "1"}}""".formatted(h.imageId),
        demo, "2.37").status()).as("networks required from 2.37").isEqualTo(400);
  }

  @Test
  void anotherProjectSeesNothing() throws Exception {
    String id = h.boot(demo, "private-one", "1");
    String other = h.otherProjectToken("other1");
    assertThat(h.call("GET", "/v2.1/servers/" + id, null, other).status()).isEqualTo(404);
    assertThat(h.call("PUT", "/v2.1/servers/" + id, "{\"server\": {\"name\": \"x\"}}", other)
        .status()).isEqualTo(404);
    assertThat(h.call("DELETE", "/v2.1/servers/" + id, null, other).status()).isEqualTo(404);
    assertThat(h.call("POST", "/v2.1/servers/" + id + "/action", "{\"os-stop\": null}", other)
        .status()).isEqualTo(404);
    assertThat(h.call("GET", "/v2.1/servers", null, other).body().path("servers")).isEmpty();
    assertThat(h.call("GET", "/v2.1/servers/" + id, null, admin).status()).isEqualTo(200);
  }

  @Test
  void aPortThatCannotBeBoundFailsTheBuildWithTheReason() throws Exception {
    h.networks.hostsWithoutL2Agent.addAll(java.util.List.of("compute1", "compute2"));
    try {
      String id = h.boot(demo, "unwired", "1");
      JsonNode server = h.waitFor(id, "ERROR", demo);
      assertThat(server.path("fault").path("message").asText())
          .contains("Binding failed for port", "no live Linux bridge agent on host compute");
      assertThat(h.networks.ports.values()).noneMatch(p -> id.equals(p.deviceId));
      assertThat(h.call("DELETE", "/v2.1/servers/" + id, null, demo).status()).isEqualTo(204);
      h.waitFor(id, "DELETED", demo);
    } finally {
      h.networks.hostsWithoutL2Agent.clear();
    }
  }

  @Test
  void deletingABuildingServerWorks() throws Exception {
    h.drivers.byHost.values().forEach(d -> d.spawnMillis = 500);
    try {
      String id = h.boot(demo, "short-lived", "1");
      assertThat(h.call("DELETE", "/v2.1/servers/" + id, null, demo).status()).isEqualTo(204);
      h.waitFor(id, "DELETED", demo);
      Thread.sleep(700);
      for (TestDriver d : h.drivers.byHost.values()) {
        assertThat(d.guests).doesNotContainKey(id);
      }
      assertThat(h.networks.ports.values()).noneMatch(p -> id.equals(p.deviceId));
      assertThat(h.compute.servers.servers.findAny(id).orElseThrow().claimedHost()).isNull();
    } finally {
      h.drivers.byHost.values().forEach(d -> d.spawnMillis = 0);
    }
  }

  @Test
  void aPortTheUserBroughtSurvivesTheServerUnbound() throws Exception {
    var ctx = dev.altus.compute.agent.CallerContexts.owner("u", projectOf(demo));
    var port = h.networks.createPort(ctx, h.networkId, null, java.util.List.of(), null);
    ComputeApiHarness.Response r = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "with-port", "imageRef": "%s", "flavorRef": "1",
         "networks": [{"port": "%s"}]}}""".formatted(h.imageId, port.id()), demo);
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    String id = r.body().path("server").path("id").asText();
    h.waitFor(id, "ACTIVE", demo);
    assertThat(h.networks.ports.get(port.id()).deviceId).isEqualTo(id);
    ComputeApiHarness.Response inUse = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "steal", "imageRef": "%s", "flavorRef": "1",
         "networks": [{"port": "%s"}]}}""".formatted(h.imageId, port.id()), demo);
    assertThat(inUse.status()).isEqualTo(409);
    h.call("DELETE", "/v2.1/servers/" + id, null, demo);
    h.waitFor(id, "DELETED", demo);
    InMemoryNetworkClient.Port after = h.networks.ports.get(port.id());
    assertThat(after).isNotNull();
    assertThat(after.deviceId).isEmpty();
    assertThat(after.hostId).isEmpty();
  }

  private static String projectOf(String token) throws Exception {
    return h.identity.tokens.authenticate(token).orElseThrow().projectId();
  }
}
