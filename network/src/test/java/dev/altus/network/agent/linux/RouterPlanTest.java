package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.RecordingHost;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router plan and its NAT table from the network service's state, without touching a host. */
class RouterPlanTest {
  private final L3Fixture fx = new L3Fixture();
  private final ResourceView state = new ResourceView();
  @TempDir Path dir;

  private void put(String kind, ObjectNode r) {
    String id = r.get("id").asText();
    state.apply(new dev.altus.network.agent.ResourceChange(kind, "created", id, r));
  }

  private String router(boolean snat) {
    ObjectNode tenant = fx.network(false);
    ObjectNode ext = fx.network(true);
    put("network", tenant);
    put("network", ext);
    ObjectNode sub = fx.subnet(tenant, "10.0.0.0/26", "10.0.0.1");
    ObjectNode subExt = fx.subnet(ext, "172.24.4.0/24", "172.24.4.1");
    put("subnet", sub);
    put("subnet", subExt);
    String id = L3Fixture.id();
    put("router", fx.router(id, ext, snat));
    put("port", fx.port(sub, "10.0.0.1", L3Names.IFACE, id));
    put("port", fx.port(subExt, "172.24.4.50", L3Names.GATEWAY, id));
    ObjectNode vm = fx.port(sub, "10.0.0.5", "compute:nova", "vm");
    put("port", vm);
    put("floatingip", fx.floatingIp("172.24.4.60", vm, id));
    return id;
  }

  @Test
  void planHoldsInterfacesGatewayAndFloatingIps() {
    String id = router(true);
    RouterPlan plan = RouterPlan.of(id, state).orElseThrow();
    assertThat(plan.namespace()).isEqualTo("qrouter-" + id);
    assertThat(plan.interfaces()).singleElement().satisfies(p -> {
      assertThat(p.device()).startsWith("qr-").hasSize(14);
      assertThat(p.tap()).startsWith("tap");
      assertThat(p.addresses()).containsExactly("10.0.0.1/26");
      assertThat(p.cidrs()).containsExactly("10.0.0.0/26");
    });
    assertThat(plan.gateway().device()).startsWith("qg-");
    assertThat(plan.gateway().nextHop()).isEqualTo("172.24.4.1");
    assertThat(plan.gatewayIpv4()).isEqualTo("172.24.4.50");
    assertThat(plan.floatingIps()).extracting(RouterPlan.FloatingIp::fixedIp).containsExactly("10.0.0.5");
  }

  @Test
  void natTableHasTheRedirectFloatingIpsAndSnat() {
    RouterPlan plan = RouterPlan.of(router(true), state).orElseThrow();
    String qg = plan.gateway().device();
    assertThat(RouterNat.table(plan)).isEqualTo("*mangle\n"
        + ":PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
        + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
        + "-A PREROUTING -i " + qg + " -j MARK --set-xmark 0x2/0xffff\n"
        + "COMMIT\n*nat\n"
        + ":PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
        + ":POSTROUTING ACCEPT [0:0]\n"
        + "-A PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT"
        + " --to-ports 9697\n"
        + "-A PREROUTING -d 172.24.4.60/32 -j DNAT --to-destination 10.0.0.5\n"
        + "-A OUTPUT -d 172.24.4.60/32 -j DNAT --to-destination 10.0.0.5\n"
        + "-A POSTROUTING -s 10.0.0.5/32 -o " + qg + " -j SNAT --to-source 172.24.4.60\n"
        + "-A POSTROUTING -m mark ! --mark 0x2/0xffff -m conntrack --ctstate DNAT -j SNAT"
        + " --to-source 172.24.4.50\n"
        + "-A POSTROUTING -s 10.0.0.0/26 -o " + qg + " -j SNAT --to-source 172.24.4.50\n"
        + "COMMIT\n");
  }

  @Test
  void withoutSnatOnlyFloatingIpsAreTranslated() {
    String nat = RouterNat.table(RouterPlan.of(router(false), state).orElseThrow());
    assertThat(nat).contains("--to-source 172.24.4.60")
        .doesNotContain("-s 10.0.0.0/26 -o qg");
  }

  @Test
  void aRouterWithoutGatewayHasOnlyTheMetadataRedirect() {
    ObjectNode net = fx.network(false);
    put("network", net);
    ObjectNode sub = fx.subnet(net, "10.1.0.0/24", "10.1.0.1");
    put("subnet", sub);
    String id = L3Fixture.id();
    put("router", fx.router(id, null, true));
    put("port", fx.port(sub, "10.1.0.1", L3Names.IFACE, id));
    RouterPlan plan = RouterPlan.of(id, state).orElseThrow();
    assertThat(plan.gateway()).isNull();
    assertThat(RouterNat.table(plan).lines().filter(l -> l.startsWith("-A")))
        .containsExactly("-A PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80"
            + " -j REDIRECT --to-ports 9697");
  }

  @Test
  void aPortOnAnUnknownSubnetWaitsForIt() {
    ObjectNode net = fx.network(false);
    ObjectNode sub = fx.subnet(net, "10.2.0.0/24", "10.2.0.1");
    String id = L3Fixture.id();
    put("router", fx.router(id, null, true));
    put("port", fx.port(sub, "10.2.0.1", L3Names.IFACE, id));
    assertThat(RouterPlan.of(id, state).orElseThrow().interfaces()).isEmpty();
  }

  @Test
  void changesMarkTheRoutersTheyTouch() {
    String id = router(true);
    ObjectNode fip = state.floatingIpsOf(id).get(0).deepCopy();
    L3Fixture.associate(fip, null, null);
    assertThat(affected(new dev.altus.network.agent.ResourceChange("floatingip", "updated",
        fip.get("id").asText(), fip))).as("the router it leaves").containsExactly(id);
    assertThat(affected(new dev.altus.network.agent.ResourceChange("port", "created", "x",
        fx.port(fx.subnet(fx.network(false), "10.3.0.0/24", null), "10.3.0.9", "compute:nova",
            "vm2")))).isEmpty();
    ObjectNode sub = state.all("subnet").get(0).deepCopy();
    assertThat(affected(new dev.altus.network.agent.ResourceChange("subnet", "updated",
        sub.get("id").asText(), sub))).as("routers with a port on its network").contains(id);
  }

  private java.util.Set<String> affected(dev.altus.network.agent.ResourceChange c) {
    return RouterChanges.affected(state, c, state.apply(c));
  }

  @Test
  void theAgentWiresNothingForAnUnknownRouterAndReportsNothing() throws Exception {
    RecordingHost host = new RecordingHost();
    L3Agent agent = new L3Agent("h", Duration.ofHours(1), host,
        new MetadataProxies(host, dir, dir.resolve("sock")), dir);
    agent.start(fx.reports);
    agent.replayed();
    agent.onChange(new dev.altus.network.agent.ResourceChange("network", "created", "n",
        fx.network(false)));
    agent.awaitIdle(Duration.ofSeconds(5));
    agent.stop();
    assertThat(host.commands()).isEmpty();
    assertThat(fx.reports.events).containsExactly("heartbeat L3 agent");
  }
}
