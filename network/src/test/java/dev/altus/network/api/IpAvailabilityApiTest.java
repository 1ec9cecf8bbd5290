package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Network IP availability through real HTTP: the figures, the filters, admin only. */
class IpAvailabilityApiTest {
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

  private static String create(String path, String key, String body, String token) throws Exception {
    var r = api.call("POST", path, "{\"" + key + "\": {" + body + "}}", token);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().at("/" + key + "/id").asText();
  }

  @Test
  void countsPoolAddressesAndAllocationsPerSubnetAndNetwork() throws Exception {
    String net = create("/v2.0/networks", "network", "\"name\": \"avail\"", demo);
    String v4 = create("/v2.0/subnets", "subnet", "\"network_id\": \"" + net + "\", \"ip_version\": 4,"
        + " \"cidr\": \"10.9.0.0/24\", \"name\": \"s4\", \"enable_dhcp\": false", demo);
    String v6 = create("/v2.0/subnets", "subnet", "\"network_id\": \"" + net + "\", \"ip_version\": 6,"
        + " \"cidr\": \"2001:db8:9::/64\", \"enable_dhcp\": false", demo);
    create("/v2.0/ports", "port", "\"network_id\": \"" + net + "\"", demo);
    create("/v2.0/ports", "port", "\"network_id\": \"" + net + "\", \"fixed_ips\": [{\"subnet_id\": \"" + v4 + "\"}]", demo);
    String empty = create("/v2.0/networks", "network", "\"name\": \"bare\"", demo);

    var r = api.call("GET", "/v2.0/network-ip-availabilities/" + net, null, admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    JsonNode a = r.body().get("network_ip_availability");
    assertThat(a.get("network_id").asText()).isEqualTo(net);
    assertThat(a.get("network_name").asText()).isEqualTo("avail");
    assertThat(a.get("project_id").asText()).isEqualTo(a.get("tenant_id").asText()).isNotEmpty();
    assertThat(a.get("used_ips").asLong()).isEqualTo(3); // two IPv4 addresses and one IPv6
    assertThat(a.get("total_ips").bigIntegerValue())
        .isEqualTo(java.math.BigInteger.TWO.pow(64).subtract(java.math.BigInteger.TWO).add(java.math.BigInteger.valueOf(253)));
    assertThat(a.get("subnet_ip_availability")).hasSize(2);
    for (JsonNode s : a.get("subnet_ip_availability")) {
      if (s.get("subnet_id").asText().equals(v4)) {
        assertThat(s.get("subnet_name").asText()).isEqualTo("s4");
        assertThat(s.get("cidr").asText()).isEqualTo("10.9.0.0/24");
        assertThat(s.get("ip_version").asInt()).isEqualTo(4);
        assertThat(s.get("total_ips").asLong()).isEqualTo(253);
        assertThat(s.get("used_ips").asLong()).isEqualTo(2);
      } else {
        assertThat(s.get("subnet_id").asText()).isEqualTo(v6);
        assertThat(s.get("used_ips").asLong()).isEqualTo(1);
      }
    }

    var bare = api.call("GET", "/v2.0/network-ip-availabilities/" + empty, null, admin).body()
        .get("network_ip_availability");
    assertThat(bare.get("total_ips").asLong()).isZero();
    assertThat(bare.get("used_ips").asLong()).isZero();
    assertThat(bare.get("subnet_ip_availability")).isEmpty();

    var list = api.call("GET", "/v2.0/network-ip-availabilities", null, admin).raw();
    assertThat(list).contains(net, empty);
    var v6only = api.call("GET", "/v2.0/network-ip-availabilities?ip_version=6", null, admin).body()
        .get("network_ip_availabilities");
    assertThat(v6only.toString()).contains(net).doesNotContain(empty);
    for (JsonNode n : v6only) {
      for (JsonNode s : n.get("subnet_ip_availability")) {
        assertThat(s.get("ip_version").asInt()).isEqualTo(6);
      }
    }
    var byName = api.call("GET", "/v2.0/network-ip-availabilities?network_name=bare&fields=network_id",
        null, admin).body().get("network_ip_availabilities");
    assertThat(byName).hasSize(1);
    assertThat(byName.get(0).size()).isEqualTo(1);
    assertThat(byName.get(0).get("network_id").asText()).isEqualTo(empty);
    var byId = api.call("GET", "/v2.0/network-ip-availabilities?network_id=" + net, null, admin).body()
        .get("network_ip_availabilities");
    assertThat(byId).hasSize(1);
  }

  @Test
  void onlyAdminsSeeAvailability() throws Exception {
    String net = create("/v2.0/networks", "network", "\"name\": \"mine\"", demo);
    var list = api.call("GET", "/v2.0/network-ip-availabilities", null, demo);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("network_ip_availabilities")).isEmpty();
    var show = api.call("GET", "/v2.0/network-ip-availabilities/" + net, null, demo);
    assertThat(show.status()).isEqualTo(404);
    assertThat(show.body().at("/NeutronError/type").asText()).isEqualTo("HTTPNotFound");
    var missing = api.call("GET", "/v2.0/network-ip-availabilities/nope", null, admin);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().at("/NeutronError/type").asText()).isEqualTo("NetworkNotFound");
    assertThat(api.call("GET", "/v2.0/network-ip-availabilities", null, null).status()).isEqualTo(401);
  }
}
