package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.RecordingHost;
import dev.altus.network.agent.ResourceChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the firewall asks nft to do, read from a recording host. */
class FirewallRulesetTest {
  static final String NET = "net00000000-aaaa";
  static final String A = "aaaaaaaaaaa-port";
  static final String B = "bbbbbbbbbbb-port";
  static final String G = "group-1";

  FakeView view = new FakeView("h1")
      .bind(FakeView.port(A, NET, "fa:16:3e:00:00:0a", "10.0.0.10", G))
      .bind(FakeView.port(B, NET, "fa:16:3e:00:00:0b", "10.0.0.11", G))
      .defaultGroup(G);

  @Test
  void rendersSpoofEgressAndIngressChainsInNeutronsOrder() {
    NftRuleset r = new FirewallPlan("altus-sg").render(view.inputs);
    List<String> spoof = r.chains.get("bridge spoof-" + A).rules();
    assertThat(spoof).containsExactly(
        "ether saddr != { fa:16:3e:00:00:0a } drop",
        "ether type arp arp saddr ip { 0.0.0.0, 10.0.0.10 } return",
        "ether type arp drop",
        "ether type ip udp sport 67 udp dport 68 drop",
        "ether type ip ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 return",
        "ether type ip ether saddr . ip saddr { fa:16:3e:00:00:0a . 10.0.0.10 } return",
        "ether type ip drop",
        "ether type ip6 udp sport 547 udp dport 546 drop",
        "ether type ip6 icmpv6 type nd-router-advert drop",
        "ether type ip6 ip6 saddr :: icmpv6 type { nd-router-solicit, nd-neighbor-solicit,"
            + " nd-neighbor-advert, mld-listener-report, mld2-listener-report } return",
        "ether type ip6 ether saddr . ip6 saddr { fa:16:3e:00:00:0a . fe80::f816:3eff:fe00:a } return",
        "drop");
    List<String> egress = r.chains.get("inet egress-" + A).rules();
    assertThat(egress.get(0)).isEqualTo("meta nfproto ipv4 udp sport 68 udp dport 67 return");
    assertThat(egress).containsSubsequence("ct state invalid drop",
        "ct state established,related return",
        "meta nfproto ipv4 ip daddr 169.254.169.254 tcp dport 80 return",
        "jump sg-egress-" + G, "drop");
    List<String> ingress = r.chains.get("inet ingress-" + A).rules();
    assertThat(ingress).containsSubsequence("meta nfproto ipv4 udp sport 67 udp dport 68 return",
        "ct state established,related return", "jump sg-ingress-" + G, "drop");
    assertThat(r.chains.get("inet sg-egress-" + G).rules())
        .containsExactly("meta nfproto ipv4 accept comment \"" + G + "-eIPv4\"",
            "meta nfproto ipv6 accept comment \"" + G + "-eIPv6\"");
    assertThat(r.chains.get("inet sg-ingress-" + G).rules())
        .containsExactly("meta nfproto ipv4 ip saddr @rg-" + G + "-4 accept comment \"" + G + "-iIPv4\"",
            "meta nfproto ipv6 ip6 saddr @rg-" + G + "-6 accept comment \"" + G + "-iIPv6\"");
    assertThat(r.sets.get("inet rg-" + G + "-4").elements().keySet())
        .containsExactly("10.0.0.10", "10.0.0.11");
    assertThat(r.sets.get("bridge spoof").elements())
        .containsEntry("\"tapaaaaaaaaaaa\"", "jump spoof-" + A);
  }

  @Test
  void translatesProtocolsPortsIcmpAndPrefixes() {
    assertThat(RuleMatch.of(FakeView.rule("r", G, "ingress", "IPv4", "tcp", 22, 22, "192.0.2.0/24", null)))
        .isEqualTo("meta nfproto ipv4 ip saddr 192.0.2.0/24 meta l4proto 6 th dport 22 accept");
    assertThat(RuleMatch.of(FakeView.rule("r", G, "egress", "IPv4", "udp", 1000, 2000, null, null)))
        .isEqualTo("meta nfproto ipv4 meta l4proto 17 th dport 1000-2000 accept");
    assertThat(RuleMatch.of(FakeView.rule("r", G, "ingress", "IPv4", "icmp", 8, 0, null, null)))
        .isEqualTo("meta nfproto ipv4 meta l4proto icmp icmp type 8 icmp code 0 accept");
    assertThat(RuleMatch.of(FakeView.rule("r", G, "ingress", "IPv6", "icmp", 128, null, null, null)))
        .isEqualTo("meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type 128 accept");
    assertThat(RuleMatch.of(FakeView.rule("r", G, "ingress", "IPv4", "47", null, null, "0.0.0.0/0", null)))
        .isEqualTo("meta nfproto ipv4 meta l4proto 47 accept");
    assertThat(RuleMatch.of(FakeView.rule("r", G, "egress", "IPv6", "gre", null, null, null, "g2")))
        .isEqualTo("meta nfproto ipv6 ip6 daddr @rg-g2-6 meta l4proto 47 accept");
  }

  @Test
  void allowedAddressPairsWidenTheSourceCheckWithoutOverlaps() {
    ObjectNode p = view.port(A);
    p.withArray("allowed_address_pairs").addObject().put("ip_address", "10.0.0.0/28");
    p.withArray("allowed_address_pairs").addObject().put("ip_address", "10.9.9.9")
        .put("mac_address", "FA:16:3E:00:00:99");
    view.update(p);
    NftRuleset r = new FirewallPlan("altus-sg").render(view.inputs);
    assertThat(r.chains.get("bridge spoof-" + A).rules())
        .contains("ether saddr != { fa:16:3e:00:00:0a, fa:16:3e:00:00:99 } drop")
        .contains("ether type ip ether saddr . ip saddr { fa:16:3e:00:00:0a . 10.0.0.0/28,"
            + " fa:16:3e:00:00:99 . 10.9.9.9 } return");
    assertThat(r.sets.get("inet rg-" + G + "-4").elements().keySet())
        .containsExactly("10.0.0.0/28", "10.9.9.9");
  }

  @Test
  void portSecurityOffAndNetworkPortsAreNotFiltered() {
    view.update(view.port(A).put("port_security_enabled", false));
    ObjectNode dhcp = FakeView.port("dhcp0000000-port", NET, "fa:16:3e:00:00:02", "10.0.0.2");
    dhcp.put("device_owner", "network:dhcp");
    view.bind(dhcp);
    NftRuleset r = new FirewallPlan("altus-sg").render(view.inputs);
    assertThat(r.chains).doesNotContainKey("bridge spoof-" + A)
        .doesNotContainKey("bridge spoof-dhcp0000000-port").containsKey("bridge spoof-" + B);
    assertThat(r.chains.get("inet ingress-" + B).rules().get(0))
        .isEqualTo("meta nfproto ipv4 ip saddr { 10.0.0.2 } udp sport 67 udp dport 68 return");
  }

  @Test
  void aRuleChangeIsOneRuleOfItsGroupsChainWhateverTheNumberOfPorts() {
    ObjectNode c = FakeView.port("ccccccccccc-port", NET, "fa:16:3e:00:00:0c", "10.0.0.12", "other");
    view.bind(c);
    FirewallPlan plan = new FirewallPlan("altus-sg");
    NftRuleset before = plan.render(view.inputs);
    view.add(FakeView.rule("ssh", G, "ingress", "IPv4", "tcp", 22, 22, "0.0.0.0/0", null));
    NftRuleset after = plan.render(view.inputs);
    assertThat(NftDiff.between("altus-sg", before, after)).isEqualTo("add rule inet altus-sg sg-ingress-" + G
        + " meta nfproto ipv4 meta l4proto 6 th dport 22 accept comment \"ssh\"\n");
    view.removeRule("ssh");
    NftRuleset.Chain chain = after.chains.get("inet sg-ingress-" + G);
    assertThat(NftDiff.between("altus-sg", after, plan.render(view.inputs), ch -> java.util.Map.of("ssh", 42L)))
        .isEqualTo("delete rule inet altus-sg sg-ingress-" + G + " handle 42\n");
    assertThat(NftDiff.between("altus-sg", after, plan.render(view.inputs)))
        .as("without the rule's handle the chain is rewritten")
        .startsWith("flush chain inet altus-sg sg-ingress-" + G + "\n");
    assertThat(chain.unordered()).isTrue();
  }

  @Test
  void aMemberJoiningARemoteGroupAddsOnlySetElements() {
    FirewallPlan plan = new FirewallPlan("altus-sg");
    NftRuleset before = plan.render(view.inputs);
    view.elsewhere(FakeView.port("ddddddddddd-port", NET, "fa:16:3e:00:00:0d", "10.0.0.13", G));
    String script = NftDiff.between("altus-sg", before, plan.render(view.inputs));
    assertThat(script).isEqualTo("add element inet altus-sg rg-" + G + "-4 { 10.0.0.13 }\n");
    view.removePort("ddddddddddd-port");
    assertThat(NftDiff.between("altus-sg", plan.render(view.inputs), before)).isEmpty();
  }

  @Test
  void aPortGoingRemovesItsElementsAndChainsAndTheLastTakesTheTables() {
    FirewallPlan plan = new FirewallPlan("altus-sg");
    NftRuleset both = plan.render(view.inputs);
    view.removePort(B);
    NftRuleset one = plan.render(view.inputs);
    String script = NftDiff.between("altus-sg", both, one);
    assertThat(script).contains("delete element bridge altus-sg spoof { \"tapbbbbbbbbbbb\" }",
        "delete element inet altus-sg rg-" + G + "-4 { 10.0.0.11 }",
        "delete chain bridge altus-sg spoof-" + B, "delete chain inet altus-sg ingress-" + B);
    assertThat(script.indexOf("delete element bridge altus-sg spoof"))
        .isLessThan(script.indexOf("delete chain bridge altus-sg spoof-" + B));
    view.removePort(A);
    assertThat(NftDiff.between("altus-sg", one, plan.render(view.inputs)))
        .isEqualTo("delete table bridge altus-sg\ndelete table inet altus-sg\n");
  }

  @Test
  void twoCloudsOnOneHostNeverDispatchOnEachOthersTags() {
    // both clouds' tables see every bridged packet: a tag one cloud writes must be no key of the
    // other's maps, or its guests would meet the other cloud's port chains
    NftRuleset one = new FirewallPlan("altus-sg-0a1b2c3d").render(view.inputs);
    NftRuleset two = new FirewallPlan("altus-sg-4e5f6071").render(view.inputs);
    for (String map : List.of("inet egress", "inet ingress")) {
      assertThat(one.sets.get(map).elements().keySet())
          .doesNotContainAnyElementsOf(two.sets.get(map).elements().keySet());
    }
    assertThat(one.sets.get("bridge from-port").elements().values())
        .doesNotContainAnyElementsOf(two.sets.get("inet egress").elements().keySet());
    assertThat(one.sets.get("bridge to-port").elements().values())
        .doesNotContainAnyElementsOf(two.sets.get("inet ingress").elements().keySet())
        .containsExactlyInAnyOrderElementsOf(one.sets.get("inet ingress").elements().keySet());
  }

  @Test
  void aPortKeepsItsTagWhileOthersComeAndGo() {
    FirewallPlan plan = new FirewallPlan("altus-sg");
    NftRuleset r1 = plan.render(view.inputs);
    view.removePort(A);
    plan.render(view.inputs);
    view.bind(FakeView.port(A, NET, "fa:16:3e:00:00:0a", "10.0.0.10", G));
    NftRuleset r3 = plan.render(view.inputs);
    assertThat(r1.sets.get("bridge from-port").elements().get("\"tapbbbbbbbbbbb\""))
        .isEqualTo(r3.sets.get("bridge from-port").elements().get("\"tapbbbbbbbbbbb\""));
  }

  @Test
  void startReplacesTheTablesWholeThenAppliesChangesIncrementally() throws Exception {
    RecordingHost host = new RecordingHost().answer(List.of("sysctl", "-n"), 0, "1\n", "")
        .answer(List.of("nft", "-a", "list", "chain"), 0, "table inet altus-sg {\n\tchain sg-ingress-"
            + G + " {\n\t\ttcp dport 22 accept comment \"ssh\" # handle 7\n\t}\n}\n", "");
    List<String> readied = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (SecurityGroupFirewall fw = firewall(host)) {
      fw.bind(view.view, readied::add);
      assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
      List<String> first = scripts(host);
      assertThat(first).hasSize(1);
      assertThat(first.get(0)).startsWith("add table bridge altus-sg\ndelete table bridge altus-sg\n"
          + "add table inet altus-sg\ndelete table inet altus-sg\nadd table bridge altus-sg\n");
      assertThat(fw.ready(A)).isTrue();
      assertThat(readied).as("the L2 agent is told").containsExactlyInAnyOrder(A, B);
      host.clear();
      fw.onChange(view.created(FakeView.rule("ssh", G, "ingress", "IPv4", "tcp", 22, 22, null, null)));
      assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(scripts(host)).singleElement().asString()
          .doesNotContain("delete table").doesNotContain("flush")
          .contains("add rule inet altus-sg sg-ingress-" + G);
      host.clear();
      fw.onChange(view.removeRule("ssh"));
      assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(scripts(host)).as("the rule deleted by the handle nft listed")
          .containsExactly("delete rule inet altus-sg sg-ingress-" + G + " handle 7\n");
      String zone = FirewallPlan.zones(java.util.Set.of(NET)).values().iterator().next();
      assertThat(host.lines()).as("a removed rule ends the connections of its group's ports")
          .contains("conntrack -D -f ipv4 -w " + zone + " -s 10.0.0.10",
              "conntrack -D -f ipv4 -w " + zone + " -d 10.0.0.10",
              "conntrack -D -f ipv4 -w " + zone + " -s 10.0.0.11");
      host.clear();
      fw.onChange(new ResourceChange("network", "updated", NET, FakeView.port(A, NET, "", "")));
      assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(scripts(host)).isEmpty();
      // the network's DHCP port, bound to no host, is never filtered: ready (else never ACTIVE)
      ObjectNode dhcp = FakeView.port("dhcp-port", NET, "fa:16:3e:00:00:02", "10.0.0.2");
      dhcp.put("device_owner", "network:dhcp");
      view.view.apply(new ResourceChange(ResourceView.PORT, "created", "dhcp-port", dhcp));
      assertThat(fw.ready("dhcp-port")).isTrue();
    }
  }

  @Test
  void startSaysWhatToDoWhenTheHostCannotFilterBridges() {
    RecordingHost noNft = new RecordingHost().without("nft");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> firewall(noNft).bind(view.view, id -> { }))
        .hasMessage("nft not found: apt-get install nftables");
    RecordingHost noBrNf = new RecordingHost().answer(List.of("sysctl", "-n"), 255, "", "unknown key");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> firewall(noBrNf).bind(view.view, id -> { }))
        .hasMessageContaining("modprobe br_netfilter");
    RecordingHost off = new RecordingHost().answer(List.of("sysctl", "-n"), 0, "0\n", "");
    SecurityGroupFirewall fw = firewall(off);
    fw.bind(view.view, id -> { });
    fw.close();
    assertThat(off.lines()).contains("sysctl -w net.bridge.bridge-nf-call-iptables=1",
        "sysctl -w net.bridge.bridge-nf-call-ip6tables=1");
  }

  /** A firewall on the recording host, bound to the test's view as the L2 agent binds it. */
  SecurityGroupFirewall firewall(RecordingHost host) {
    return new SecurityGroupFirewall(host, List.of("h1"), "altus-sg");
  }

  private static List<String> scripts(RecordingHost host) {
    return host.commands().stream().filter(c -> c.program().equals("nft") && c.stdin() != null)
        .map(Command::stdin).map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }
}
