package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The auto-allocated topology and external networks' is_default, through real HTTP. */
class AutoAllocationApiTest {
  static NetworkApiHarness api;
  static String admin;
  static String demo;

  @BeforeAll
  static void start() throws Exception {
    api = new NetworkApiHarness();
    admin = api.adminToken();
    demo = api.demoToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void isDefaultIsAnExternalNetworksAttributeThatOnlyAnAdminSetsAndOnlyOneHas() throws Exception {
    // a member may send the default value (the Java SDK always does) but not true
    var plain = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"p\", \"is_default\": false}}", demo);
    assertThat(plain.status()).as(plain.raw()).isEqualTo(201);
    assertThat(plain.body().at("/network").has("is_default")).isFalse();
    var sdkStyle = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"q\","
        + " \"shared\": false, \"router:external\": false}}", demo);
    assertThat(sdkStyle.status()).as(sdkStyle.raw()).isEqualTo(201);
    api.call("DELETE", "/v2.0/networks/" + sdkStyle.body().at("/network/id").asText(), null, demo);
    assertThat(api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"q\","
        + " \"shared\": true}}", demo).status()).isEqualTo(403);
    var refused = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"p\", \"is_default\": true}}", demo);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().at("/NeutronError/message").asText()).contains("create_network:is_default");
    var bad = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"p\", \"is_default\": \"yes\"}}", admin);
    assertThat(bad.status()).isEqualTo(400);

    var ext = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"ext-a\","
        + " \"router:external\": true}}", admin);
    assertThat(ext.body().at("/network/is_default").asBoolean(true)).isFalse();
    String a = ext.body().at("/network/id").asText();
    var set = api.call("PUT", "/v2.0/networks/" + a, "{\"network\": {\"is_default\": true}}", admin);
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    assertThat(set.body().at("/network/is_default").asBoolean()).isTrue();
    var second = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"ext-b\","
        + " \"router:external\": true, \"is_default\": true}}", admin);
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.body().at("/NeutronError/type").asText()).isEqualTo("DefaultExternalNetworkExists");
    assertThat(api.call("PUT", "/v2.0/networks/" + a, "{\"network\": {\"is_default\": false}}", admin)
        .body().at("/network/is_default").asBoolean(true)).isFalse();
    api.call("DELETE", "/v2.0/networks/" + a, null, admin);
    api.call("DELETE", "/v2.0/networks/" + plain.body().at("/network/id").asText(), null, demo);
  }

  @Test
  void aProjectGetsOneTopologyMadeOnFirstAskAndRemovedOnDelete() throws Exception {
    // without a default external network the answer says what the operator must do
    var none = api.call("GET", "/v2.0/auto-allocated-topology/None", null, demo);
    assertThat(none.status()).isEqualTo(409);
    assertThat(none.body().at("/NeutronError/type").asText()).isEqualTo("AutoAllocationFailure");
    assertThat(none.body().at("/NeutronError/message").asText())
        .contains("No default router:external network").contains("network set --default");

    var ext = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"public\","
        + " \"router:external\": true, \"is_default\": true}}", admin);
    String extId = ext.body().at("/network/id").asText();
    assertThat(api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + extId
        + "\", \"ip_version\": 4, \"cidr\": \"198.51.100.0/24\", \"enable_dhcp\": false}}", admin)
        .status()).isEqualTo(201);
    var noPool = api.call("GET", "/v2.0/auto-allocated-topology/None?fields=dry-run", null, demo);
    assertThat(noPool.status()).isEqualTo(409);
    assertThat(noPool.body().at("/NeutronError/message").asText()).contains("No default subnetpools");
    var pool = api.call("POST", "/v2.0/subnetpools", "{\"subnetpool\": {\"name\": \"default-v4\","
        + " \"prefixes\": [\"10.128.0.0/16\"], \"default_prefixlen\": 26, \"is_default\": true,"
        + " \"shared\": true}}", admin);
    assertThat(pool.status()).as(pool.raw()).isEqualTo(201);

    var dry = api.call("GET", "/v2.0/auto-allocated-topology/None?fields=dry-run", null, demo);
    assertThat(dry.status()).as(dry.raw()).isEqualTo(200);
    assertThat(dry.body().at("/auto_allocated_topology/id").asText()).isEqualTo("dry-run=pass");
    assertThat(api.call("GET", "/v2.0/auto-allocated-topology/None?fields=name", null, demo).status())
        .isEqualTo(400);

    var made = api.call("GET", "/v2.0/auto-allocated-topology/None", null, demo);
    assertThat(made.status()).as(made.raw()).isEqualTo(200);
    String netId = made.body().at("/auto_allocated_topology/id").asText();
    String project = made.body().at("/auto_allocated_topology/project_id").asText();
    var net = api.call("GET", "/v2.0/networks/" + netId, null, demo).body().at("/network");
    assertThat(net.path("name").asText()).isEqualTo("auto_allocated_network");
    assertThat(net.path("admin_state_up").asBoolean()).isTrue();
    assertThat(net.path("project_id").asText()).isEqualTo(project);
    var subnets = api.call("GET", "/v2.0/subnets?network_id=" + netId, null, demo).body().at("/subnets");
    assertThat(subnets).hasSize(1);
    assertThat(subnets.get(0).path("cidr").asText()).startsWith("10.128.").endsWith("/26");
    var routers = api.call("GET", "/v2.0/routers?name=auto_allocated_router", null, demo).body().at("/routers");
    assertThat(routers).hasSize(1);
    assertThat(routers.get(0).at("/external_gateway_info/network_id").asText()).isEqualTo(extId);
    // asked again: the same network, nothing new
    assertThat(api.call("GET", "/v2.0/auto-allocated-topology/" + project, null, demo)
        .body().at("/auto_allocated_topology/id").asText()).isEqualTo(netId);
    // another project's topology is not the demo user's to see
    assertThat(api.call("GET", "/v2.0/auto-allocated-topology/someone-else", null, demo).status())
        .isEqualTo(403);

    assertThat(api.call("DELETE", "/v2.0/auto-allocated-topology/" + project, null, demo).status())
        .isEqualTo(204);
    assertThat(api.call("GET", "/v2.0/networks/" + netId, null, demo).status()).isEqualTo(404);
    assertThat(api.call("GET", "/v2.0/routers?name=auto_allocated_router", null, demo).body()
        .at("/routers")).isEmpty();
    assertThat(api.call("DELETE", "/v2.0/auto-allocated-topology/" + project, null, demo).status())
        .isEqualTo(204);
    assertThat(api.call("GET", "/v2.0/extensions/auto-allocated-topology", null, demo).status())
        .isEqualTo(200);
    assertThat(api.call("DELETE", "/v2.0/networks/" + extId, null, admin).status()).isEqualTo(204);
    assertThat(api.call("DELETE", "/v2.0/subnetpools/" + pool.body().at("/subnetpool/id").asText(),
        null, admin).status()).isEqualTo(204);
  }
}
