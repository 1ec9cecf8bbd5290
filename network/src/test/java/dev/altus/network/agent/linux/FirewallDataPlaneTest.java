package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firewall on real bridges: namespace guests on one network, each port's traffic filtered by
 * the tables the firewall writes from a {@link ResourceView}. Needs root (namespaces, bridges, nft).
 */
class FirewallDataPlaneTest {
  /** This test's own tables: a cloud running on the same host keeps its own. */
  static final String TABLE = "altus-sg-test" + ProcessHandle.current().pid();
  static final String NET = "sgtest18-net-0001";
  static final String G = "sg18-group-web";
  static final String H = "sg18-group-other";
  static final String A = "sg18a000000-port";
  static final String B = "sg18b000000-port";
  static final String C = "sg18c000000-port";
  static final String DHCP = "sg18d000000-dhcp";
  static final String MAC_A = "fa:16:3e:18:00:0a";

  final LocalHost host = new LocalHost();
  final List<AutoCloseable> made = new ArrayList<>();
  final List<Long> pids = new ArrayList<>();
  @TempDir Path work;
  FakeView view;
  SecurityGroupFirewall fw;
  NamespaceGuest a;
  NamespaceGuest b;
  NamespaceGuest c;

  @BeforeEach
  void setUp() {
    RootNetworking.assumeAvailable();
    assumeTrue(host.available("nft"), "firewall test skipped: needs nft (apt-get install nftables)");
    view = new FakeView("h18");
    view.bind(FakeView.port(A, NET, MAC_A, "10.250.18.10", G));
    view.bind(FakeView.port(B, NET, "fa:16:3e:18:00:0b", "10.250.18.11", G));
    view.bind(FakeView.port(C, NET, "fa:16:3e:18:00:0c", "10.250.18.12", H));
    view.defaultGroup(G).defaultGroup(H);
    a = guest(A, "10.250.18.10/24");
    b = guest(B, "10.250.18.11/24");
    c = guest(C, "10.250.18.12/24");
    fw = new SecurityGroupFirewall(host, List.of("h18"), TABLE);
  }

  NamespaceGuest guest(String portId, String cidr) {
    ObjectNode p = view.port(portId);
    NamespaceGuest g = new NamespaceGuest(host, NET, portId, p.path("mac_address").asText(), 1500, work);
    made.add(0, g);
    if (cidr != null) {
      g.exec("ip", "addr", "add", cidr, "dev", "eth0").orThrow();
    }
    return g;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (view == null) {
      return;
    }
    if (fw != null) {
      fw.close();
      fw.removeAll();
    }
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (AutoCloseable m : made) {
      m.close();
    }
    host.run(Command.of("ip", "link", "del", DeviceNames.bridge(NET)));
    HostLeaks leaks = new HostLeaks(host);
    assertThat(leaks.relatedTo(List.of(NET, A, B, C, DHCP))).as("left on the host").isEmpty();
    assertThat(leaks.firewallTables(TABLE)).as("the firewall's tables").isEmpty();
  }

  void start() throws Exception {
    List<String> readied = new java.util.concurrent.CopyOnWriteArrayList<>();
    fw.bind(view.view, readied::add);
    assertThat(fw.awaitIdle(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void icmpAndTcpFromOutsideTheGroupPassWithinASecondOfARule() throws Exception {
    a.listen(8080, "web");
    start();
    assertThat(b.ping("10.250.18.10")).as("a member reaches a member").isTrue();
    assertThat(c.ping("10.250.18.10")).as("icmp from outside the group").isFalse();
    assertThat(c.connect("10.250.18.10", 8080, 1)).as("tcp from outside").isEmpty();
    assertThat(a.ping("10.250.18.12")).as("c's own group lets only its members in").isFalse();

    Duration[] icmpSeen = ruleThenProbe(
        FakeView.rule("r-icmp", G, "ingress", "IPv4", "icmp", null, null, "0.0.0.0/0", null),
        () -> c.ping("10.250.18.10"));
    Duration[] tcpSeen = ruleThenProbe(
        FakeView.rule("r-tcp", G, "ingress", "IPv4", "tcp", 8080, 8080, "10.250.18.0/24", null),
        () -> c.connect("10.250.18.10", 8080, 1).isPresent());
    System.out.printf("rule added -> in place / seen by the guest: icmp %d / %d ms, tcp %d / %d ms"
        + " (last nft transaction %s)%n", icmpSeen[0].toMillis(), icmpSeen[1].toMillis(),
        tcpSeen[0].toMillis(), tcpSeen[1].toMillis(), fw.lastApplied());
    assertThat(icmpSeen[1]).as("icmp passes within a second").isLessThan(Duration.ofSeconds(1));
    assertThat(tcpSeen[1]).as("tcp passes within a second").isLessThan(Duration.ofSeconds(1));

    fw.onChange(view.removeRule("r-tcp"));
    assertThat(until(() -> c.connect("10.250.18.10", 8080, 1).isEmpty(), Duration.ofSeconds(3)))
        .as("tcp dropped again after the rule goes").isNotNull();
  }

  @Test
  void ipv6NeighbourDiscoveryPassesAndGroupsFilterAsForIpv4() throws Exception {
    String[][] v6 = {{A, "fd18::10"}, {B, "fd18::11"}, {C, "fd18::12"}};
    NamespaceGuest[] guests = {a, b, c};
    for (int i = 0; i < 3; i++) {
      ObjectNode port = view.port(v6[i][0]);
      port.withArray("fixed_ips").addObject().put("ip_address", v6[i][1]);
      view.update(port);
      guests[i].exec("ip", "-6", "addr", "add", v6[i][1] + "/64", "dev", "eth0", "nodad").orThrow();
    }
    start();
    assertThat(ping6(a, "fd18::11")).as("a member reaches a member over IPv6").isTrue();
    assertThat(ping6(c, "fd18::10")).as("not from outside the group").isFalse();
    a.exec("ip", "-6", "addr", "add", "fd18::99/64", "dev", "eth0", "nodad").orThrow();
    assertThat(a.exec("busybox", "ping6", "-c", "1", "-W", "1", "-I", "fd18::99", "fd18::11").ok())
        .as("from an IPv6 address not its own").isFalse();
    a.exec("ip", "-6", "addr", "del", "fd18::99/64", "dev", "eth0").orThrow();
    fw.onChange(view.created(FakeView.rule("r-icmp6", H, "ingress", "IPv6", "icmp", 128, null,
        null, null)));
    assertThat(until(() -> ping6(a, "fd18::12"), Duration.ofSeconds(2)))
        .as("an ICMPv6 echo-request rule (icmp, type 128, in an IPv6 rule)").isNotNull();
  }

  static boolean ping6(NamespaceGuest g, String address) {
    return g.exec("busybox", "ping6", "-c", "1", "-W", "1", address).ok();
  }

  @Test
  void removingARuleEndsTheConnectionsItAdmitted() throws Exception {
    view.add(FakeView.rule("r-icmp", G, "ingress", "IPv4", "icmp", null, null, null, null));
    start();
    // one ICMP echo stream is one tracked connection: without the flush its replies would go on
    Path log = Files.createTempFile(work, "ping", ".log");
    pids.add(host.startDetached(Command.of("busybox", "ping", "-i", "0.2", "-c", "20", "10.250.18.10")
        .inNamespace(c.namespace()), log));
    assertThat(until(() -> replies(log) >= 3, Duration.ofSeconds(3))).isNotNull();
    fw.onChange(view.removeRule("r-icmp"));
    assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
    int atRemoval = replies(log);
    Thread.sleep(1500);
    assertThat(replies(log)).as("replies after the rule went").isLessThanOrEqualTo(atRemoval + 1);
  }

  @Test
  void aRemoteGroupRuleFollowsItsMembership() throws Exception {
    start();
    assertThat(c.ping("10.250.18.10")).isFalse();
    ObjectNode port = view.port(C);
    port.withArray("security_groups").add(G);
    fw.onChange(view.update(port));
    assertThat(until(() -> c.ping("10.250.18.10"), Duration.ofSeconds(2))).as("c joined").isNotNull();
    port.withArray("security_groups").remove(1);
    fw.onChange(view.update(port));
    assertThat(until(() -> !c.ping("10.250.18.10"), Duration.ofSeconds(2))).as("c left").isNotNull();
  }

  @Test
  void dhcpAndMetadataPassWithEveryRuleOfTheGroupDeleted() throws Exception {
    ObjectNode port = FakeView.port(DHCP, NET, "fa:16:3e:18:00:02", "10.250.18.2");
    port.put("device_owner", "network:dhcp");
    view.bind(port);
    NamespaceGuest dhcp = guest(DHCP, "10.250.18.2/24");
    dhcp.exec("ip", "addr", "add", "169.254.169.254/32", "dev", "eth0").orThrow();
    dnsmasq(dhcp, MAC_A, "10.250.18.10");
    dhcp.listen(80, "metadata");
    a.exec("ip", "addr", "flush", "dev", "eth0").orThrow();
    for (ObjectNode r : view.view.rulesOf(G)) {
      view.removeRule(r.path("id").asText());
    }
    start();
    assertThat(view.view.rulesOf(G)).isEmpty();
    assertThat(a.dhcp(Duration.ofSeconds(5))).as("a guest whose group has no rule gets its lease")
        .isTrue();
    assertThat(a.address()).contains("10.250.18.10");
    a.exec("ip", "route", "add", "169.254.169.254/32", "via", "10.250.18.2").orThrow();
    assertThat(a.connect("169.254.169.254", 80, 2)).as("metadata passes").contains("metadata");
    assertThat(a.ping("10.250.18.11")).as("everything else is dropped").isFalse();
  }

  @Test
  void aGuestCannotActAsADhcpServer() throws Exception {
    // c filters nothing, so only b's own filter stands between b's rogue server and c
    view.update(view.port(C).put("port_security_enabled", false));
    dnsmasq(b, view.port(C).path("mac_address").asText(), "10.250.18.12");
    c.exec("ip", "addr", "flush", "dev", "eth0").orThrow();
    start();
    assertThat(c.dhcp(Duration.ofSeconds(2))).as("a lease from a filtered guest").isFalse();
    fw.onChange(view.update(view.port(B).put("port_security_enabled", false)));
    assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(c.dhcp(Duration.ofSeconds(3))).as("the same server unfiltered does answer").isTrue();
  }

  /** Runs dnsmasq in {@code g}'s namespace, leasing {@code ip} to {@code mac} only. */
  void dnsmasq(NamespaceGuest g, String mac, String ip) throws Exception {
    Path hosts = Files.writeString(work.resolve(g.namespace() + ".hosts"), mac + "," + ip + "\n");
    pids.add(host.startDetached(Command.of("dnsmasq", "--no-daemon", "--no-hosts", "--no-resolv",
        "--port=0", "--bind-interfaces", "--interface=eth0", "--dhcp-hostsfile=" + hosts,
        "--dhcp-range=10.250.18.0,static,255.255.255.0,120s", "--leasefile-ro")
        .inNamespace(g.namespace()), work.resolve(g.namespace() + ".dnsmasq.log")));
    Thread.sleep(200);
  }

  @Test
  void spoofingIsDroppedUnlessAnAllowedAddressPairSaysSo() throws Exception {
    start();
    assertThat(a.ping("10.250.18.11")).isTrue();
    a.exec("ip", "addr", "add", "10.250.18.99/24", "dev", "eth0").orThrow();
    assertThat(pingFrom(a, "10.250.18.99", "10.250.18.11")).as("another source IP").isFalse();
    ObjectNode port = view.port(A);
    port.withArray("allowed_address_pairs").addObject().put("ip_address", "10.250.18.96/29");
    fw.onChange(view.update(port));
    assertThat(until(() -> pingFrom(a, "10.250.18.99", "10.250.18.11"), Duration.ofSeconds(2)))
        .as("an allowed address pair lets it through").isNotNull();
    a.exec("ip", "link", "set", "eth0", "address", "fa:16:3e:18:00:ee").orThrow();
    assertThat(a.ping("10.250.18.11")).as("another MAC").isFalse();
  }

  @Test
  void portSecurityDisabledPassesEverything() throws Exception {
    view.update(view.port(A).put("port_security_enabled", false));
    start();
    assertThat(fw.ready(A)).isTrue();
    assertThat(c.ping("10.250.18.10")).as("from outside any group").isTrue();
    a.exec("ip", "addr", "add", "10.250.18.98/24", "dev", "eth0").orThrow();
    a.exec("ip", "link", "set", "eth0", "address", "fa:16:3e:18:00:ef").orThrow();
    assertThat(pingFrom(a, "10.250.18.98", "10.250.18.12"))
        .as("c's group admits only its members").isFalse();
    fw.onChange(view.update(view.port(C).put("port_security_enabled", false)));
    assertThat(until(() -> pingFrom(a, "10.250.18.98", "10.250.18.12"), Duration.ofSeconds(2)))
        .as("between two unfiltered ports anything passes, spoofed or not").isNotNull();
  }

  @Test
  void aRestartConvergesWithNothingDuplicatedAndGonePortsRemoved() throws Exception {
    start();
    String before = tables();
    fw.close();
    fw = new SecurityGroupFirewall(host, List.of("h18"), TABLE);
    start();
    assertThat(tables()).isEqualTo(before);
    // the L2 agent restarted: a new agent binds the same firewall to its new view, while the
    // control plane moved on (b gone, a rule added)
    view.removePort(B);
    view.add(FakeView.rule("r-ssh", H, "ingress", "IPv4", "tcp", 22, 22, null, null));
    start();
    String after = tables();
    assertThat(after).doesNotContain(B).doesNotContain("10.250.18.11").contains("tcp dport 22");
    Map<String, Long> chains = Arrays.stream(after.split("\n")).map(String::strip)
        .filter(l -> l.startsWith("chain ")).collect(Collectors.groupingBy(Function.identity(),
            Collectors.counting()));
    assertThat(chains.values()).allMatch(n -> n == 1);
    // base chains: 2 bridge + 4 inet; per port 3 (a, c); per group 2 (G, H)
    assertThat(chains).hasSize(2 + 4 + 3 * 2 + 2 * 2);
    assertThat(a.ping("10.250.18.10")).isTrue();
  }

  /**
   * Adds {@code rule} and probes once the firewall is idle: the time until its transaction was in
   * place and until the probe (sent only then, so one dropped probe cannot cost its whole
   * timeout) came back.
   */
  Duration[] ruleThenProbe(ObjectNode rule, BooleanSupplier probe) throws Exception {
    long t0 = System.nanoTime();
    fw.onChange(view.created(rule));
    assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
    Duration inPlace = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(probe.getAsBoolean()).as("the first probe after the rule passes").isTrue();
    return new Duration[] {inPlace, Duration.ofNanos(System.nanoTime() - t0)};
  }

  static boolean pingFrom(NamespaceGuest g, String source, String address) {
    return g.exec("busybox", "ping", "-c", "1", "-W", "1", "-I", source, address).ok();
  }

  static int replies(Path log) {
    try {
      return (int) Files.readAllLines(log).stream().filter(l -> l.contains("seq=")).count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** Polls {@code probe} until it holds; the time it took, or null after {@code limit}. */
  static Duration until(BooleanSupplier probe, Duration limit) throws InterruptedException {
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < limit.toNanos()) {
      if (probe.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - t0);
      }
      Thread.sleep(20);
    }
    return null;
  }

  String tables() {
    return host.run(Command.of("nft", "list", "table", "bridge", TABLE)).orThrow().stdout()
        + host.run(Command.of("nft", "list", "table", "inet", TABLE)).orThrow().stdout();
  }
}
