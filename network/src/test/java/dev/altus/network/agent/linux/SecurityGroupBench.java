package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firewall's speed on real bridges, for bench/network/secgroups.sh (skipped unless
 * {@code -Daltus.bench=secgroups}): a rule added until a namespace guest sees it, a group of
 * 1,000 rules, and rules applied per second. Prints {@code BENCH} lines.
 */
class SecurityGroupBench {
  /** The bench's own tables: a cloud running on the same host keeps its own. */
  static final String TABLE = "altus-sg-bench" + ProcessHandle.current().pid();
  static final String NET = "sgbench18-net-01";
  static final String G = "sgb-group";
  static final String A = "sgb-a000000-port";
  static final String C = "sgb-c000000-port";

  final LocalHost host = new LocalHost();
  @TempDir Path work;
  NamespaceGuest a;
  NamespaceGuest c;
  FakeView view;
  SecurityGroupFirewall fw;

  @AfterEach
  void tearDown() {
    if (fw != null) {
      fw.close();
      fw.removeAll();
    }
    for (NamespaceGuest g : new NamespaceGuest[] {a, c}) {
      if (g != null) {
        g.close();
      }
    }
    if (view != null) {
      host.run(Command.of("ip", "link", "del", DeviceNames.bridge(NET)));
    }
  }

  @Test
  void measure() throws Exception {
    assumeTrue("secgroups".equals(System.getProperty("altus.bench")),
        "a benchmark: run bench/network/secgroups.sh");
    RootNetworking.assumeAvailable();
    int ports = Integer.getInteger("altus.bench.ports", 10);
    view = new FakeView("bench");
    view.bind(FakeView.port(A, NET, "fa:16:3e:18:01:0a", "10.250.19.10", G));
    view.bind(FakeView.port(C, NET, "fa:16:3e:18:01:0c", "10.250.19.12", "sgb-other"));
    view.defaultGroup(G).defaultGroup("sgb-other");
    a = new NamespaceGuest(host, NET, A, "fa:16:3e:18:01:0a", 1500, work);
    a.exec("ip", "addr", "add", "10.250.19.10/24", "dev", "eth0").orThrow();
    c = new NamespaceGuest(host, NET, C, "fa:16:3e:18:01:0c", 1500, work);
    c.exec("ip", "addr", "add", "10.250.19.12/24", "dev", "eth0").orThrow();
    // more filtered ports in the group (their taps need not exist for the tables to hold them)
    for (int i = 0; i < ports - 1; i++) {
      view.bind(FakeView.port(String.format("sgb-x%06d-port", i), NET,
          String.format("fa:16:3e:18:02:%02x", i), "10.250.19." + (100 + i), G));
    }
    fw = new SecurityGroupFirewall(host, java.util.List.of("bench"), TABLE);
    long t0 = System.nanoTime();
    fw.bind(view.view, id -> { });
    assertThat(fw.awaitIdle(Duration.ofSeconds(30))).isTrue();
    report("start_ms", ms(System.nanoTime() - t0) + " ports_in_group=" + ports
        + " (includes the " + SecurityGroupFirewall.SETTLE.toMillis() + " ms settle of a start)");

    List<Long> inPlace = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      assertThat(c.ping("10.250.19.10")).isFalse();
      ObjectNode r = FakeView.rule("icmp-" + i, G, "ingress", "IPv4", "icmp", null, null, "10.250.19.0/24", null);
      long[] t = addThenProbe(r);
      inPlace.add(t[0]);
      seen.add(t[1]);
      fw.onChange(view.removeRule("icmp-" + i));
      assertThat(fw.awaitIdle(Duration.ofSeconds(5))).isTrue();
    }
    report("rule_to_guest", "in_place_ms p50=" + pct(inPlace, 50) + " max=" + pct(inPlace, 100)
        + " seen_by_guest_ms p50=" + pct(seen, 50) + " max=" + pct(seen, 100) + " trials=10");

    int n = 1000;
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      fw.onChange(view.created(portRule("tcp", 20000 + i)));
    }
    assertThat(fw.awaitIdle(Duration.ofSeconds(120))).isTrue();
    double s = (System.nanoTime() - t1) / 1e9;
    report("rules_per_second", String.format("%.0f", n / s) + " (" + n + " rules created one by one"
        + " into a group of " + ports + " ports, until all were in place: " + ms(System.nanoTime() - t1)
        + " ms)");
    int serial = 100;
    long t3 = System.nanoTime();
    for (int i = 0; i < serial; i++) {
      fw.onChange(view.created(portRule("udp", 30000 + i)));
      assertThat(fw.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }
    report("rules_per_second_one_transaction_each", String.format("%.0f",
        serial / ((System.nanoTime() - t3) / 1e9)) + " (" + serial + " rules, each waited for, into"
        + " a group already holding " + n + ")");
    for (int i = 0; i < serial; i++) {
      fw.onChange(view.removeRule("udp-" + (30000 + i)));
    }
    assertThat(fw.awaitIdle(Duration.ofSeconds(10))).isTrue();
    String listed = host.run(Command.of("nft", "list", "chain", "inet", TABLE,
        PortChains.groupChain(G, "ingress"))).orThrow().stdout();
    assertThat(listed.lines().filter(l -> l.contains("tcp dport")).count()).isEqualTo(n);

    List<Long> big = new ArrayList<>();
    List<Long> bigSeen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ObjectNode r = FakeView.rule("icmp-big-" + i, G, "ingress", "IPv4", "icmp", null, null, "10.250.19.0/24", null);
      long[] t = addThenProbe(r);
      big.add(t[0]);
      bigSeen.add(t[1]);
      fw.onChange(view.removeRule(r.path("id").asText()));
      assertThat(fw.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }
    report("rule_to_guest_with_1000_rules", "in_place_ms p50=" + pct(big, 50) + " max=" + pct(big, 100)
        + " seen_by_guest_ms p50=" + pct(bigSeen, 50) + " max=" + pct(bigSeen, 100)
        + " last_transaction_lines=" + fw.lastApplied().lines() + " trials=5");

    fw.close();
    fw = new SecurityGroupFirewall(host, java.util.List.of("bench"), TABLE);
    long t2 = System.nanoTime();
    fw.bind(view.view, id -> { });
    assertThat(fw.awaitIdle(Duration.ofSeconds(60))).isTrue();
    report("restart_with_1000_rules_ms", ms(System.nanoTime() - t2) + " (whole-table transaction "
        + fw.lastApplied().took().toMillis() + " ms, " + fw.lastApplied().lines() + " lines)");
  }

  long[] addThenProbe(ObjectNode rule) throws Exception {
    long t0 = System.nanoTime();
    fw.onChange(view.created(rule));
    assertThat(fw.awaitIdle(Duration.ofSeconds(10))).isTrue();
    long inPlace = System.nanoTime() - t0;
    assertThat(c.ping("10.250.19.10")).isTrue();
    return new long[] {ms(inPlace), ms(System.nanoTime() - t0)};
  }

  /** An ingress rule of the group for one port of {@code protocol} from the guests' subnet. */
  static ObjectNode portRule(String protocol, int port) {
    return FakeView.rule(protocol + "-" + port, G, "ingress", "IPv4", protocol, port, port,
        "10.250.19.0/24", null);
  }

  static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  static long pct(List<Long> xs, int p) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1 < 0 ? 0
        : (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }

  static void report(String name, String value) {
    System.out.println("BENCH " + name + "=" + value);
  }
}
