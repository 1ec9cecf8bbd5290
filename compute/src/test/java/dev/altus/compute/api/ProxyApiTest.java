package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compute API's security group and floating IP proxies of the network service. */
class ProxyApiTest {
  static ComputeApiHarness h;
  static String demo;

  @BeforeAll
  static void start() throws Exception {
    h = new ComputeApiHarness();
    demo = h.demoToken();
    h.networks.addNetwork("public", null, false, true);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void securityGroupsAndRules() throws Exception {
    ComputeApiHarness.Response g = h.call("POST", "/v2.1/os-security-groups",
        "{\"security_group\": {\"name\": \"web\", \"description\": \"http\"}}", demo);
    assertThat(g.status()).as(g.raw()).isEqualTo(200);
    String id = g.body().path("security_group").path("id").asText();
    ComputeApiHarness.Response rule = h.call("POST", "/v2.1/os-security-group-rules",
        "{\"security_group_rule\": {\"parent_group_id\": \"" + id + "\", \"ip_protocol\":"
            + " \"tcp\", \"from_port\": 80, \"to_port\": 80, \"cidr\": \"10.0.0.0/8\"}}", demo);
    assertThat(rule.status()).as(rule.raw()).isEqualTo(200);
    JsonNode r = rule.body().path("security_group_rule");
    assertThat(r.path("ip_protocol").asText()).isEqualTo("tcp");
    assertThat(r.path("ip_range").path("cidr").asText()).isEqualTo("10.0.0.0/8");
    assertThat(h.call("POST", "/v2.1/os-security-group-rules",
        "{\"security_group_rule\": {\"parent_group_id\": \"" + id + "\", \"ip_protocol\":"
            + " \"tcp\", \"from_port\": 80, \"to_port\": 80, \"cidr\": \"10.0.0.0/8\"}}", demo)
        .status()).as("duplicate").isEqualTo(400);
    assertThat(h.call("POST", "/v2.1/os-security-group-rules",
        "{\"security_group_rule\": {\"parent_group_id\": \"" + id + "\", \"ip_protocol\":"
            + " \"tcp\", \"from_port\": 90, \"to_port\": 80}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", "/v2.1/os-security-group-rules",
        "{\"security_group_rule\": {\"parent_group_id\": \"" + id + "\", \"ip_protocol\":"
            + " \"gre\", \"from_port\": 1, \"to_port\": 2}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", "/v2.1/os-security-group-rules",
        "{\"security_group_rule\": {\"parent_group_id\": \"nope\", \"ip_protocol\": \"tcp\","
            + " \"from_port\": 1, \"to_port\": 2}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", "/v2.1/os-security-group-rules",
        "{\"security_group_rule\": {\"parent_group_id\": \"" + java.util.UUID.randomUUID()
            + "\", \"ip_protocol\": \"tcp\", \"from_port\": 1, \"to_port\": 2}}", demo)
        .status()).isEqualTo(404);
    JsonNode shown = h.call("GET", "/v2.1/os-security-groups/" + id, null, demo).body()
        .path("security_group");
    assertThat(shown.path("rules")).hasSize(1);
    assertThat(h.call("GET", "/v2.1/os-security-groups", null, demo).body()
        .path("security_groups").findValuesAsText("name")).contains("web", "default");
    assertThat(h.call("PUT", "/v2.1/os-security-groups/" + id,
        "{\"security_group\": {\"name\": \"web2\", \"description\": \"x\"}}", demo).body()
        .path("security_group").path("name").asText()).isEqualTo("web2");
    assertThat(h.call("DELETE", "/v2.1/os-security-group-rules/"
        + r.path("id").asText(), null, demo).status()).isEqualTo(202);
    assertThat(h.call("DELETE", "/v2.1/os-security-groups/" + id, null, demo).status())
        .isEqualTo(202);
    assertThat(h.call("GET", "/v2.1/os-security-groups/" + id, null, demo).status())
        .isEqualTo(404);
    assertThat(h.call("GET", "/v2.1/os-security-groups", null, demo, "2.36").status())
        .isEqualTo(404);
  }

  @Test
  void floatingIpsOnAServer() throws Exception {
    String server = h.boot(demo, "fip", "1");
    h.waitFor(server, "ACTIVE", demo);
    assertThat(h.call("GET", "/v2.1/os-floating-ip-pools", null, demo).body()
        .path("floating_ip_pools").findValuesAsText("name")).containsExactly("public");
    JsonNode f = h.call("POST", "/v2.1/os-floating-ips", "{\"pool\": \"public\"}", demo).body()
        .path("floating_ip");
    String address = f.path("ip").asText();
    assertThat(h.call("POST", "/v2.1/os-floating-ips", "{\"pool\": \"nope\"}", demo).status())
        .isEqualTo(404);
    assertThat(h.call("POST", "/v2.1/servers/" + server + "/action",
        "{\"addFloatingIp\": {\"address\": \"" + address + "\"}}", demo).status())
        .isEqualTo(202);
    JsonNode shown = h.call("GET", "/v2.1/os-floating-ips/" + f.path("id").asText(), null,
        demo).body().path("floating_ip");
    assertThat(shown.path("instance_id").asText()).isEqualTo(server);
    JsonNode addrs = h.call("GET", "/v2.1/servers/" + server, null, demo).body()
        .path("server").path("addresses").path("private");
    assertThat(addrs.findValuesAsText("OS-EXT-IPS:type")).contains("floating");
    assertThat(h.call("POST", "/v2.1/servers/" + server + "/action",
        "{\"removeFloatingIp\": {\"address\": \"" + address + "\"}}", demo).status())
        .isEqualTo(202);
    assertThat(h.call("POST", "/v2.1/servers/" + server + "/action",
        "{\"removeFloatingIp\": {\"address\": \"198.51.100.99\"}}", demo).status())
        .isEqualTo(404);
    assertThat(h.call("DELETE", "/v2.1/os-floating-ips/" + f.path("id").asText(), null, demo)
        .status()).isEqualTo(202);
    assertThat(h.call("DELETE", "/v2.1/os-floating-ips/" + f.path("id").asText(), null, demo)
        .status()).isEqualTo(404);
  }
}
