package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.altus.common.auth.MetadataSecret;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import dev.altus.common.json.Json;
import dev.altus.network.DataPlaneConfig;
import dev.altus.network.NetworkConfig;
import dev.altus.network.agent.AgentReports;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.agent.ResourceChange;
import dev.altus.network.api.NetworkApiHarness;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux bridge and DHCP agents on this machine, driven through the API, with namespace guests
 * as the VMs: real bridges, veths, namespaces and dnsmasq. Needs root; skipped otherwise.
 */
class LinuxDataPlaneTest {
  static final LocalHost host = new LocalHost();
  /** The "physical" interface and bridge the flat networks of the test are mapped to. */
  static final String PHYS = "dpphys16";
  static final String MAPPED = "dpbr16";
  static final String METADATA_SECRET = "test-secret";
  static NetworkApiHarness api;
  static HttpServer metadataService;
  /** What the stand-in metadata service was asked: each request's headers and its path. */
  static final List<Map<String, String>> metadataSeen =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  static String admin;
  static Path state;
  static DataPlaneConfig dp;
  /** Every network, subnet and port id the tests made, for the leak check. */
  static final List<String> made = new ArrayList<>();
  @TempDir
  Path work;

  @BeforeAll
  static void start() throws Exception {
    RootNetworking.assumeAvailable();
    state = Files.createTempDirectory("altus-dataplane-test");
    // a tunnel address on loopback: VXLAN devices are made, and nothing leaves the machine
    dp = new DataPlaneConfig("linux", state, "127.0.0.16", Map.of("dptest-phys", PHYS),
        Map.of("dptest-br", MAPPED), 86400, 0.5);
    // the L3 and metadata agents start with the data plane: they forward to a stand-in metadata
    // service that answers with the headers it was asked with
    metadataService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    metadataService.createContext("/", ex -> {
      Map<String, String> h = new java.util.TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      h.put("path", ex.getRequestURI().toString());
      metadataSeen.add(h);
      byte[] body = h.getOrDefault("x-instance-id", "").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    metadataService.start();
    api = new NetworkApiHarness(new NetworkConfig("http://127.0.0.1", null,
        NetworkConfig.defaultQuotas(), dp,
        "http://127.0.0.1:" + metadataService.getAddress().getPort(), METADATA_SECRET));
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() throws Exception {
    if (api == null) {
      return;
    }
    HostLeaks leaks = new HostLeaks(host);
    List<String> left;
    try {
      // what a failed test did not delete goes through the API, as an operator would do it
      for (String kind : List.of("port", "subnet", "network")) {
        for (String id : made.reversed()) {
          api.call("DELETE", "/v2.0/" + kind + "s/" + id, null, admin);
        }
      }
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!leaks.relatedTo(made).isEmpty() && System.nanoTime() < end) {
        Thread.sleep(200);
      }
    } finally {
      api.close();
      metadataService.stop(0);
      left = leaks.relatedTo(made);
      leaks.remove(left);
      try (var files = Files.walk(state)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    assertThat(left).as("left on the host").isEmpty();
  }

  static JsonNode ok(NetworkApiHarness.Response r) {
    assertThat(r.status()).as(r.raw()).isBetween(200, 204);
    return r.body();
  }

  static String create(String kind, String json) throws Exception {
    String id = ok(api.call("POST", "/v2.0/" + kind + "s", "{\"" + kind + "\": " + json + "}", admin))
        .at("/" + kind + "/id").asText();
    made.add(id);
    return id;
  }

  static JsonNode show(String kind, String id) throws Exception {
    return ok(api.call("GET", "/v2.0/" + kind + "s/" + id, null, admin)).get(kind);
  }

  static void delete(String kind, String id) throws Exception {
    assertThat(api.call("DELETE", "/v2.0/" + kind + "s/" + id, null, admin).status()).isEqualTo(204);
  }

  /** A network with one DHCP subnet on 10.<n>.<m>.0/24; returns {network, subnet}. */
  static String[] network(String extraSubnet) throws Exception {
    String net = create("network", "{\"name\": \"dp-test\"}");
    int a = ThreadLocalRandom.current().nextInt(1, 250);
    String sub = create("subnet", "{\"network_id\": \"" + net + "\", \"ip_version\": 4, \"cidr\": \"10.251."
        + a + ".0/24\"" + extraSubnet + "}");
    return new String[] {net, sub};
  }

  /** A guest's port bound to the agents' host. */
  static String port(String net, String extra) throws Exception {
    return create("port", "{\"network_id\": \"" + net + "\", \"binding:host_id\": \"test-host\","
        + " \"device_owner\": \"compute:nova\", \"device_id\": \"" + java.util.UUID.randomUUID() + "\""
        + extra + "}");
  }

  NamespaceGuest guest(String portId) throws Exception {
    JsonNode p = show("port", portId);
    int mtu = show("network", p.get("network_id").asText()).get("mtu").asInt();
    return new NamespaceGuest(host, p.get("network_id").asText(), portId,
        p.get("mac_address").asText(), mtu, work);
  }

  static void await(String what, Duration within, BooleanSupplier cond) throws Exception {
    long end = System.nanoTime() + within.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  static String status(String portId) {
    try {
      return show("port", portId).get("status").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code from} gets an answer from the port's fixed address. */
  static boolean pings(NamespaceGuest from, String portId) {
    try {
      return from.ping(fixedIp(portId));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String fixedIp(String portId) throws Exception {
    return show("port", portId).at("/fixed_ips/0/ip_address").asText();
  }

  static List<Long> dnsmasqPids(String networkId) throws Exception {
    List<Long> out = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        if (p.getFileName().toString().chars().allMatch(Character::isDigit)) {
          try {
            String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
            if (cmd.startsWith("dnsmasq ") && cmd.contains(state.resolve("dhcp").resolve(networkId) + "/")) {
              out.add(Long.parseLong(p.getFileName().toString()));
            }
          } catch (java.io.IOException e) {
            // gone meanwhile
          }
        }
      }
    }
    return out;
  }

  @Test
  void guestsGetExactlyTheirAddressesWithTheOptionsAndReachEachOther() throws Exception {
    String[] ns = network(", \"dns_nameservers\": [\"192.0.2.53\"], \"host_routes\":"
        + " [{\"destination\": \"198.51.100.0/24\", \"nexthop\": \"10.251.0.254\"}]");
    // the next hop must be on the subnet: rewrite the route with the subnet's own prefix
    String cidr = show("subnet", ns[1]).get("cidr").asText();
    String prefix = cidr.substring(0, cidr.lastIndexOf('.'));
    ok(api.call("PUT", "/v2.0/subnets/" + ns[1], "{\"subnet\": {\"host_routes\": [{\"destination\":"
        + " \"198.51.100.0/24\", \"nexthop\": \"" + prefix + ".254\"}]}}", admin));
    String p1 = port(ns[0], "");
    String p2 = port(ns[0], ", \"extra_dhcp_opts\": [{\"opt_name\": \"domain-name\", \"opt_value\": \"guests.example\"}]");
    assertThat(show("port", p1).get("binding:vif_type").asText()).isEqualTo("bridge");
    assertThat(status(p1)).isEqualTo("DOWN"); // no tap yet: not wired
    try (NamespaceGuest a = guest(p1); NamespaceGuest b = guest(p2)) {
      await("ports ACTIVE once their taps are on the bridge", Duration.ofSeconds(10),
          () -> status(p1).equals("ACTIVE") && status(p2).equals("ACTIVE"));
      assertThat(a.dhcp(Duration.ofSeconds(10))).as("a lease for a").isTrue();
      assertThat(b.dhcp(Duration.ofSeconds(10))).as("a lease for b").isTrue();
      assertThat(a.address()).contains(fixedIp(p1));
      assertThat(b.address()).contains(fixedIp(p2));
      int mtu = show("network", ns[0]).get("mtu").asInt();
      Map<String, String> lease = a.lease();
      assertThat(lease.get("mtu")).isEqualTo(String.valueOf(mtu));
      assertThat(a.mtu()).isEqualTo(mtu);
      assertThat(lease.get("dns")).isEqualTo("192.0.2.53");
      assertThat(lease.get("router")).isEqualTo(prefix + ".1");
      String dhcpIp = show("port", ok(api.call("GET", "/v2.0/ports?network_id=" + ns[0]
          + "&device_owner=network:dhcp", null, admin)).at("/ports/0/id").asText())
          .at("/fixed_ips/0/ip_address").asText();
      // isolated network: the metadata route through the DHCP port, the host route, the default
      assertThat(lease.get("staticroutes")).contains("169.254.169.254/32 " + dhcpIp,
          "198.51.100.0/24 " + prefix + ".254", "0.0.0.0/0 " + prefix + ".1");
      assertThat(a.routes()).anyMatch(r -> r.startsWith("169.254.169.254 via " + dhcpIp));
      assertThat(a.ping("169.254.169.254")).as("the metadata address answers in the DHCP namespace").isTrue();
      assertThat(b.lease().get("domain")).isEqualTo("guests.example");
      assertThat(a.ping(fixedIp(p2))).isTrue();
      b.listen(7000, "hello-from-b");
      assertThat(a.connect(fixedIp(p2), 7000, 3)).contains("hello-from-b");

      // dnsmasq killed: restarted, and the leases are still served
      List<Long> before = dnsmasqPids(ns[0]);
      assertThat(before).hasSize(1);
      host.run(Command.of("kill", "-9", String.valueOf(before.get(0)))).orThrow();
      await("dnsmasq restarted", Duration.ofSeconds(10),
          () -> { try { var now = dnsmasqPids(ns[0]); return now.size() == 1 && !now.equals(before); }
                  catch (Exception e) { return false; } });
      b.exec("ip", "-4", "addr", "flush", "dev", "eth0").orThrow();
      assertThat(b.dhcp(Duration.ofSeconds(10))).as("a lease after the restart").isTrue();
      assertThat(b.address()).contains(fixedIp(p2));

      // a port that is not allocated gets nothing: only fixed IPs are served
      String p3 = create("port", "{\"network_id\": \"" + ns[0] + "\"}");
      delete("port", p3);
      try (NamespaceGuest stranger = new NamespaceGuest(host, ns[0], p3, "fa:16:3e:ee:ee:ee",
          mtu, work)) {
        assertThat(stranger.dhcp(Duration.ofSeconds(3))).as("no lease for an unknown MAC").isFalse();
      }

      // administratively down: its tap is down and its guest cut off, until it is enabled again
      ok(api.call("PUT", "/v2.0/ports/" + p2, "{\"port\": {\"admin_state_up\": false}}", admin));
      await("a disabled port DOWN", Duration.ofSeconds(10), () -> status(p2).equals("DOWN"));
      await("a disabled port's guest cut off", Duration.ofSeconds(10), () -> !pings(a, p2));
      ok(api.call("PUT", "/v2.0/ports/" + p2, "{\"port\": {\"admin_state_up\": true}}", admin));
      await("an enabled port ACTIVE again", Duration.ofSeconds(10), () -> status(p2).equals("ACTIVE"));
      await("its guest reachable again", Duration.ofSeconds(10), () -> pings(a, p2));

      // unbound, then bound here again (a port moved between servers): ACTIVE again
      ok(api.call("PUT", "/v2.0/ports/" + p1, "{\"port\": {\"binding:host_id\": \"\"}}", admin));
      assertThat(status(p1)).isEqualTo("DOWN");
      ok(api.call("PUT", "/v2.0/ports/" + p1, "{\"port\": {\"binding:host_id\": \"test-host\"}}", admin));
      await("rebound port ACTIVE", Duration.ofSeconds(10), () -> status(p1).equals("ACTIVE"));

      // the tap gone: the port is DOWN
      a.unplug();
      await("port DOWN without its tap", Duration.ofSeconds(10), () -> status(p1).equals("DOWN"));
    }
    delete("port", p1);
    delete("port", p2);
    delete("subnet", ns[1]);
    delete("network", ns[0]);
    await("nothing left of the network", Duration.ofSeconds(15),
        () -> new HostLeaks(host).relatedTo(List.of(ns[0], ns[1], p1, p2)).isEmpty());
    assertThat(state.resolve("dhcp").resolve(ns[0])).doesNotExist();
  }

  @Test
  void aGuestOnAnIsolatedNetworkReachesTheMetadataServiceAsItself() throws Exception {
    String[] ns = network("");
    String p1 = port(ns[0], "");
    String p2 = port(ns[0], "");
    String qdhcp = DeviceNames.dhcpNamespace(ns[0]);
    try (NamespaceGuest a = guest(p1); NamespaceGuest b = guest(p2)) {
      await("ports ACTIVE", Duration.ofSeconds(10),
          () -> status(p1).equals("ACTIVE") && status(p2).equals("ACTIVE"));
      assertThat(a.dhcp(Duration.ofSeconds(10))).isTrue();
      assertThat(b.dhcp(Duration.ofSeconds(10))).isTrue();
      await("the network's metadata proxy", Duration.ofSeconds(10), () -> haproxies(qdhcp) == 1);
      String dhcpPort = ok(api.call("GET", "/v2.0/ports?network_id=" + ns[0]
          + "&device_owner=network:dhcp", null, admin)).at("/ports/0/id").asText();
      await("the DHCP port ACTIVE, its device wired", Duration.ofSeconds(10),
          () -> status(dhcpPort).equals("ACTIVE"));
      metadataSeen.clear();
      // the proxy may still be binding: connection refusals are retried
      var r = a.exec("curl", "-s", "-m", "10", "--retry", "5", "--retry-connrefused",
          "--retry-delay", "1", "http://169.254.169.254/latest/meta-data/instance-id");
      JsonNode port1 = show("port", p1);
      String instance = port1.get("device_id").asText();
      assertThat(r.stdout()).as(r.stderr()).isEqualTo(instance);
      assertThat(metadataSeen).hasSize(1);
      assertThat(metadataSeen.get(0)).containsEntry("path", "/latest/meta-data/instance-id")
          .containsEntry("x-instance-id", instance)
          .containsEntry("x-tenant-id", port1.get("project_id").asText())
          .containsEntry("x-instance-id-signature", new MetadataSecret(METADATA_SECRET).sign(instance))
          .containsEntry("x-forwarded-for", fixedIp(p1))
          .doesNotContainKey("x-neutron-network-id");
      // the other guest is answered as itself, whatever it claims in headers of its own
      var other = b.exec("curl", "-s", "-m", "10", "-H", "X-Forwarded-For: " + fixedIp(p1),
          "-H", "X-Neutron-Network-ID: " + ns[0], "-H", "X-Instance-ID: " + instance,
          "http://169.254.169.254/openstack/latest/meta_data.json");
      assertThat(other.stdout()).as(other.stderr())
          .isEqualTo(show("port", p2).get("device_id").asText());
      // from an address that is not its port's, the guest's request is dropped on its tap
      // (anti-spoofing) before any proxy sees it, and the service is never asked
      metadataSeen.clear();
      String prefix = fixedIp(p1).substring(0, fixedIp(p1).lastIndexOf('.'));
      a.exec("ip", "addr", "add", prefix + ".250/24", "dev", "eth0").orThrow();
      var stranger = a.exec("curl", "-s", "-m", "3", "-o", "/dev/null", "-w", "%{http_code}",
          "--interface", prefix + ".250", "http://169.254.169.254/latest/meta-data/");
      assertThat(stranger.stdout()).isEqualTo("000");
      assertThat(metadataSeen).isEmpty();
      a.exec("ip", "addr", "del", prefix + ".250/24", "dev", "eth0").orThrow();

      // the proxy killed: the agent starts it again
      long pid = Long.parseLong(Files.readString(state.resolve("metadata-proxy")
          .resolve(qdhcp + ".pid")).strip());
      host.run(Command.of("kill", "-9", String.valueOf(pid))).orThrow();
      await("the metadata proxy started again", Duration.ofSeconds(10), () -> haproxies(qdhcp) == 1
          && a.exec("curl", "-s", "-m", "2", "http://169.254.169.254/latest/meta-data/instance-id")
              .stdout().equals(instance));

      // a router interface on the subnet: no longer isolated, the router's proxy serves it
      String router = create("router", "{\"name\": \"dp-test\"}");
      String iface = "{\"subnet_id\": \"" + ns[1] + "\"}";
      ok(api.call("PUT", "/v2.0/routers/" + router + "/add_router_interface", iface, admin));
      await("no proxy in the DHCP namespace", Duration.ofSeconds(10), () -> haproxies(qdhcp) == 0);
      assertThat(host.run(Command.of("ip", "-4", "-o", "addr").inNamespace(qdhcp)).orThrow()
          .stdout()).doesNotContain("169.254.169.254");
      ok(api.call("PUT", "/v2.0/routers/" + router + "/remove_router_interface", iface, admin));
      await("isolated again: its proxy again", Duration.ofSeconds(10), () -> haproxies(qdhcp) == 1);
      delete("router", router);
    }
    delete("port", p1);
    delete("port", p2);
    delete("subnet", ns[1]);
    delete("network", ns[0]);
    await("nothing left of the network, its proxy included", Duration.ofSeconds(15),
        () -> new HostLeaks(host).relatedTo(List.of(ns[0], ns[1], p1, p2)).isEmpty());
    assertThat(state.resolve("metadata-proxy").resolve(qdhcp + ".conf")).doesNotExist();
  }

  /** How many haproxy processes serve the proxy of namespace {@code ns}. */
  static long haproxies(String ns) {
    String conf = state.resolve("metadata-proxy").resolve(ns + ".conf").toString();
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
        .contains(conf)).count();
  }

  @Test
  void restartedAgentsConvergeWithNothingDuplicated() throws Exception {
    String[] kept = network("");
    String[] gone = network("");
    String p1 = port(kept[0], "");
    try (NamespaceGuest g = guest(p1)) {
      await("port ACTIVE", Duration.ofSeconds(10), () -> status(p1).equals("ACTIVE"));
      await("DHCP of both networks", Duration.ofSeconds(10), () -> {
        try {
          return dnsmasqPids(kept[0]).size() == 1 && dnsmasqPids(gone[0]).size() == 1;
        } catch (Exception e) {
          return false;
        }
      });
      List<Long> keptPid = dnsmasqPids(kept[0]);
      // the agents die; meanwhile a network goes and another comes
      List<DataPlaneAgent> old = api.network.hostAgents();
      for (DataPlaneAgent a : old) {
        api.network.detach(a);
      }
      delete("subnet", gone[1]);
      delete("network", gone[0]);
      String[] added = network("");
      assertThat(new HostLeaks(host).relatedTo(List.of(gone[0]))).isNotEmpty(); // stale for now
      api.network.restartAgents();
      await("converged", Duration.ofSeconds(15), () -> {
        try {
          return new HostLeaks(host).relatedTo(List.of(gone[0])).isEmpty()
              && dnsmasqPids(added[0]).size() == 1;
        } catch (Exception e) {
          return false;
        }
      });
      assertThat(dnsmasqPids(kept[0])).as("dnsmasq adopted, not started twice").isEqualTo(keptPid);
      assertThat(state.resolve("dhcp").resolve(gone[0])).doesNotExist();
      assertThat(g.dhcp(Duration.ofSeconds(10))).isTrue();
      assertThat(g.address()).contains(fixedIp(p1));
      assertThat(status(p1)).isEqualTo("ACTIVE");
      long bridges = new HostLeaks(host).relatedTo(List.of(kept[0])).stream()
          .filter(l -> l.equals("device " + DeviceNames.bridge(kept[0]))).count();
      assertThat(bridges).isEqualTo(1);
      delete("port", p1);
      delete("subnet", added[1]);
      delete("network", added[0]);
    }
    delete("subnet", kept[1]);
    delete("network", kept[0]);
    await("nothing left", Duration.ofSeconds(15),
        () -> new HostLeaks(host).relatedTo(List.of(kept[0], gone[0], p1)).isEmpty());
  }

  @Test
  void vxlanNetworksGetTheirDeviceAndForwardingEntriesTowardsOtherHosts() throws Exception {
    long vni = ThreadLocalRandom.current().nextLong(1_000_000, 16_000_000);
    String net = create("network", "{\"provider:network_type\": \"vxlan\", \"provider:segmentation_id\": "
        + vni + "}");
    String sub = create("subnet", "{\"network_id\": \"" + net + "\", \"ip_version\": 4, \"cidr\":"
        + " \"10.252.0.0/24\", \"enable_dhcp\": false}");
    DataPlaneAgent remote = new DataPlaneAgent() {
      public String agentType() { return "Linux bridge agent"; }
      public String binary() { return "neutron-linuxbridge-agent"; }
      public String topic() { return "N/A"; }
      public com.fasterxml.jackson.databind.node.ObjectNode configurations() {
        var c = Json.object();
        c.put("tunneling_ip", "192.0.2.77");
        return c;
      }
      public void start(AgentReports reports) {}
      public void onChange(ResourceChange change) {}
      public void stop() {}
    };
    api.network.agents.heartbeat(remote, "remote-host");
    String local = port(net, "");
    String there = create("port", "{\"network_id\": \"" + net + "\", \"binding:host_id\": \"remote-host\","
        + " \"mac_address\": \"fa:16:3e:12:34:56\"}");
    assertThat(show("port", there).get("binding:vif_type").asText()).isEqualTo("bridge");
    String dev = DeviceNames.vxlan(vni);
    try (NamespaceGuest g = guest(local)) {
      await("VXLAN device with forwarding entries", Duration.ofSeconds(10), () -> {
        String fdb = host.run(Command.of("bridge", "fdb", "show", "dev", dev)).stdout();
        return fdb.contains("00:00:00:00:00:00 dst 192.0.2.77") && fdb.contains("fa:16:3e:12:34:56 dst 192.0.2.77");
      });
      String link = host.run(Command.of("ip", "-d", "link", "show", "dev", dev)).orThrow().stdout();
      assertThat(link).contains("master " + DeviceNames.bridge(net), "vxlan id " + vni,
          "local 127.0.0.16", "nolearning", "mtu " + show("network", net).get("mtu").asInt());
      delete("port", there);
      await("entries towards a host without ports removed", Duration.ofSeconds(10), () ->
          !host.run(Command.of("bridge", "fdb", "show", "dev", dev)).stdout().contains("192.0.2.77"));
    }
    delete("port", local);
    String nowhere = create("port", "{\"network_id\": \"" + net + "\", \"binding:host_id\": \"nowhere\"}");
    JsonNode failed = show("port", nowhere);
    assertThat(failed.get("binding:vif_type").asText()).isEqualTo("binding_failed");
    assertThat(failed.at("/binding:vif_details/reason").asText()).contains("no live Linux bridge agent on host nowhere");
    delete("port", nowhere);
    delete("subnet", sub);
    delete("network", net);
    await("bridge and VXLAN device removed", Duration.ofSeconds(10),
        () -> new HostLeaks(host).relatedTo(List.of(net)).isEmpty() && !new HostLeaks(host).all().contains("device " + dev));
  }

  /**
   * An outside host for a flat network: a namespace whose eth0 has {@code address}, its other end
   * named {@code dev} in the host's namespace.
   */
  static String outside(String name, String dev, String address) {
    String ns = NamespaceGuest.NAMESPACE_PREFIX + name;
    host.run(Command.of("ip", "netns", "add", ns)).orThrow();
    host.run(Command.of("ip", "link", "add", dev, "type", "veth", "peer", "name", "eth0", "netns", ns)).orThrow();
    host.run(Command.of("ip", "link", "set", "dev", dev, "up")).orThrow();
    host.run(Command.of("ip", "addr", "add", address, "dev", "eth0").inNamespace(ns)).orThrow();
    host.run(Command.of("ip", "link", "set", "dev", "eth0", "up").inNamespace(ns)).orThrow();
    return ns;
  }

  @Test
  void flatNetworksReachTheirMappedInterfaceOrBridge() throws Exception {
    String physNs = outside("phys16", PHYS, "10.253.0.200/24");
    host.run(Command.of("ip", "link", "add", MAPPED, "type", "bridge")).orThrow();
    host.run(Command.of("ip", "link", "set", "dev", MAPPED, "up")).orThrow();
    String brNs = outside("br16", "dpbrp16", "10.254.0.200/24");
    host.run(Command.of("ip", "link", "set", "dev", "dpbrp16", "master", MAPPED)).orThrow();
    try {
      for (String[] c : List.of(new String[] {"dptest-phys", "10.253.0", PHYS},
          new String[] {"dptest-br", "10.254.0", "phy-"})) {
        String net = create("network", "{\"provider:network_type\": \"flat\","
            + " \"provider:physical_network\": \"" + c[0] + "\"}");
        String sub = create("subnet", "{\"network_id\": \"" + net + "\", \"ip_version\": 4, \"cidr\": \""
            + c[1] + ".0/24\", \"allocation_pools\": [{\"start\": \"" + c[1] + ".10\", \"end\": \""
            + c[1] + ".100\"}]}");
        String p = port(net, "");
        try (NamespaceGuest g = guest(p)) {
          await("port ACTIVE", Duration.ofSeconds(10), () -> status(p).equals("ACTIVE"));
          assertThat(g.dhcp(Duration.ofSeconds(10))).isTrue();
          assertThat(g.address()).contains(fixedIp(p));
          assertThat(g.pingWithin(c[1] + ".200", Duration.ofSeconds(5))).as("the outside of " + c[0]).isTrue();
          String bridged = host.run(Command.of("bridge", "link")).stdout();
          assertThat(bridged).containsPattern((c[2].equals(PHYS) ? PHYS : "int-" + net.substring(0, 11))
              + "\\S*: .* master " + DeviceNames.bridge(net));
        }
        delete("port", p);
        delete("subnet", sub);
        delete("network", net);
        await("flat network's devices removed", Duration.ofSeconds(15),
            () -> new HostLeaks(host).relatedTo(List.of(net)).isEmpty());
      }
      // the mapped interface and bridge are the operator's: released, not deleted
      assertThat(host.run(Command.of("ip", "-o", "link", "show", "dev", PHYS)).orThrow().stdout())
          .doesNotContain(" master ");
      assertThat(host.run(Command.of("ip", "link", "show", "dev", MAPPED)).ok()).isTrue();
    } finally {
      host.run(Command.of("ip", "netns", "del", physNs));
      host.run(Command.of("ip", "netns", "del", brNs));
      host.run(Command.of("ip", "link", "del", "dev", MAPPED));
    }
  }

  @Test
  void cleanupRemovesWhatAStoppedCloudsAgentsMadeAndTheyMakeItAgainOnStart() throws Exception {
    String[] ns = network("");
    String[] routed = network("");
    String router = create("router", "{\"name\": \"dp-clean\"}");
    ok(api.call("PUT", "/v2.0/routers/" + router + "/add_router_interface",
        "{\"subnet_id\": \"" + routed[1] + "\"}", admin));
    String qrouter = DeviceNames.routerNamespace(router);
    String qdhcp = DeviceNames.dhcpNamespace(ns[0]);
    String guestPort = port(ns[0], ""); // a filtered port: the firewall's tables exist
    HostLeaks leaks = new HostLeaks(host);
    await("DHCP, the isolated network's proxy, the router and the firewall's tables",
        Duration.ofSeconds(15), () -> {
      try {
        return dnsmasqPids(ns[0]).size() == 1 && dnsmasqPids(routed[0]).size() == 1
            && haproxies(qdhcp) == 1 && haproxies(qrouter) == 1
            && leaks.firewallTables(dp.firewallTable()).size() == 2;
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(new HostLeaks(host).relatedTo(List.of(ns[0]))).contains(
        "namespace " + qdhcp, "device " + DeviceNames.bridge(ns[0]));
    for (DataPlaneAgent a : api.network.hostAgents()) {
      api.network.detach(a); // the cloud stops: what its agents made stays
    }
    // what a killed cloud's guests leave: a tap on a network's bridge, and a bridge that a guest's
    // plug made under the noop data plane (no agent owns it), noted in the driver's record
    String guestTap = "tap" + ns[0].substring(0, 4) + "clean";
    host.run(Command.of("ip", "tuntap", "add", "dev", guestTap, "mode", "tap")).orThrow();
    host.run(Command.of("ip", "link", "set", "dev", guestTap, "master", DeviceNames.bridge(ns[0])))
        .orThrow();
    Path record = work.resolve("instances").resolve("_bridges");
    String noopNet = java.util.UUID.randomUUID().toString();
    String noopPort = java.util.UUID.randomUUID().toString();
    made.add(noopNet);
    new dev.altus.common.host.BridgePlug(host, record).plugTap(noopNet, noopPort, 1500);
    DataPlaneCleanup.run(host, dp, List.of(record));
    assertThat(new HostLeaks(host).relatedTo(List.of(ns[0], routed[0], router, noopNet, noopPort)))
        .isEmpty();
    assertThat(new HostLeaks(host).all()).doesNotContain("device " + guestTap);
    assertThat(leaks.firewallTables(dp.firewallTable())).isEmpty();
    assertThat(haproxies(qdhcp) + haproxies(qrouter)).isZero();
    assertThat(state.resolve("dhcp").resolve(ns[0])).doesNotExist();
    assertThat(record).isEmptyDirectory();
    api.network.restartAgents();
    await("DHCP, proxies and the router made again", Duration.ofSeconds(15), () -> {
      try {
        return dnsmasqPids(ns[0]).size() == 1 && haproxies(qdhcp) == 1 && haproxies(qrouter) == 1;
      } catch (Exception e) {
        return false;
      }
    });
    ok(api.call("PUT", "/v2.0/routers/" + router + "/remove_router_interface",
        "{\"subnet_id\": \"" + routed[1] + "\"}", admin));
    delete("router", router);
    delete("port", guestPort);
    for (String[] n : List.of(ns, routed)) {
      delete("subnet", n[1]);
      delete("network", n[0]);
    }
    await("nothing left", Duration.ofSeconds(15),
        () -> new HostLeaks(host).relatedTo(List.of(ns[0], routed[0], router)).isEmpty());
  }
}
