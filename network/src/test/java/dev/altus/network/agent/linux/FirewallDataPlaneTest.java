package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.Command;
import dev.altus.network.agent.ResourceChange;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The firewall on real bridges: namespace guests on one network, each port's traffic filtered by
 * the tables the firewall writes. Needs root (namespaces, bridges, nft).
 */
class FirewallDataPlaneTest {
  static final String NET = "sgtest18-net-0001";
  static final String G = "sg18-group-web";
  static final String H = "sg18-group-other";
  static final String A = "sg18a000000-port";
  static final String B = "sg18b000000-port";
  static final String C = "sg18c000000-port";
  static final String MAC_A = "fa:16:3e:18:00:0a";
  static final String MAC_B = "fa:16:3e:18:00:0b";
  static final String MAC_C = "fa:16:3e:18:00:0c";

  GuestLab lab;
  FakeView view;
  SecurityGroupFirewall fw;

  @BeforeEach
  void setUp() {
    assumeTrue(GuestLab.root(), "the data-plane firewall tests need root (namespaces, bridges, nft);"
        + " run them as root");
    lab = new GuestLab(NET);
    view = new FakeView("h18");
    view.bind(FakeView.port(A, NET, MAC_A, "10.250.18.10", G));
    view.bind(FakeView.port(B, NET, MAC_B, "10.250.18.11", G));
    view.bind(FakeView.port(C, NET, MAC_C, "10.250.18.12", H));
    view.defaultGroup(G).defaultGroup(H);
    lab.guest("sg18-a", A, MAC_A, "10.250.18.10/24");
    lab.guest("sg18-b", B, MAC_B, "10.250.18.11/24");
    lab.guest("sg18-c", C, MAC_C, "10.250.18.12/24");
    fw = new SecurityGroupFirewall(lab.host, view);
  }

  @AfterEach
  void tearDown() {
    if (fw != null) {
      fw.close();
      fw.removeAll();
    }
    if (lab != null) {
      lab.close();
      assertThat(lab.host.run(Command.of("nft", "list", "tables")).stdout()).doesNotContain("altus-sg");
      assertThat(lab.host.run(Command.of("ip", "netns", "list")).stdout()).doesNotContain("sg18-");
      assertThat(lab.host.run(Command.of("ip", "link", "show")).stdout())
          .doesNotContain("sg18").doesNotContain("brqsgtest18");
    }
  }

  void start() throws Exception {
    fw.start();
    assertThat(fw.awaitIdle(Duration.ofSeconds(10))).isTrue();
  }

  void changed(String kind, ObjectNode resource) throws Exception {
    fw.onChange(new ResourceChange(kind, "updated", resource.path("id").asText(), resource));
  }

  @Test
  void icmpAndTcpFromOutsideTheGroupPassWithinASecondOfARule() throws Exception {
    lab.httpd("sg18-a", "0.0.0.0", 8080);
    start();
    assertThat(lab.ping("sg18-b", "10.250.18.10")).as("a member reaches a member").isTrue();
    assertThat(lab.ping("sg18-c", "10.250.18.10")).as("icmp from outside the group").isFalse();
    assertThat(lab.http("sg18-c", "http://10.250.18.10:8080/")).as("tcp from outside").isFalse();
    assertThat(lab.ping("sg18-a", "10.250.18.12")).as("c's own group lets only its members in")
        .isFalse();

    ObjectNode icmp = FakeView.rule("r-icmp", G, "ingress", "IPv4", "icmp", null, null, "0.0.0.0/0", null);
    Duration[] icmpSeen = ruleThenProbe(icmp, () -> lab.ping("sg18-c", "10.250.18.10"));
    ObjectNode tcp = FakeView.rule("r-tcp", G, "ingress", "IPv4", "tcp", 8080, 8080, "10.250.18.0/24", null);
    Duration[] tcpSeen = ruleThenProbe(tcp, () -> lab.http("sg18-c", "http://10.250.18.10:8080/"));
    System.out.printf("rule added -> in place / seen by the guest: icmp %d / %d ms, tcp %d / %d ms"
        + " (last nft transaction %s)%n", icmpSeen[0].toMillis(), icmpSeen[1].toMillis(),
        tcpSeen[0].toMillis(), tcpSeen[1].toMillis(), fw.lastApplied());
    assertThat(icmpSeen[1]).as("icmp passes within a second").isLessThan(Duration.ofSeconds(1));
    assertThat(tcpSeen[1]).as("tcp passes within a second").isLessThan(Duration.ofSeconds(1));

    view.rules.remove("r-tcp");
    changed("security_group_rule", tcp);
    assertThat(GuestLab.until(() -> !lab.http("sg18-c", "http://10.250.18.10:8080/"),
        Duration.ofSeconds(3))).as("tcp dropped again after the rule goes").isNotNull();
  }

  @Test
  void removingARuleEndsTheConnectionsItAdmitted() throws Exception {
    ObjectNode icmp = FakeView.rule("r-icmp", G, "ingress", "IPv4", "icmp", null, null, null, null);
    view.add(icmp);
    start();
    // one ICMP echo stream is one tracked connection: without the flush its replies would go on
    java.nio.file.Path log = lab.background("sg18-c", "busybox", "ping", "-i", "0.2", "-c", "20",
        "10.250.18.10");
    assertThat(GuestLab.until(() -> replies(log) >= 3, Duration.ofSeconds(3))).isNotNull();
    view.rules.remove("r-icmp");
    changed("security_group_rule", icmp);
    assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
    int atRemoval = replies(log);
    Thread.sleep(1500);
    assertThat(replies(log)).as("replies after the rule went").isLessThanOrEqualTo(atRemoval + 1);
  }

  static int replies(java.nio.file.Path log) {
    try {
      return (int) java.nio.file.Files.readAllLines(log).stream().filter(l -> l.contains("seq=")).count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  @Test
  void aRemoteGroupRuleFollowsItsMembership() throws Exception {
    start();
    assertThat(lab.ping("sg18-c", "10.250.18.10")).isFalse();
    ObjectNode c = view.ports.get(C);
    c.withArray("security_groups").add(G);
    changed("port", c);
    assertThat(GuestLab.until(() -> lab.ping("sg18-c", "10.250.18.10"), Duration.ofSeconds(2)))
        .as("c joined the group").isNotNull();
    c.withArray("security_groups").remove(1);
    changed("port", c);
    assertThat(GuestLab.until(() -> !lab.ping("sg18-c", "10.250.18.10"), Duration.ofSeconds(2)))
        .as("c left the group").isNotNull();
  }

  @Test
  void dhcpAndMetadataPassWithEveryRuleOfTheGroupDeleted() throws Exception {
    ObjectNode dhcp = FakeView.port("sg18d000000-dhcp", NET, "fa:16:3e:18:00:02", "10.250.18.2");
    dhcp.put("device_owner", "network:dhcp");
    view.bind(dhcp);
    lab.guest("sg18-dhcp", "sg18d000000-dhcp", "fa:16:3e:18:00:02", "10.250.18.2/24");
    lab.in("sg18-dhcp", "ip", "addr", "add", "169.254.169.254/32", "dev", "eth0");
    lab.dnsmasq("sg18-dhcp", "10.250.18.0", MAC_A, "10.250.18.10");
    lab.httpd("sg18-dhcp", "169.254.169.254", 80);
    lab.in("sg18-a", "ip", "addr", "flush", "dev", "eth0");
    view.rules.keySet().removeIf(id -> id.startsWith(G));
    start();
    assertThat(view.rules(G)).isEmpty();
    assertThat(lab.lease("sg18-a")).as("a guest whose group has no rule still gets its lease").isTrue();
    lab.in("sg18-a", "ip", "addr", "add", "10.250.18.10/24", "dev", "eth0");
    lab.in("sg18-a", "ip", "route", "add", "169.254.169.254/32", "via", "10.250.18.2");
    assertThat(lab.http("sg18-a", "http://169.254.169.254/")).as("metadata passes").isTrue();
    assertThat(lab.ping("sg18-a", "10.250.18.11")).as("everything else is dropped").isFalse();
    // a guest cannot answer DHCP: its server replies never leave its tap
    assertThat(lab.lease("sg18-b")).isFalse();
  }

  @Test
  void spoofingIsDroppedUnlessAnAllowedAddressPairSaysSo() throws Exception {
    start();
    assertThat(lab.ping("sg18-a", "10.250.18.11")).isTrue();
    lab.in("sg18-a", "ip", "addr", "add", "10.250.18.99/24", "dev", "eth0");
    assertThat(lab.ping("sg18-a", "10.250.18.99", "10.250.18.11")).as("another source IP").isFalse();
    ObjectNode a = view.ports.get(A);
    a.withArray("allowed_address_pairs").addObject().put("ip_address", "10.250.18.96/29");
    changed("port", a);
    assertThat(GuestLab.until(() -> lab.ping("sg18-a", "10.250.18.99", "10.250.18.11"),
        Duration.ofSeconds(2))).as("an allowed address pair lets it through").isNotNull();
    lab.in("sg18-a", "ip", "link", "set", "eth0", "address", "fa:16:3e:18:00:ee");
    assertThat(lab.ping("sg18-a", "10.250.18.11")).as("another MAC").isFalse();
  }

  @Test
  void portSecurityDisabledPassesEverything() throws Exception {
    view.ports.get(A).put("port_security_enabled", false);
    start();
    assertThat(fw.ready(A)).isTrue();
    assertThat(lab.ping("sg18-c", "10.250.18.10")).as("from outside any group").isTrue();
    lab.in("sg18-a", "ip", "addr", "add", "10.250.18.98/24", "dev", "eth0");
    lab.in("sg18-a", "ip", "link", "set", "eth0", "address", "fa:16:3e:18:00:ef");
    assertThat(lab.ping("sg18-a", "10.250.18.98", "10.250.18.12"))
        .as("from another address and MAC, to a port whose group lets members in only").isFalse();
    assertThat(lab.ping("sg18-a", "10.250.18.98", "10.250.18.11"))
        .as("b's group admits a's recorded addresses only").isFalse();
    view.ports.get(C).put("port_security_enabled", false);
    changed("port", view.ports.get(C));
    assertThat(GuestLab.until(() -> lab.ping("sg18-a", "10.250.18.98", "10.250.18.12"),
        Duration.ofSeconds(2))).as("between two unfiltered ports anything passes").isNotNull();
  }

  @Test
  void aRestartConvergesWithNothingDuplicatedAndGonePortsRemoved() throws Exception {
    start();
    String before = tables();
    fw.close();
    fw = new SecurityGroupFirewall(lab.host, view);
    start();
    assertThat(tables()).isEqualTo(before);
    fw.close();
    view.ports.remove(B);
    view.add(FakeView.rule("r-ssh", H, "ingress", "IPv4", "tcp", 22, 22, null, null));
    fw = new SecurityGroupFirewall(lab.host, view);
    start();
    String after = tables();
    assertThat(after).doesNotContain(B).doesNotContain("10.250.18.11").contains("tcp dport 22");
    Map<String, Long> chains = Arrays.stream(after.split("\n")).map(String::strip)
        .filter(l -> l.startsWith("chain ")).collect(Collectors.groupingBy(Function.identity(),
            Collectors.counting()));
    assertThat(chains.values()).allMatch(n -> n == 1);
    assertThat(chains).hasSize(2 + 4 + 3 * 2 + 2 * 2);
    assertThat(lab.ping("sg18-a", "10.250.18.10")).isTrue();
  }

  /**
   * Adds {@code rule} and probes once the firewall is idle: the time until its transaction was in
   * place and until the probe (sent only then, so one dropped probe cannot cost its whole
   * timeout) came back.
   */
  Duration[] ruleThenProbe(ObjectNode rule, java.util.function.BooleanSupplier probe)
      throws Exception {
    long t0 = System.nanoTime();
    view.add(rule);
    changed("security_group_rule", rule);
    assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
    Duration inPlace = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(probe.getAsBoolean()).as("the first probe after the rule passes").isTrue();
    return new Duration[] {inPlace, Duration.ofNanos(System.nanoTime() - t0)};
  }

  String tables() {
    return lab.host.run(Command.of("nft", "list", "table", "bridge", "altus-sg")).orThrow().stdout()
        + lab.host.run(Command.of("nft", "list", "table", "inet", "altus-sg")).orThrow().stdout();
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
