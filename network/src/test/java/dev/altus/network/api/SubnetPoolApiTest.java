package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.network.ipam.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subnet pools through real HTTP: attributes, rules, allocation of blocks, concurrency. */
class SubnetPoolApiTest {
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

  private static NetworkApiHarness.Response pool(String body, String token) throws Exception {
    return api.call("POST", "/v2.0/subnetpools", "{\"subnetpool\": {" + body + "}}", token);
  }

  private static String poolId(String body, String token) throws Exception {
    var r = pool(body, token);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().at("/subnetpool/id").asText();
  }

  private static String network(String token) throws Exception {
    var r = api.call("POST", "/v2.0/networks", "{\"network\": {}}", token);
    assertThat(r.status()).isEqualTo(201);
    return r.body().at("/network/id").asText();
  }

  private static NetworkApiHarness.Response subnet(String net, String extra, String token) throws Exception {
    return api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net
        + "\", \"ip_version\": 4" + extra + "}}", token);
  }

  private static void assertError(NetworkApiHarness.Response r, int status, String type) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.body().at("/NeutronError/type").asText()).as(r.raw()).isEqualTo(type);
  }

  @Test
  void createShowsNeutronsAttributesWithDefaultsAndCompactedPrefixes() throws Exception {
    var r = pool("\"name\": \"p1\", \"prefixes\": [\"10.1.1.0/24\", \"10.1.0.0/24\", \"1.0.0.0/16\"]", demo);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    JsonNode p = r.body().get("subnetpool");
    assertThat(p.get("name").asText()).isEqualTo("p1");
    assertThat(p.get("prefixes").toString()).isEqualTo("[\"1.0.0.0/16\",\"10.1.0.0/23\"]");
    assertThat(p.get("ip_version").asInt()).isEqualTo(4);
    assertThat(p.get("min_prefixlen").asInt()).isEqualTo(8);
    assertThat(p.get("max_prefixlen").asInt()).isEqualTo(32);
    assertThat(p.get("default_prefixlen").asInt()).isEqualTo(8);
    assertThat(p.get("default_quota").isNull()).isTrue();
    assertThat(p.get("address_scope_id").isNull()).isTrue();
    assertThat(p.get("shared").asBoolean()).isFalse();
    assertThat(p.get("is_default").asBoolean()).isFalse();
    assertThat(p.get("project_id").asText()).isEqualTo(p.get("tenant_id").asText()).isNotEmpty();
    assertThat(p.get("tags").isArray()).isTrue();
    assertThat(p.get("revision_number").asInt()).isZero();
    String id = p.get("id").asText();

    var v6 = pool("\"name\": \"p6\", \"prefixes\": [\"2001:db8::/48\"]", demo);
    assertThat(v6.body().at("/subnetpool/min_prefixlen").asInt()).isEqualTo(64);
    assertThat(v6.body().at("/subnetpool/max_prefixlen").asInt()).isEqualTo(128);
    assertThat(v6.body().at("/subnetpool/ip_version").asInt()).isEqualTo(6);

    var shown = api.call("GET", "/v2.0/subnetpools/" + id, null, demo);
    assertThat(shown.body().at("/subnetpool/prefixes/1").asText()).isEqualTo("10.1.0.0/23");
    var listed = api.call("GET", "/v2.0/subnetpools?name=p1&fields=id&fields=name", null, demo);
    assertThat(listed.body().get("subnetpools")).hasSize(1);
    assertThat(listed.body().at("/subnetpools/0").size()).isEqualTo(2);
    assertThat(api.call("GET", "/v2.0/subnetpools/" + id, null, admin).status()).isEqualTo(200);
  }

  @Test
  void badInputIsRefusedWithNeutronErrors() throws Exception {
    assertError(pool("\"name\": \"x\", \"prefixes\": []", demo), 400, "HTTPBadRequest");
    assertError(pool("\"name\": \"x\"", demo), 400, "HTTPBadRequest");
    assertError(pool("\"prefixes\": [\"10.0.0.0/8\"]", demo), 400, "HTTPBadRequest");
    assertError(pool("\"name\": \"\", \"prefixes\": [\"10.0.0.0/8\"]", demo), 400, "InvalidInput");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\", \"2001:db8::/32\"]", demo),
        400, "HTTPBadRequest");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.1/8\"]", demo), 400, "InvalidInput");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"nonsense\"]", demo), 400, "InvalidInput");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/33\"]", demo), 400, "InvalidInput");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\", \"10.0.0.0/8\"]", demo), 400, "InvalidInput");
    assertError(pool("\"name\": \"x\", \"prefixes\": \"10.0.0.0/8\"", demo), 400, "InvalidInput");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"min_prefixlen\": 24,"
        + " \"max_prefixlen\": 16", demo), 400, "IllegalSubnetPoolPrefixBounds");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"max_prefixlen\": 33", demo),
        400, "IllegalSubnetPoolPrefixBounds");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"default_prefixlen\": 4", demo),
        400, "IllegalSubnetPoolPrefixBounds");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"min_prefixlen\": \"abc\"", demo),
        400, "InvalidInput");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"default_quota\": -1", demo),
        400, "InvalidInput");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"colour\": 1", demo),
        400, "HTTPBadRequest");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"address_scope_id\": \"nope\"", demo),
        404, "AddressScopeNotFound");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"shared\": true", demo),
        403, "PolicyNotAuthorized");
    assertError(pool("\"name\": \"x\", \"prefixes\": [\"10.0.0.0/8\"], \"is_default\": true", demo),
        403, "PolicyNotAuthorized");
    var raw = api.call("POST", "/v2.0/subnetpools", "{\"subnetpool\": [1]}", demo);
    assertThat(raw.status()).isEqualTo(400);
    assertError(api.call("GET", "/v2.0/subnetpools/nope", null, demo), 404, "SubnetPoolNotFound");
  }

  @Test
  void updateKeepsOldPrefixesAndBoundsConsistent() throws Exception {
    String id = poolId("\"name\": \"u\", \"prefixes\": [\"10.2.0.0/24\"], \"min_prefixlen\": 24", demo);
    var r = api.call("PUT", "/v2.0/subnetpools/" + id, "{\"subnetpool\": {\"name\": \"u2\","
        + " \"prefixes\": [\"10.2.0.0/24\", \"10.2.1.0/24\"], \"default_prefixlen\": 26,"
        + " \"max_prefixlen\": 28, \"default_quota\": 64}}", demo);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().at("/subnetpool/name").asText()).isEqualTo("u2");
    assertThat(r.body().at("/subnetpool/prefixes").toString()).isEqualTo("[\"10.2.0.0/23\"]");
    assertThat(r.body().at("/subnetpool/default_prefixlen").asInt()).isEqualTo(26);
    assertThat(r.body().at("/subnetpool/default_quota").asInt()).isEqualTo(64);
    assertThat(r.body().at("/subnetpool/revision_number").asInt()).isEqualTo(1);
    assertError(api.call("PUT", "/v2.0/subnetpools/" + id,
        "{\"subnetpool\": {\"prefixes\": [\"10.2.0.0/24\"]}}", demo), 400, "IllegalSubnetPoolPrefixUpdate");
    assertError(api.call("PUT", "/v2.0/subnetpools/" + id,
        "{\"subnetpool\": {\"min_prefixlen\": 30}}", demo), 400, "IllegalSubnetPoolPrefixBounds");
    assertError(api.call("PUT", "/v2.0/subnetpools/" + id,
        "{\"subnetpool\": {\"shared\": true}}", admin), 400, "HTTPBadRequest");
    assertError(api.call("PUT", "/v2.0/subnetpools/" + id,
        "{\"subnetpool\": {\"is_default\": true}}", demo), 403, "PolicyNotAuthorized");
    assertThat(api.call("GET", "/v2.0/subnetpools/" + id, null, demo)
        .body().at("/subnetpool/min_prefixlen").asInt()).isEqualTo(24);
  }

  @Test
  void onlyTheOwnerAdminsOrEveryoneForSharedPoolsSeeAPool() throws Exception {
    String mine = poolId("\"name\": \"private\", \"prefixes\": [\"172.16.0.0/16\"]", admin);
    String shared = poolId("\"name\": \"shared\", \"prefixes\": [\"172.17.0.0/16\"], \"shared\": true", admin);
    assertError(api.call("GET", "/v2.0/subnetpools/" + mine, null, demo), 404, "SubnetPoolNotFound");
    assertThat(api.call("GET", "/v2.0/subnetpools/" + shared, null, demo).status()).isEqualTo(200);
    String ids = api.call("GET", "/v2.0/subnetpools", null, demo).raw();
    assertThat(ids).contains(shared).doesNotContain(mine);
    assertError(api.call("DELETE", "/v2.0/subnetpools/" + shared, null, demo), 403, "PolicyNotAuthorized");
    // a subnet can be cut from the shared pool, not from the private one
    String net = network(demo);
    assertError(subnet(net, ", \"subnetpool_id\": \"" + mine + "\"", demo), 404, "SubnetPoolNotFound");
    var s = subnet(net, ", \"subnetpool_id\": \"" + shared + "\", \"prefixlen\": 24", demo);
    assertThat(s.status()).as(s.raw()).isEqualTo(201);
    assertThat(s.body().at("/subnet/cidr").asText()).isEqualTo("172.17.0.0/24");
  }

  @Test
  void subnetsGetNonOverlappingBlocksFromThePool() throws Exception {
    String pool = poolId("\"name\": \"alloc\", \"prefixes\": [\"10.50.0.0/22\"],"
        + " \"default_prefixlen\": 24, \"max_prefixlen\": 28", demo);
    String net1 = network(demo);
    var a = subnet(net1, ", \"subnetpool_id\": \"" + pool + "\"", demo);
    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    JsonNode sa = a.body().get("subnet");
    assertThat(sa.get("cidr").asText()).isEqualTo("10.50.0.0/24");
    assertThat(sa.get("subnetpool_id").asText()).isEqualTo(pool);
    assertThat(sa.get("gateway_ip").asText()).isEqualTo("10.50.0.1");
    assertThat(sa.at("/allocation_pools/0/start").asText()).isEqualTo("10.50.0.2");
    String net2 = network(demo);
    var b = subnet(net2, ", \"subnetpool_id\": \"" + pool + "\", \"prefixlen\": 26", demo);
    assertThat(b.body().at("/subnet/cidr").asText()).isEqualTo("10.50.1.0/26");
    // a second subnet of the same pool on one network is fine and takes the next block
    var c = subnet(net2, ", \"subnetpool_id\": \"" + pool + "\", \"prefixlen\": 26", demo);
    assertThat(c.body().at("/subnet/cidr").asText()).as(c.raw()).isEqualTo("10.50.1.64/26");
    // a specific block: inside the free space only
    String net3 = network(demo);
    var d = subnet(net3, ", \"subnetpool_id\": \"" + pool + "\", \"cidr\": \"10.50.2.0/25\","
        + " \"allocation_pools\": [{\"start\": \"10.50.2.10\", \"end\": \"10.50.2.20\"}]", demo);
    assertThat(d.status()).as(d.raw()).isEqualTo(201);
    assertThat(d.body().at("/subnet/allocation_pools/0/start").asText()).isEqualTo("10.50.2.10");
    String net4 = network(demo);
    assertError(subnet(net4, ", \"subnetpool_id\": \"" + pool + "\", \"cidr\": \"10.50.0.128/25\"", demo),
        409, "SubnetAllocationError");
    assertError(subnet(net4, ", \"subnetpool_id\": \"" + pool + "\", \"cidr\": \"10.60.0.0/24\"", demo),
        409, "SubnetAllocationError");
    assertError(subnet(net4, ", \"subnetpool_id\": \"" + pool + "\", \"prefixlen\": 29", demo),
        400, "MaxPrefixSubnetAllocationError");
    assertError(subnet(net4, ", \"subnetpool_id\": \"" + pool + "\", \"prefixlen\": 4", demo),
        400, "MinPrefixSubnetAllocationError");
    assertError(subnet(net4, ", \"subnetpool_id\": \"" + pool + "\", \"prefixlen\": 24,"
        + " \"cidr\": \"10.50.3.0/24\"", demo), 400, "HTTPBadRequest");
    assertError(subnet(net4, ", \"subnetpool_id\": \"" + pool + "\", \"allocation_pools\":"
        + " [{\"start\": \"10.50.3.10\", \"end\": \"10.50.3.20\"}]", demo), 400, "HTTPBadRequest");
    assertError(api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net4
        + "\", \"ip_version\": 6, \"subnetpool_id\": \"" + pool + "\"}}", demo), 400, "HTTPBadRequest");
    assertError(subnet(net4, ", \"subnetpool_id\": \"" + pool + "\", \"prefixlen\": \"x\"", demo),
        400, "InvalidInput");
    // the last /24 is free: take it, then the pool is full
    var e = subnet(net4, ", \"subnetpool_id\": \"" + pool + "\"", demo);
    assertThat(e.body().at("/subnet/cidr").asText()).as(e.raw()).isEqualTo("10.50.3.0/24");
    assertError(subnet(network(demo), ", \"subnetpool_id\": \"" + pool + "\"", demo), 409, "SubnetAllocationError");
    // all subnets of one IP version on a network come from the same pool (or none)
    assertError(subnet(net1, ", \"cidr\": \"192.168.7.0/24\"", demo), 400, "NetworkSubnetPoolAffinityError");
    // the subnet pool cannot go while subnets hold blocks; a deleted subnet gives its block back
    assertError(api.call("DELETE", "/v2.0/subnetpools/" + pool, null, demo), 400, "HTTPBadRequest");
    assertThat(api.call("DELETE", "/v2.0/subnets/" + sa.get("id").asText(), null, demo).status()).isEqualTo(204);
    var again = subnet(network(demo), ", \"subnetpool_id\": \"" + pool + "\"", demo);
    assertThat(again.body().at("/subnet/cidr").asText()).as(again.raw()).isEqualTo("10.50.0.0/24");
    for (String n : List.of(net1, net2, net3, net4, again.body().at("/subnet/network_id").asText())) {
      assertThat(api.call("DELETE", "/v2.0/networks/" + n, null, demo).status()).isEqualTo(204);
    }
    assertThat(api.call("DELETE", "/v2.0/subnetpools/" + pool, null, demo).status()).isEqualTo(204);
    assertError(api.call("GET", "/v2.0/subnetpools/" + pool, null, demo), 404, "SubnetPoolNotFound");
  }

  @Test
  void concurrentSubnetsNeverShareABlock() throws Exception {
    String pool = poolId("\"name\": \"race\", \"prefixes\": [\"10.70.0.0/24\"],"
        + " \"default_prefixlen\": 28", demo);
    List<String> nets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      nets.add(network(demo));
    }
    ExecutorService exec = Executors.newFixedThreadPool(10);
    List<Future<NetworkApiHarness.Response>> futures = new ArrayList<>();
    for (String n : nets) {
      futures.add(exec.submit(() -> subnet(n, ", \"subnetpool_id\": \"" + pool + "\","
          + " \"enable_dhcp\": false", demo)));
    }
    List<Cidr> got = new ArrayList<>();
    int refused = 0;
    for (var f : futures) {
      var r = f.get();
      if (r.status() == 201) {
        got.add(Cidr.parse(r.body().at("/subnet/cidr").asText(), false));
      } else {
        assertError(r, 409, "SubnetAllocationError");
        refused++;
      }
    }
    exec.shutdown();
    assertThat(got).hasSize(16);
    assertThat(refused).isEqualTo(4);
    for (int i = 0; i < got.size(); i++) {
      for (int j = i + 1; j < got.size(); j++) {
        assertThat(got.get(i).overlaps(got.get(j))).as(got.get(i) + " / " + got.get(j)).isFalse();
      }
    }
  }

  @Test
  void quotaCountsAddressesPerProject() throws Exception {
    String pool = poolId("\"name\": \"q\", \"prefixes\": [\"10.80.0.0/16\"],"
        + " \"default_prefixlen\": 26, \"default_quota\": 100, \"shared\": true", admin);
    var first = subnet(network(demo), ", \"subnetpool_id\": \"" + pool + "\"", demo);
    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    assertError(subnet(network(demo), ", \"subnetpool_id\": \"" + pool + "\"", demo),
        409, "SubnetPoolQuotaExceeded");
    // 64 + 32 addresses still fit in 100
    assertThat(subnet(network(demo), ", \"subnetpool_id\": \"" + pool + "\", \"prefixlen\": 27", demo)
        .status()).isEqualTo(201);
    // another project has its own quota
    var adminNet = api.call("POST", "/v2.0/networks", "{\"network\": {}}", admin).body().at("/network/id").asText();
    assertThat(subnet(adminNet, ", \"subnetpool_id\": \"" + pool + "\"", admin).status()).isEqualTo(201);
  }

  @Test
  void oneDefaultPoolPerIpVersionServesUseDefaultSubnetpool() throws Exception {
    String net = network(demo);
    assertError(subnet(net, ", \"use_default_subnetpool\": true", demo), 400, "HTTPBadRequest");
    String dflt = poolId("\"name\": \"default4\", \"prefixes\": [\"10.90.0.0/16\"],"
        + " \"default_prefixlen\": 24, \"is_default\": true, \"shared\": true", admin);
    assertError(pool("\"name\": \"another\", \"prefixes\": [\"10.91.0.0/16\"], \"is_default\": true", admin),
        400, "InvalidInput");
    assertThat(poolId("\"name\": \"default6\", \"prefixes\": [\"2001:db8:9::/48\"], \"is_default\": true",
        admin)).isNotEmpty();
    var s = subnet(net, ", \"use_default_subnetpool\": true", demo);
    assertThat(s.status()).as(s.raw()).isEqualTo(201);
    assertThat(s.body().at("/subnet/subnetpool_id").asText()).isEqualTo(dflt);
    assertThat(s.body().at("/subnet/cidr").asText()).isEqualTo("10.90.0.0/24");
    assertError(subnet(network(demo), ", \"use_default_subnetpool\": true, \"subnetpool_id\": \"" + dflt + "\"",
        demo), 400, "HTTPBadRequest");
    assertThat(api.call("PUT", "/v2.0/subnetpools/" + dflt, "{\"subnetpool\": {\"is_default\": false}}", admin)
        .status()).isEqualTo(200);
    assertThat(pool("\"name\": \"next\", \"prefixes\": [\"10.92.0.0/16\"], \"is_default\": true", admin)
        .status()).isEqualTo(201);
  }

  @Test
  void subnetPoolsCountAgainstTheProjectsQuota() throws Exception {
    String demoProject = api.call("POST", "/v2.0/subnetpools", "{\"subnetpool\": {\"name\": \"qp\","
        + " \"prefixes\": [\"10.110.0.0/16\"]}}", demo).body().at("/subnetpool/project_id").asText();
    int owned = api.call("GET", "/v2.0/subnetpools?project_id=" + demoProject, null, demo).body()
        .get("subnetpools").size();
    var limits = api.call("GET", "/v2.0/quotas/" + demoProject + "/default", null, admin);
    assertThat(limits.body().at("/quota/subnetpool").asInt()).isEqualTo(-1);
    assertThat(api.call("PUT", "/v2.0/quotas/" + demoProject, "{\"quota\": {\"subnetpool\": " + owned + "}}",
        admin).status()).isEqualTo(200);
    assertError(pool("\"name\": \"over\", \"prefixes\": [\"10.111.0.0/16\"]", demo), 409, "OverQuota");
    assertThat(api.call("GET", "/v2.0/quotas/" + demoProject + "/details", null, admin).body()
        .at("/quota/subnetpool/used").asInt()).isEqualTo(owned);
    assertThat(api.call("DELETE", "/v2.0/quotas/" + demoProject, null, admin).status()).isEqualTo(204);
    assertThat(pool("\"name\": \"fits\", \"prefixes\": [\"10.111.0.0/16\"]", demo).status()).isEqualTo(201);
  }

  @Test
  void subnetPoolsCarryTags() throws Exception {
    String id = poolId("\"name\": \"tagged\", \"prefixes\": [\"10.100.0.0/16\"]", demo);
    assertThat(api.call("PUT", "/v2.0/subnetpools/" + id + "/tags/red", null, demo).status()).isEqualTo(201);
    var all = api.call("PUT", "/v2.0/subnetpools/" + id + "/tags", "{\"tags\": [\"a\", \"b\"]}", demo);
    assertThat(all.body().get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(api.call("GET", "/v2.0/subnetpools/" + id + "/tags/a", null, demo).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v2.0/subnetpools?tags=a,b", null, demo).raw()).contains(id);
    assertThat(api.call("DELETE", "/v2.0/subnetpools/" + id + "/tags", null, demo).status()).isEqualTo(204);
    assertError(api.call("GET", "/v2.0/subnetpools/" + id + "/tags/a", null, demo), 404, "TagNotFound");
  }
}
