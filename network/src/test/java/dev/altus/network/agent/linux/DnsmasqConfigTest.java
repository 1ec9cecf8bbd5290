package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ResourceChange;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What dnsmasq is told, as Neutron's DHCP agent tells it. */
class DnsmasqConfigTest {
  private final ResourceView view = new ResourceView();

  private ObjectNode put(String kind, String json) {
    ObjectNode d = (ObjectNode) Json.parse(json);
    view.apply(new ResourceChange(kind, "created", d.get("id").asText(), d));
    return d;
  }

  private DnsmasqConfig config() {
    return new DnsmasqConfig(view, view.network("n1").orElseThrow(), view.dhcpPort("n1").orElseThrow(),
        view.dhcpSubnetsOf("n1"));
  }

  private void network() {
    put("network", "{\"id\": \"n1\", \"mtu\": 1450}");
    put("subnet", "{\"id\": \"s1\", \"network_id\": \"n1\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/24\","
        + " \"gateway_ip\": \"10.0.0.1\", \"enable_dhcp\": true, \"dns_nameservers\": [\"192.0.2.53\", \"192.0.2.54\"],"
        + " \"host_routes\": [{\"destination\": \"198.51.100.0/24\", \"nexthop\": \"10.0.0.254\"}]}");
    put("port", "{\"id\": \"dhcp1\", \"network_id\": \"n1\", \"device_owner\": \"network:dhcp\","
        + " \"mac_address\": \"fa:16:3e:00:00:02\", \"fixed_ips\": [{\"subnet_id\": \"s1\", \"ip_address\": \"10.0.0.2\"}]}");
    put("port", "{\"id\": \"p1\", \"network_id\": \"n1\", \"device_owner\": \"compute:nova\","
        + " \"mac_address\": \"fa:16:3e:00:00:05\", \"fixed_ips\": [{\"subnet_id\": \"s1\", \"ip_address\": \"10.0.0.5\"}],"
        + " \"extra_dhcp_opts\": [{\"opt_name\": \"domain-name\", \"opt_value\": \"example.org\", \"ip_version\": 4},"
        + " {\"opt_name\": \"42\", \"opt_value\": \"10.0.0.9\", \"ip_version\": 4},"
        + " {\"opt_name\": \"domain-search\", \"opt_value\": \"v6.example\", \"ip_version\": 6}]}");
  }

  @Test
  void isolatedSubnetGetsEverythingAndTheMetadataRouteThroughTheDhcpPort() {
    network();
    DnsmasqConfig c = config();
    assertThat(c.hosts()).isEqualTo("fa:16:3e:00:00:05,host-10-0-0-5,10.0.0.5,set:port-p1\n");
    assertThat(c.options().lines()).containsExactly(
        "tag:subnet-s1,option:dns-server,192.0.2.53,192.0.2.54",
        "tag:subnet-s1,option:classless-static-route,169.254.169.254/32,10.0.0.2,198.51.100.0/24,10.0.0.254,0.0.0.0/0,10.0.0.1",
        "tag:subnet-s1,249,169.254.169.254/32,10.0.0.2,198.51.100.0/24,10.0.0.254,0.0.0.0/0,10.0.0.1",
        "tag:subnet-s1,option:router,10.0.0.1",
        "tag:subnet-s1,option:mtu,1450",
        "tag:port-p1,option:domain-name,example.org",
        "tag:port-p1,42,10.0.0.9");
    assertThat(c.dhcpAddresses()).containsExactly("10.0.0.2/24");
    assertThat(c.anyIsolated()).isTrue();
    List<String> argv = c.argv(Path.of("/d"), "ns-dhcp1", 600);
    assertThat(argv).contains("--no-hosts", "--no-resolv", "--bind-interfaces", "--interface=ns-dhcp1",
        "--dhcp-hostsfile=/d/host", "--dhcp-optsfile=/d/opts", "--dhcp-leasefile=/d/leases",
        "--pid-file=/d/pid", "--dhcp-range=set:subnet-s1,10.0.0.0,static,255.255.255.0,600s",
        "--dhcp-lease-max=256");
  }

  @Test
  void aRouterOnTheSubnetTakesTheMetadataRouteAwayAndNoGatewayMeansNoDefaultRoute() {
    network();
    put("port", "{\"id\": \"r1\", \"network_id\": \"n1\", \"device_owner\": \"network:router_interface\","
        + " \"device_id\": \"router1\", \"mac_address\": \"fa:16:3e:00:00:01\","
        + " \"fixed_ips\": [{\"subnet_id\": \"s1\", \"ip_address\": \"10.0.0.1\"}]}");
    assertThat(config().anyIsolated()).isFalse();
    assertThat(config().options()).doesNotContain("169.254.169.254")
        .contains("option:classless-static-route,198.51.100.0/24,10.0.0.254,0.0.0.0/0,10.0.0.1");
    assertThat(config().hosts()).contains("fa:16:3e:00:00:01,host-10-0-0-1,10.0.0.1\n");

    put("subnet", "{\"id\": \"s1\", \"network_id\": \"n1\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/24\","
        + " \"gateway_ip\": null, \"enable_dhcp\": true}");
    assertThat(config().options()).contains("tag:subnet-s1,option:router\n")
        .doesNotContain("0.0.0.0/0").doesNotContain("dns-server");
  }

  @Test
  void masksFromPrefixLengths() {
    assertThat(DnsmasqConfig.mask(24)).isEqualTo("255.255.255.0");
    assertThat(DnsmasqConfig.mask(0)).isEqualTo("0.0.0.0");
    assertThat(DnsmasqConfig.mask(30)).isEqualTo("255.255.255.252");
    assertThat(DnsmasqConfig.mask(32)).isEqualTo("255.255.255.255");
  }
}
