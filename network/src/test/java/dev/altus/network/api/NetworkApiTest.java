package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Networking API through real HTTP: IPAM under concurrency, security group defaults, bad input. */
class NetworkApiTest {
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

  private static String network(String token) throws Exception {
    var r = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"n\"}}", token);
    assertThat(r.status()).isEqualTo(201);
    return r.body().at("/network/id").asText();
  }

  private static NetworkApiHarness.Response subnet(String token, String net, String extra) throws Exception {
    return api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net + "\","
        + " \"ip_version\": 4, \"cidr\": \"10.20.0.0/24\"" + extra + "}}", token);
  }

  @Test
  void hundredParallelPortsGetDistinctAddressesThenTheNextIsRefused() throws Exception {
    String net = network(admin);
    var s = subnet(admin, net, ", \"enable_dhcp\": false, \"allocation_pools\":"
        + " [{\"start\": \"10.20.0.10\", \"end\": \"10.20.0.109\"}]");
    assertThat(s.status()).isEqualTo(201);
    ExecutorService pool = Executors.newFixedThreadPool(25);
    List<Future<NetworkApiHarness.Response>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Callable<NetworkApiHarness.Response> c = () -> api.call("POST", "/v2.0/ports",
          "{\"port\": {\"network_id\": \"" + net + "\"}}", admin);
      futures.add(pool.submit(c));
    }
    Set<String> ips = new HashSet<>();
    for (var f : futures) {
      var r = f.get();
      assertThat(r.status()).as(r.raw()).isEqualTo(201);
      String ip = r.body().at("/port/fixed_ips/0/ip_address").asText();
      int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
      assertThat(last).isBetween(10, 109);
      ips.add(ip);
      assertThat(r.body().at("/port/mac_address").asText()).startsWith("fa:16:3e:");
    }
    pool.shutdown();
    assertThat(ips).hasSize(100);
    var next = api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net + "\"}}", admin);
    assertThat(next.status()).isEqualTo(409);
    assertThat(next.body().at("/NeutronError/type").asText()).isEqualTo("IpAddressGenerationFailure");
    var del = api.call("DELETE", "/v2.0/networks/" + net, null, admin);
    assertThat(del.status()).isEqualTo(409);
    assertThat(del.body().at("/NeutronError/type").asText()).isEqualTo("NetworkInUse");
  }

  @Test
  void requestedAddressTakenIsAConflict() throws Exception {
    String net = network(demo);
    assertThat(subnet(demo, net, "").status()).isEqualTo(201);
    String body = "{\"port\": {\"network_id\": \"" + net + "\", \"fixed_ips\": [{\"ip_address\": \"10.20.0.50\"}]}}";
    assertThat(api.call("POST", "/v2.0/ports", body, demo).status()).isEqualTo(201);
    var again = api.call("POST", "/v2.0/ports", body, demo);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().at("/NeutronError/type").asText()).isEqualTo("IpAddressAlreadyAllocated");
    // the DHCP port took the pool's first address (the gateway has the one before it), out of
    // the way of addresses users pick further up
    var ports = api.call("GET", "/v2.0/ports?network_id=" + net + "&device_owner=network:dhcp", null, demo);
    assertThat(ports.body().get("ports")).hasSize(1);
    assertThat(ports.body().at("/ports/0/fixed_ips/0/ip_address").asText()).isEqualTo("10.20.0.2");
  }

  @Test
  void defaultSecurityGroupIsMadeOnFirstUseWithNeutronsRules() throws Exception {
    var r = api.call("GET", "/v2.0/security-groups?name=default", null, demo);
    assertThat(r.status()).isEqualTo(200);
    JsonNode groups = r.body().get("security_groups");
    assertThat(groups).hasSize(1);
    JsonNode rules = groups.get(0).get("security_group_rules");
    assertThat(rules).hasSize(4);
    int ingressFromSelf = 0;
    for (JsonNode rule : rules) {
      if (rule.get("direction").asText().equals("ingress")) {
        assertThat(rule.get("remote_group_id").asText()).isEqualTo(groups.get(0).get("id").asText());
        ingressFromSelf++;
      }
    }
    assertThat(ingressFromSelf).isEqualTo(2);
    var again = api.call("GET", "/v2.0/security-groups", null, demo);
    assertThat(again.body().get("security_groups")).hasSize(1);
    var del = api.call("DELETE", "/v2.0/security-groups/" + groups.get(0).get("id").asText(), null, demo);
    assertThat(del.status()).isEqualTo(409);
    String sg = groups.get(0).get("id").asText();
    var icmp = api.call("POST", "/v2.0/security-group-rules", "{\"security_group_rule\": {"
        + "\"security_group_id\": \"" + sg + "\", \"direction\": \"ingress\", \"protocol\": \"icmp\","
        + " \"port_range_min\": 22, \"port_range_max\": 1000}}", demo);
    assertThat(icmp.status()).isEqualTo(400);
    var tcp = "{\"security_group_rule\": {\"security_group_id\": \"" + sg + "\", \"direction\":"
        + " \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 22, \"port_range_max\": 22,"
        + " \"remote_ip_prefix\": \"10.0.0.0/8\"}}";
    assertThat(api.call("POST", "/v2.0/security-group-rules", tcp, demo).status()).isEqualTo(201);
    assertThat(api.call("POST", "/v2.0/security-group-rules", tcp, demo).status()).isEqualTo(409);
  }

  @Test
  void badInputGetsNeutron4xx() throws Exception {
    String net = network(demo);
    assertThat(subnet(demo, net, "").status()).isEqualTo(201);
    var overlap = api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net
        + "\", \"ip_version\": 4, \"cidr\": \"10.20.0.128/25\"}}", demo);
    assertThat(overlap.status()).isEqualTo(400);
    String other = network(demo);
    var outside = subnet(demo, other, ", \"allocation_pools\": [{\"start\": \"10.30.0.2\", \"end\": \"10.30.0.9\"}]");
    assertThat(outside.status()).isEqualTo(400);
    var gwInPool = subnet(demo, other, ", \"gateway_ip\": \"10.20.0.5\", \"allocation_pools\":"
        + " [{\"start\": \"10.20.0.2\", \"end\": \"10.20.0.9\"}]");
    assertThat(gwInPool.status()).isEqualTo(409);
    var badMac = api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net
        + "\", \"mac_address\": \"zz:16:3e:00:00:01\"}}", demo);
    assertThat(badMac.status()).isEqualTo(400);
    var badIp = api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net
        + "\", \"fixed_ips\": [{\"ip_address\": \"10.20.0.300\"}]}}", demo);
    assertThat(badIp.status()).isEqualTo(400);
    var badCidr = subnet(demo, other, "".replace("", "")).status();
    assertThat(badCidr).isEqualTo(201);
    var hostBits = api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + other
        + "\", \"ip_version\": 4, \"cidr\": \"10.40.0.1/24\"}}", demo);
    assertThat(hostBits.status()).isEqualTo(400);
    var missing = api.call("GET", "/v2.0/networks/nope", null, demo);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().at("/NeutronError/type").asText()).isEqualTo("NetworkNotFound");
    assertThat(api.call("POST", "/v2.0/networks", "{\"network\": [1]}", demo).status()).isEqualTo(400);
    assertThat(api.call("POST", "/v2.0/networks", "not json", demo).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.0/networks", null, null).status()).isEqualTo(401);
  }

  @Test
  void projectsDoNotSeeEachOthersNetworksButSeeSharedOnes() throws Exception {
    String mine = network(admin);
    assertThat(api.call("GET", "/v2.0/networks/" + mine, null, demo).status()).isEqualTo(404);
    var shared = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"pub\", \"shared\": true}}", admin);
    String sharedId = shared.body().at("/network/id").asText();
    var seen = api.call("GET", "/v2.0/networks/" + sharedId, null, demo);
    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.body().get("network").has("provider:network_type")).isFalse();
    assertThat(api.call("POST", "/v2.0/networks", "{\"network\": {\"shared\": true}}", demo).status())
        .isEqualTo(403);
  }
}
