package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import dev.altus.network.DataPlaneConfig;
import dev.altus.network.NetworkConfig;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.api.NetworkApiHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux data plane's speed through the API, for bench/network/dataplane.sh (skipped unless
 * {@code -Daltus.bench=dataplane}): 100 ports created and bound on one host until all are ACTIVE;
 * a security group rule created through the API until a namespace guest sees it; the agents'
 * convergence with 100 networks after a restart (what they made is still there) and from nothing
 * (a host cleaned). Prints {@code BENCH} lines; removes everything it made.
 */
class DataPlaneBench {
  static final String HOST = "test-host";
  final LocalHost host = new LocalHost();
  @TempDir Path work;
  NetworkApiHarness api;
  DataPlaneConfig dp;
  String admin;
  int mtu;
  final List<NamespaceGuest> guests = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    guests.forEach(NamespaceGuest::close);
    if (api != null) {
      for (DataPlaneAgent a : api.network.hostAgents()) {
        api.network.detach(a);
      }
      api.close();
      DataPlaneCleanup.run(host, dp, List.of(work.resolve("taps")));
    }
  }

  @Test
  void measure() throws Exception {
    assumeTrue("dataplane".equals(System.getProperty("altus.bench")),
        "a benchmark: run bench/network/dataplane.sh");
    RootNetworking.assumeAvailable();
    int ports = Integer.getInteger("altus.bench.ports", 100);
    int networks = Integer.getInteger("altus.bench.networks", 100);
    Path state = Files.createDirectory(work.resolve("state"));
    dp = new DataPlaneConfig("linux", state, "", Map.of(), Map.of(), 86400, 1);
    Map<String, Integer> quotas = new HashMap<>(NetworkConfig.defaultQuotas());
    quotas.replaceAll((k, v) -> -1);
    api = new NetworkApiHarness(new NetworkConfig("http://127.0.0.1", null, quotas, dp,
        "http://127.0.0.1:9", "bench-secret"));
    admin = api.adminToken();
    BridgePlug plug = new BridgePlug(host, work.resolve("taps"));

    // 100 ports created and bound here, each tap plugged as the compute side does right after
    String net = network(0);
    mtu = call("GET", "/v2.0/networks/" + net, null).at("/network/mtu").asInt();
    List<String> ids = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < ports; i++) {
      String id = port(net);
      ids.add(id);
      plug.plugTap(net, id, mtu);
    }
    long created = System.nanoTime();
    until("all ports ACTIVE", Duration.ofMinutes(3), () -> active(net) == ports);
    long done = System.nanoTime();
    report("ports_active", "ports=" + ports + " all_active_ms=" + ms(done - t0)
        + " created_and_plugged_ms=" + ms(created - t0) + " last_plug_to_all_active_ms="
        + ms(done - created) + " (from the first POST /v2.0/ports with binding:host_id)");

    // a rule created through the API until a guest outside the group reaches a guest in it
    ruleToGuest(net);
    for (String id : ids) {
      plug.unplugTap(id);
      call("DELETE", "/v2.0/ports/" + id, null);
    }

    // 100 networks, each with DHCP and a bound, plugged port: restart, then from nothing
    List<String> nets = new ArrayList<>();
    List<String> taps = new ArrayList<>();
    long t1 = System.nanoTime();
    for (int i = 1; i <= networks; i++) {
      String n = network(i);
      nets.add(n);
      String p = port(n);
      plug.plugTap(n, p, mtu);
      taps.add(p);
    }
    boolean first = idle(Duration.ofMinutes(5));
    long t2 = System.nanoTime();
    assertThat(first).isTrue();
    assertThat(dnsmasqs()).hasSize(networks + 1);
    report("networks_made", "networks=" + networks + " ms=" + ms(t2 - t1)
        + " (each: network, subnet, DHCP port, a bound port and its tap, through the API, until"
        + " the agents are idle)");
    List<Long> before = dnsmasqs();
    long t3 = System.nanoTime();
    api.network.restartAgents();
    assertThat(idle(Duration.ofMinutes(5))).isTrue();
    long restart = System.nanoTime() - t3;
    assertThat(dnsmasqs()).as("dnsmasq adopted, none started twice").isEqualTo(before);
    report("converge_after_restart", "networks=" + networks + " ms=" + ms(restart)
        + " (agents restarted with everything in place: adopted, nothing made again)");
    for (DataPlaneAgent a : api.network.hostAgents()) {
      api.network.detach(a);
    }
    DataPlaneCleanup.run(host, dp, List.of(work.resolve("taps")));
    assertThat(dnsmasqs()).isEmpty();
    for (int i = 0; i < nets.size(); i++) {
      plug.plugTap(nets.get(i), taps.get(i), mtu); // the guests are plugged again
    }
    long t4 = System.nanoTime();
    api.network.restartAgents();
    assertThat(idle(Duration.ofMinutes(5))).isTrue();
    long cold = System.nanoTime() - t4;
    assertThat(dnsmasqs()).hasSize(networks + 1);
    report("converge_from_nothing", "networks=" + networks + " ms=" + ms(cold)
        + " (the same agents' start on a cleaned host: every namespace, dnsmasq and filter made)");
    until("every port ACTIVE", Duration.ofMinutes(2), () -> nets.stream().allMatch(
        n -> active(n) == 1));
  }

  /** A guest in a group with no ingress rule; the other pings it until a rule lets it through. */
  void ruleToGuest(String net) throws Exception {
    String group = call("POST", "/v2.0/security-groups",
        "{\"security_group\": {\"name\": \"bench-web\"}}").at("/security_group/id").asText();
    String target = port(net, ", \"security_groups\": [\"" + group + "\"]");
    String source = port(net, "");
    NamespaceGuest t = guest(net, target);
    NamespaceGuest s = guest(net, source);
    until("both guests ACTIVE", Duration.ofSeconds(30),
        () -> status(target).equals("ACTIVE") && status(source).equals("ACTIVE"));
    String ip = fixedIp(target);
    t.exec("ip", "addr", "add", ip + "/24", "dev", "eth0").orThrow();
    s.exec("ip", "addr", "add", fixedIp(source) + "/24", "dev", "eth0").orThrow();
    List<Long> api = new ArrayList<>();
    List<Long> inPlace = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    String table = dp.firewallTable();
    String chain = PortChains.groupChain(group, "ingress");
    for (int i = 0; i < 10; i++) {
      assertThat(s.ping(ip)).as("no rule: dropped").isFalse();
      long t0 = System.nanoTime();
      String rule = call("POST", "/v2.0/security-group-rules", "{\"security_group_rule\": {"
          + "\"security_group_id\": \"" + group + "\", \"direction\": \"ingress\","
          + " \"ethertype\": \"IPv4\", \"protocol\": \"icmp\"}}").at("/security_group_rule/id")
          .asText();
      api.add(ms(System.nanoTime() - t0));
      until("the rule in the host's tables", Duration.ofSeconds(10), () -> host.run(
          Command.of("nft", "list", "chain", "inet", table, chain)).stdout().contains(rule));
      inPlace.add(ms(System.nanoTime() - t0));
      assertThat(s.ping(ip)).as("the first probe after the rule passes").isTrue();
      seen.add(ms(System.nanoTime() - t0));
      call("DELETE", "/v2.0/security-group-rules/" + rule, null);
      until("the rule gone from the host's tables", Duration.ofSeconds(10), () -> !host.run(
          Command.of("nft", "list", "chain", "inet", table, chain)).stdout().contains(rule));
    }
    report("rule_api_to_guest", "api_ms p50=" + pct(api, 50) + " max=" + pct(api, 100)
        + " in_host_tables_ms p50=" + pct(inPlace, 50) + " max=" + pct(inPlace, 100)
        + " seen_by_guest_ms p50=" + pct(seen, 50) + " max=" + pct(seen, 100)
        + " trials=10 (from POST /v2.0/security-group-rules; icmp, a guest in another group)");
    guests.remove(t);
    guests.remove(s);
    t.close();
    s.close();
    call("DELETE", "/v2.0/ports/" + target, null);
    call("DELETE", "/v2.0/ports/" + source, null);
  }

  NamespaceGuest guest(String net, String portId) throws Exception {
    JsonNode p = call("GET", "/v2.0/ports/" + portId, null).get("port");
    NamespaceGuest g = new NamespaceGuest(host, net, portId, p.get("mac_address").asText(), mtu,
        work.resolve("guests"));
    guests.add(g);
    return g;
  }

  /** Whether every agent and the firewall have nothing left to do. */
  boolean idle(Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    for (DataPlaneAgent a : api.network.hostAgents()) {
      Duration left = Duration.ofNanos(Math.max(1, end - System.nanoTime()));
      if (a instanceof LinuxAgent l && !l.awaitIdle(left)) {
        return false;
      }
      if (a instanceof L3Agent l3) {
        l3.awaitIdle(left);
      }
    }
    return !(api.network.firewall() instanceof SecurityGroupFirewall f)
        || f.awaitIdle(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
  }

  String network(int i) throws Exception {
    String n = call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"bench-" + i + "\"}}")
        .at("/network/id").asText();
    call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + n + "\", \"ip_version\": 4,"
        + " \"cidr\": \"10.252." + i + ".0/24\"}}");
    return n;
  }

  String port(String net) throws Exception {
    return port(net, "");
  }

  String port(String net, String extra) throws Exception {
    return call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net + "\","
        + " \"binding:host_id\": \"" + HOST + "\", \"device_owner\": \"compute:nova\","
        + " \"device_id\": \"" + UUID.randomUUID() + "\"" + extra + "}}").at("/port/id").asText();
  }

  /** How many guests' ports of the network are ACTIVE. */
  long active(String net) {
    try {
      int n = 0;
      for (JsonNode p : call("GET", "/v2.0/ports?network_id=" + net
          + "&device_owner=compute:nova", null).get("ports")) {
        n += p.path("status").asText().equals("ACTIVE") ? 1 : 0;
      }
      return n;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String status(String port) {
    try {
      return call("GET", "/v2.0/ports/" + port, null).at("/port/status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String fixedIp(String port) throws Exception {
    return call("GET", "/v2.0/ports/" + port, null).at("/port/fixed_ips/0/ip_address").asText();
  }

  /** The pids of this benchmark's dnsmasq processes, sorted. */
  List<Long> dnsmasqs() {
    String dir = dp.stateDir().toString();
    return ProcessHandle.allProcesses().filter(p -> {
      String cmd = p.info().commandLine().orElse("");
      return cmd.contains("dnsmasq") && cmd.contains(dir + "/");
    }).map(ProcessHandle::pid).sorted().toList();
  }

  JsonNode call(String method, String path, String body) throws Exception {
    NetworkApiHarness.Response r = api.call(method, path, body, admin);
    assertThat(r.status()).as(method + " " + path + ": " + r.raw()).isBetween(200, 204);
    return r.body();
  }

  static void until(String what, Duration limit, BooleanSupplier cond) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + limit + ": " + what);
      }
      Thread.sleep(10);
    }
  }

  static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  static long pct(List<Long> xs, int p) {
    return SecurityGroupBench.pct(xs, p);
  }

  static void report(String name, String value) {
    SecurityGroupBench.report(name, value);
  }
}
