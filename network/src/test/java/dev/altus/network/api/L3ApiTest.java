package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.network.agent.AgentReports;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.agent.ResourceChange;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routers, floating IPs, agents and tags through real HTTP. */
class L3ApiTest {
  static final ShiftedClock clock = new ShiftedClock();
  static NetworkApiHarness api;
  static String admin;
  static String demo;
  static String extNet;
  static int cidrs = 10;

  @BeforeAll
  static void start() throws Exception {
    api = new NetworkApiHarness(clock);
    admin = api.adminToken();
    demo = api.demoToken();
    var n = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"ext\", \"router:external\": true}}", admin);
    extNet = n.body().at("/network/id").asText();
    assertThat(api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + extNet
        + "\", \"ip_version\": 4, \"cidr\": \"203.0.113.0/24\", \"enable_dhcp\": false}}", admin).status())
        .isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String id(NetworkApiHarness.Response r, String key) {
    assertThat(r.status()).as(r.raw()).isBetween(200, 201);
    return r.body().at("/" + key + "/id").asText();
  }

  /** A demo network with a subnet; returns {network, subnet}. */
  private static String[] demoSubnet() throws Exception {
    String net = id(api.call("POST", "/v2.0/networks", "{\"network\": {}}", demo), "network");
    String cidr = "192.168." + (cidrs++) + ".0/24";
    String sub = id(api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net
        + "\", \"ip_version\": 4, \"cidr\": \"" + cidr + "\"}}", demo), "subnet");
    return new String[] {net, sub};
  }

  private static String router(String body) throws Exception {
    return id(api.call("POST", "/v2.0/routers", "{\"router\": {" + body + "}}", demo), "router");
  }

  private static NetworkApiHarness.Response iface(String op, String router, String body) throws Exception {
    return api.call("PUT", "/v2.0/routers/" + router + "/" + op + "_router_interface", body, demo);
  }

  @Test
  void interfacesTakeTheGatewayAddressOneRouterPerSubnetAndBlockDeletion() throws Exception {
    String[] ns = demoSubnet();
    String r1 = router("\"name\": \"r1\", \"external_gateway_info\": {\"network_id\": \"" + extNet + "\"}");
    var shown = api.call("GET", "/v2.0/routers/" + r1, null, demo);
    assertThat(shown.body().at("/router/external_gateway_info/network_id").asText()).isEqualTo(extNet);
    assertThat(shown.body().at("/router/external_gateway_info/enable_snat").asBoolean()).isTrue();
    assertThat(shown.body().at("/router/external_gateway_info/external_fixed_ips/0/ip_address").asText())
        .startsWith("203.0.113.");
    var gwPorts = api.call("GET", "/v2.0/ports?device_id=" + r1 + "&device_owner=network:router_gateway", null, admin);
    assertThat(gwPorts.body().get("ports")).hasSize(1);

    var added = iface("add", r1, "{\"subnet_id\": \"" + ns[1] + "\"}");
    assertThat(added.status()).as(added.raw()).isEqualTo(200);
    assertThat(added.body().get("subnet_id").asText()).isEqualTo(ns[1]);
    assertThat(added.body().get("id").asText()).isEqualTo(r1);
    String portId = added.body().get("port_id").asText();
    var port = api.call("GET", "/v2.0/ports/" + portId, null, demo);
    assertThat(port.body().at("/port/device_owner").asText()).isEqualTo("network:router_interface");
    assertThat(port.body().at("/port/fixed_ips/0/ip_address").asText()).endsWith(".1");

    assertThat(iface("add", r1, "{\"subnet_id\": \"" + ns[1] + "\"}").status()).isEqualTo(400);
    String r2 = router("\"name\": \"r2\"");
    assertThat(iface("add", r2, "{\"subnet_id\": \"" + ns[1] + "\"}").status()).isEqualTo(409);
    assertThat(iface("add", r2, "{}").status()).isEqualTo(400);
    assertThat(iface("add", r2, "{\"subnet_id\": \"" + ns[1] + "\", \"port_id\": \"" + portId + "\"}").status())
        .isEqualTo(400);
    assertThat(iface("add", r2, "{\"port_id\": \"" + portId + "\"}").status()).isEqualTo(409);

    var del = api.call("DELETE", "/v2.0/routers/" + r1, null, demo);
    assertThat(del.status()).isEqualTo(409);
    assertThat(del.body().at("/NeutronError/type").asText()).isEqualTo("RouterInUse");
    assertThat(api.call("DELETE", "/v2.0/ports/" + portId, null, demo).status()).isEqualTo(409);

    var routes = api.call("PUT", "/v2.0/routers/" + r1, "{\"router\": {\"routes\": [{\"destination\":"
        + " \"10.9.0.0/16\", \"nexthop\": \"10.77.0.5\"}]}}", demo);
    assertThat(routes.status()).isEqualTo(400);
    String hop = port.body().at("/port/fixed_ips/0/ip_address").asText().replaceAll("\\.1$", ".20");
    routes = api.call("PUT", "/v2.0/routers/" + r1, "{\"router\": {\"routes\": [{\"destination\":"
        + " \"10.9.0.0/16\", \"nexthop\": \"" + hop + "\"}]}}", demo);
    assertThat(routes.status()).as(routes.raw()).isEqualTo(200);
    assertThat(routes.body().at("/router/routes/0/nexthop").asText()).isEqualTo(hop);
    assertThat(iface("remove", r1, "{\"subnet_id\": \"" + ns[1] + "\"}").status()).isEqualTo(409);
    assertThat(api.call("PUT", "/v2.0/routers/" + r1, "{\"router\": {\"routes\": []}}", demo).status())
        .isEqualTo(200);

    var removed = iface("remove", r1, "{\"subnet_id\": \"" + ns[1] + "\"}");
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.body().get("port_id").asText()).isEqualTo(portId);
    assertThat(api.call("GET", "/v2.0/ports/" + portId, null, demo).status()).isEqualTo(404);
    var again = iface("remove", r1, "{\"subnet_id\": \"" + ns[1] + "\"}");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body().at("/NeutronError/type").asText()).isEqualTo("RouterInterfaceNotFoundForSubnet");
    assertThat(api.call("DELETE", "/v2.0/routers/" + r1, null, demo).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v2.0/ports?device_id=" + r1, null, admin).body().get("ports")).isEmpty();
  }

  @Test
  void gatewayMustBeExternalAndSnatIsAdminOnly() throws Exception {
    String[] ns = demoSubnet();
    var notExt = api.call("POST", "/v2.0/routers", "{\"router\": {\"external_gateway_info\":"
        + " {\"network_id\": \"" + ns[0] + "\"}}}", demo);
    assertThat(notExt.status()).isEqualTo(400);
    var snat = api.call("POST", "/v2.0/routers", "{\"router\": {\"external_gateway_info\":"
        + " {\"network_id\": \"" + extNet + "\", \"enable_snat\": false}}}", demo);
    assertThat(snat.status()).isEqualTo(403);
    var asAdmin = api.call("POST", "/v2.0/routers", "{\"router\": {\"external_gateway_info\":"
        + " {\"network_id\": \"" + extNet + "\", \"enable_snat\": false}}}", admin);
    assertThat(asAdmin.status()).isEqualTo(201);
    assertThat(asAdmin.body().at("/router/external_gateway_info/enable_snat").asBoolean()).isFalse();
    assertThat(api.call("POST", "/v2.0/routers", "{\"router\": {\"bogus\": 1}}", demo).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.0/routers/" + id(asAdmin, "router"), null, demo).status()).isEqualTo(404);
  }

  @Test
  void floatingIpAssociatesOnlyWhereARouterReachesThePort() throws Exception {
    String[] ns = demoSubnet();
    String port = id(api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + ns[0] + "\"}}", demo), "port");
    var fip = api.call("POST", "/v2.0/floatingips", "{\"floatingip\": {\"floating_network_id\": \"" + extNet + "\"}}", demo);
    String fipId = id(fip, "floatingip");
    assertThat(fip.body().at("/floatingip/floating_ip_address").asText()).startsWith("203.0.113.");
    assertThat(fip.body().at("/floatingip/port_id").isNull()).isTrue();

    var unreachable = api.call("PUT", "/v2.0/floatingips/" + fipId, "{\"floatingip\": {\"port_id\": \"" + port + "\"}}", demo);
    assertThat(unreachable.status()).isEqualTo(404);
    assertThat(unreachable.body().at("/NeutronError/type").asText()).isEqualTo("ExternalGatewayForFloatingIPNotFound");

    String r = router("\"external_gateway_info\": {\"network_id\": \"" + extNet + "\"}");
    assertThat(iface("add", r, "{\"subnet_id\": \"" + ns[1] + "\"}").status()).isEqualTo(200);
    var ok = api.call("PUT", "/v2.0/floatingips/" + fipId, "{\"floatingip\": {\"port_id\": \"" + port + "\"}}", demo);
    assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
    assertThat(ok.body().at("/floatingip/router_id").asText()).isEqualTo(r);
    assertThat(ok.body().at("/floatingip/fixed_ip_address").asText()).startsWith("192.168.");
    var byPort = api.call("GET", "/v2.0/floatingips?port_id=" + port, null, demo);
    assertThat(byPort.body().get("floatingips")).hasSize(1);

    assertThat(iface("remove", r, "{\"subnet_id\": \"" + ns[1] + "\"}").status()).isEqualTo(409);
    var clearGw = api.call("PUT", "/v2.0/routers/" + r, "{\"router\": {\"external_gateway_info\": {}}}", demo);
    assertThat(clearGw.status()).isEqualTo(409);

    var off = api.call("PUT", "/v2.0/floatingips/" + fipId, "{\"floatingip\": {\"port_id\": null}}", demo);
    assertThat(off.body().at("/floatingip/port_id").isNull()).isTrue();
    assertThat(off.body().at("/floatingip/router_id").isNull()).isTrue();
    assertThat(api.call("DELETE", "/v2.0/floatingips/" + fipId, null, demo).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v2.0/ports?device_id=" + fipId, null, admin).body().get("ports")).isEmpty();

    var internal = api.call("POST", "/v2.0/floatingips", "{\"floatingip\": {\"floating_network_id\": \"" + ns[0] + "\"}}", demo);
    assertThat(internal.status()).isEqualTo(400);
    var none = api.call("POST", "/v2.0/floatingips", "{\"floatingip\": {}}", demo);
    assertThat(none.status()).isEqualTo(400);
    var pickAddress = api.call("POST", "/v2.0/floatingips", "{\"floatingip\": {\"floating_network_id\": \""
        + extNet + "\", \"floating_ip_address\": \"203.0.113.77\"}}", demo);
    assertThat(pickAddress.status()).isEqualTo(403);
  }

  @Test
  void agentsAreAliveWhileTheyHeartbeatAndDeadAfterThreeMissed() throws Exception {
    var list = api.call("GET", "/v2.0/agents", null, admin);
    assertThat(list.body().get("agents").findValuesAsText("agent_type"))
        .contains("DHCP agent", "L3 agent", "Metadata agent", "Linux bridge agent");
    assertThat(list.body().get("agents").findValuesAsText("alive")).containsOnly("true");
    assertThat(api.call("GET", "/v2.0/agents", null, demo).body().get("agents")).isEmpty();

    DataPlaneAgent probe = new DataPlaneAgent() {
      public String agentType() { return "Open vSwitch agent"; }
      public String binary() { return "neutron-openvswitch-agent"; }
      public String topic() { return "N/A"; }
      public ObjectNode configurations() { return Json.object(); }
      public void start(AgentReports reports) {}
      public void onChange(ResourceChange change) {}
      public void stop() {}
    };
    api.network.agents.heartbeat(probe, "other-host");
    String probeId = api.call("GET", "/v2.0/agents?host=other-host", null, admin).body().at("/agents/0/id").asText();
    assertThat(api.call("GET", "/v2.0/agents/" + probeId, null, admin).body().at("/agent/alive").asBoolean()).isTrue();
    clock.advance(Duration.ofSeconds(25));
    assertThat(api.call("GET", "/v2.0/agents/" + probeId, null, admin).body().at("/agent/alive").asBoolean()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(api.call("GET", "/v2.0/agents/" + probeId, null, admin).body().at("/agent/alive").asBoolean()).isFalse();
    api.network.agents.heartbeat(probe, "other-host");
    assertThat(api.call("GET", "/v2.0/agents/" + probeId, null, admin).body().at("/agent/alive").asBoolean()).isTrue();

    var upd = api.call("PUT", "/v2.0/agents/" + probeId, "{\"agent\": {\"admin_state_up\": false, \"description\": \"d\"}}", admin);
    assertThat(upd.body().at("/agent/admin_state_up").asBoolean()).isFalse();
    assertThat(upd.body().at("/agent/description").asText()).isEqualTo("d");
    assertThat(api.call("PUT", "/v2.0/agents/" + probeId, "{\"agent\": {\"host\": \"x\"}}", admin).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.0/agents/" + probeId, "{\"agent\": {\"description\": \"e\"}}", demo).status()).isEqualTo(404);
    assertThat(api.call("DELETE", "/v2.0/agents/" + probeId, null, admin).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v2.0/agents/" + probeId, null, admin).status()).isEqualTo(404);
  }

  /**
   * The classic install's dead agent: one that stops heartbeating is shown down in the agent list
   * with the reason (since when it is silent, and the last error it reported before).
   */
  @Test
  void anAgentThatStopsHeartbeatingIsShownDownWithTheReason() throws Exception {
    DataPlaneAgent quiet = new DataPlaneAgent() {
      public String agentType() { return "DHCP agent"; }
      public String binary() { return "neutron-dhcp-agent"; }
      public String topic() { return "dhcp_agent"; }
      public ObjectNode configurations() { return Json.object().put("dhcp_driver", "dnsmasq"); }
      public void start(AgentReports reports) {}
      public void onChange(ResourceChange change) {}
      public void stop() {}
    };
    api.network.agents.heartbeat(quiet, "network2");
    api.network.agents.error(quiet, "network2", "dnsmasq for network n1 exited with status 2");
    String id = api.call("GET", "/v2.0/agents?host=network2", null, admin).body()
        .at("/agents/0/id").asText();
    JsonNode alive = api.call("GET", "/v2.0/agents/" + id, null, admin).body().path("agent");
    assertThat(alive.path("alive").asBoolean()).isTrue();
    assertThat(alive.at("/configurations/last_error").asText()).contains("exited with status 2");
    assertThat(alive.at("/configurations/down_reason").isMissingNode()).isTrue();
    assertThat(alive.has("last_error")).as("kept inside configurations only").isFalse();
    String silentSince = alive.path("heartbeat_timestamp").asText();
    clock.advance(Duration.ofSeconds(31));
    JsonNode listed = null;
    try {
      for (JsonNode a : api.call("GET", "/v2.0/agents", null, admin).body().path("agents")) {
        if (a.path("id").asText().equals(id)) {
          listed = a;
        }
      }
    } finally {
      clock.advance(Duration.ofSeconds(-31)); // the other tests' agents stay alive
    }
    assertThat(listed).isNotNull();
    assertThat(listed.path("alive").asBoolean()).isFalse();
    assertThat(listed.at("/configurations/down_reason").asText())
        .startsWith("no heartbeat since " + silentSince + " UTC (3") // 31 or 32 s: whole seconds
        .contains(" s; an agent is down after 3 report intervals, 30 s); last error at ").endsWith(": dnsmasq for network n1 exited with status 2");
    assertThat(listed.at("/configurations/dhcp_driver").asText()).isEqualTo("dnsmasq");
    assertThat(api.call("DELETE", "/v2.0/agents/" + id, null, admin).status()).isEqualTo(204);
  }

  @Test
  void anAttachedAgentReceivesTheCurrentStateFirstThenEveryChange() throws Exception {
    String[] ns = demoSubnet();
    java.util.List<ResourceChange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    DataPlaneAgent recorder = new DataPlaneAgent() {
      public String agentType() { return "Recording agent"; }
      public String binary() { return "recording-agent"; }
      public String topic() { return "N/A"; }
      public ObjectNode configurations() { return Json.object(); }
      public void start(AgentReports reports) {}
      public void onChange(ResourceChange change) { seen.add(change); }
      public void stop() {}
    };
    api.network.attach(recorder);
    try {
      api.network.feed.barrier(() -> { }).get();
      assertThat(seen).allMatch(c -> c.action().equals("created"));
      java.util.List<String> kinds = seen.stream().map(ResourceChange::kind).toList();
      assertThat(kinds).contains("network", "subnet", "port", "router", "security_group",
          "security_group_rule");
      // what a resource refers to comes first
      assertThat(kinds.lastIndexOf("network")).isLessThan(kinds.indexOf("subnet"));
      assertThat(kinds.lastIndexOf("subnet")).isLessThan(kinds.indexOf("port"));
      assertThat(seen).anyMatch(c -> c.id().equals(ns[0])).anyMatch(c -> c.id().equals(ns[1]));
      int replayed = seen.size();
      String net = id(api.call("POST", "/v2.0/networks", "{\"network\": {}}", demo), "network");
      api.network.feed.barrier(() -> { }).get();
      assertThat(seen.subList(replayed, seen.size()))
          .anyMatch(c -> c.id().equals(net) && c.kind().equals("network"));
    } finally {
      api.network.detach(recorder);
    }
  }

  @Test
  void aNetworkWithDhcpIsHostedByTheDhcpAgentAndAdminsMoveIt() throws Exception {
    String[] ns = demoSubnet();
    var hosting = api.call("GET", "/v2.0/networks/" + ns[0] + "/dhcp-agents", null, admin);
    assertThat(hosting.status()).isEqualTo(200);
    assertThat(hosting.body().get("agents")).hasSize(1);
    String agent = hosting.body().at("/agents/0/id").asText();
    assertThat(hosting.body().at("/agents/0/agent_type").asText()).isEqualTo("DHCP agent");
    assertThat(api.call("GET", "/v2.0/agents/" + agent + "/dhcp-networks", null, admin).body()
        .get("networks").findValuesAsText("id")).contains(ns[0]);
    assertThat(api.call("POST", "/v2.0/agents/" + agent + "/dhcp-networks",
        "{\"network_id\": \"" + ns[0] + "\"}", admin).status()).isEqualTo(409);
    assertThat(api.call("DELETE", "/v2.0/agents/" + agent + "/dhcp-networks/" + ns[0], null, admin)
        .status()).isEqualTo(204);
    assertThat(api.call("DELETE", "/v2.0/agents/" + agent + "/dhcp-networks/" + ns[0], null, admin)
        .status()).isEqualTo(409);
    assertThat(api.call("POST", "/v2.0/agents/" + agent + "/dhcp-networks",
        "{\"network_id\": \"" + ns[0] + "\"}", admin).status()).isEqualTo(201);
    assertThat(api.call("GET", "/v2.0/networks/" + ns[0] + "/dhcp-agents", null, demo).status()).isEqualTo(403);
  }

  @Test
  void portBoundToTheAgentsHostBecomesActive() throws Exception {
    String[] ns = demoSubnet();
    var p = api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + ns[0]
        + "\", \"binding:host_id\": \"test-host\"}}", admin);
    String portId = id(p, "port");
    assertThat(p.body().at("/port/binding:vif_type").asText()).isEqualTo("bridge");
    String status = "";
    for (int i = 0; i < 50 && !status.equals("ACTIVE"); i++) {
      Thread.sleep(100);
      status = api.call("GET", "/v2.0/ports/" + portId, null, admin).body().at("/port/status").asText();
    }
    assertThat(status).isEqualTo("ACTIVE");
  }

  @Test
  void tagsAreSetReplacedRemovedAndFilter() throws Exception {
    String[] ns = demoSubnet();
    String net = ns[0];
    assertThat(api.call("PUT", "/v2.0/networks/" + net + "/tags/red", null, demo).status()).isEqualTo(201);
    assertThat(api.call("GET", "/v2.0/networks/" + net + "/tags/red", null, demo).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v2.0/networks/" + net + "/tags/blue", null, demo).status()).isEqualTo(404);
    var all = api.call("PUT", "/v2.0/networks/" + net + "/tags", "{\"tags\": [\"b\", \"a\"]}", demo);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body().get("tags").findValuesAsText("x")).isEmpty();
    assertThat(api.call("GET", "/v2.0/networks/" + net, null, demo).body().at("/network/tags").toString())
        .isEqualTo("[\"a\",\"b\"]");
    assertThat(api.call("GET", "/v2.0/networks?tags=a,b", null, demo).body().get("networks")).hasSize(1);
    assertThat(api.call("DELETE", "/v2.0/networks/" + net + "/tags/zzz", null, demo).status()).isEqualTo(404);
    assertThat(api.call("DELETE", "/v2.0/networks/" + net + "/tags/a", null, demo).status()).isEqualTo(204);
    assertThat(api.call("DELETE", "/v2.0/networks/" + net + "/tags", null, demo).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v2.0/networks/" + net + "/tags", null, demo).body().get("tags")).isEmpty();
    assertThat(api.call("PUT", "/v2.0/networks/" + net + "/tags", "{\"tags\": \"a\"}", demo).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.0/networks/" + net + "/tags", "{\"tags\": [\"a,b\"]}", demo).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.0/subnets/" + ns[1] + "/tags/s", null, demo).status()).isEqualTo(201);
    String r = router("");
    assertThat(api.call("PUT", "/v2.0/routers/" + r + "/tags/t", null, demo).status()).isEqualTo(201);
    assertThat(api.call("PUT", "/v2.0/routers/" + r + "/tags/t", null, admin).status()).isEqualTo(201);
    String adminNet = id(api.call("POST", "/v2.0/networks", "{\"network\": {}}", admin), "network");
    assertThat(api.call("PUT", "/v2.0/networks/" + adminNet + "/tags/x", null, demo).status()).isEqualTo(404);
    assertThat(api.call("PUT", "/v2.0/networks/" + extNet + "/tags/x", null, demo).status()).isEqualTo(403);
  }
}
