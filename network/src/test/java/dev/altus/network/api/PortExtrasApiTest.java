package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Extra DHCP options, IP substring filters, service providers and the .json suffix. */
class PortExtrasApiTest {
  static NetworkApiHarness api;
  static String demo;
  static String net;
  static String subnet;

  @BeforeAll
  static void start() throws Exception {
    api = new NetworkApiHarness();
    demo = api.demoToken();
    net = api.call("POST", "/v2.0/networks", "{\"network\": {}}", demo).body().at("/network/id").asText();
    subnet = api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net
        + "\", \"ip_version\": 4, \"cidr\": \"10.30.0.0/24\", \"enable_dhcp\": false}}", demo)
        .body().at("/subnet/id").asText();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String opts(JsonNode port) {
    StringBuilder b = new StringBuilder();
    port.get("extra_dhcp_opts").forEach(o -> b.append(o.get("ip_version").asInt()).append(':')
        .append(o.get("opt_name").asText()).append('=').append(o.get("opt_value").asText()).append(' '));
    return b.toString().trim();
  }

  @Test
  void extraDhcpOptionsAreKeptPerNameAndVersionAndMergedOnUpdate() throws Exception {
    var r = api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net + "\", \"extra_dhcp_opts\": ["
        + "{\"opt_name\": \"bootfile-name\", \"opt_value\": \"pxelinux.0\"},"
        + "{\"opt_name\": \"tftp-server\", \"opt_value\": \"123.123.123.123\"},"
        + "{\"opt_name\": \"tftp-server\", \"opt_value\": \"2015::dead\", \"ip_version\": 6},"
        + "{\"opt_name\": \"domain-search\", \"opt_value\": null}]}}", demo);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    String id = r.body().at("/port/id").asText();
    assertThat(opts(r.body().get("port")))
        .isEqualTo("4:bootfile-name=pxelinux.0 4:tftp-server=123.123.123.123 6:tftp-server=2015::dead");
    var u = api.call("PUT", "/v2.0/ports/" + id, "{\"port\": {\"extra_dhcp_opts\": ["
        + "{\"opt_name\": \"bootfile-name\", \"opt_value\": \"grub.efi\"},"
        + "{\"opt_name\": \"tftp-server\", \"opt_value\": null, \"ip_version\": 6},"
        + "{\"opt_name\": \"server-ip-address\", \"opt_value\": \"123.123.123.45\"}]}}", demo);
    assertThat(u.status()).as(u.raw()).isEqualTo(200);
    JsonNode shown = api.call("GET", "/v2.0/ports/" + id, null, demo).body().get("port");
    assertThat(opts(shown)).isEqualTo(
        "4:bootfile-name=grub.efi 4:tftp-server=123.123.123.123 4:server-ip-address=123.123.123.45");
    for (String bad : new String[] {"\"x\"", "[1]", "[{\"opt_name\": \"a\"}]",
        "[{\"opt_name\": \"\", \"opt_value\": \"v\"}]", "[{\"opt_name\": \"a\", \"opt_value\": \"v\", \"color\": 1}]",
        "[{\"opt_name\": \"a\", \"opt_value\": \"v\", \"ip_version\": 5}]"}) {
      var b = api.call("PUT", "/v2.0/ports/" + id, "{\"port\": {\"extra_dhcp_opts\": " + bad + "}}", demo);
      assertThat(b.status()).as(bad + " " + b.raw()).isEqualTo(400);
      assertThat(b.body().at("/NeutronError/type").asText()).isEqualTo("InvalidInput");
    }
    assertThat(opts(api.call("GET", "/v2.0/ports/" + id, null, demo).body().get("port")))
        .isEqualTo(opts(shown));
  }

  @Test
  void portsFilterByPartOfAnAddress() throws Exception {
    String a = api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net + "\", \"fixed_ips\":"
        + " [{\"subnet_id\": \"" + subnet + "\", \"ip_address\": \"10.30.0.17\"}]}}", demo).body().at("/port/id").asText();
    String b = api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net + "\", \"fixed_ips\":"
        + " [{\"subnet_id\": \"" + subnet + "\", \"ip_address\": \"10.30.0.28\"}]}}", demo).body().at("/port/id").asText();
    String one = api.call("GET", "/v2.0/ports?fixed_ips=ip_address_substr%3D0.17", null, demo).raw();
    assertThat(one).contains(a).doesNotContain(b);
    String both = api.call("GET", "/v2.0/ports?fixed_ips=ip_address_substr%3D10.30.0&fixed_ips=subnet_id%3D"
        + subnet, null, demo).raw();
    assertThat(both).contains(a, b);
    String either = api.call("GET", "/v2.0/ports?fixed_ips=ip_address%3D10.30.0.17&fixed_ips=ip_address%3D10.30.0.28",
        null, demo).raw();
    assertThat(either).contains(a, b);
  }

  @Test
  void serviceProvidersAndJsonSuffix() throws Exception {
    var p = api.call("GET", "/v2.0/service-providers", null, demo);
    assertThat(p.status()).isEqualTo(200);
    assertThat(p.body().at("/service_providers/0/service_type").asText()).isEqualTo("L3_ROUTER_NAT");
    assertThat(api.call("GET", "/v2.0/service-providers?service_type=LOADBALANCERV2", null, demo).body()
        .get("service_providers")).isEmpty();
    assertThat(api.call("GET", "/v2.0/networks/" + net + ".json", null, demo).body().at("/network/id").asText())
        .isEqualTo(net);
    assertThat(api.call("GET", "/v2.0/networks.json", null, demo).status()).isEqualTo(200);
  }
}
