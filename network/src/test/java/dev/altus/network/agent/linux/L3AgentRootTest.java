package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.altus.common.auth.MetadataSecret;
import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The L3 agent on the real host: router namespaces between namespace guests on Linux bridges,
 * SNAT and floating IPs to a namespace standing for the outside world on a test-made external
 * bridge (172.24.77.0/24), the metadata path to a stand-in metadata service, and a restart.
 * Needs root; everything it makes (namespaces, bridges, veths, haproxy) is removed after each test.
 */
class L3AgentRootTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final LocalHost host = new LocalHost();
  private final L3Fixture fx = new L3Fixture();
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final List<String> bridges = new ArrayList<>();
  @TempDir Path dir;
  private MetadataProxies proxies;
  private L3Agent agent;
  private ObjectNode netA;
  private ObjectNode netB;
  private ObjectNode ext;
  private ObjectNode subA;
  private ObjectNode subB;
  private ObjectNode subExt;
  private ObjectNode portA;
  private ObjectNode portB;
  private String routerId;
  private NamespaceGuest guestA;
  private NamespaceGuest guestB;
  private NamespaceGuest outside;

  @BeforeEach
  void requireRoot() throws Exception {
    RootNetworking.assumeAvailable();
    for (String tool : List.of("ip", "iptables-restore", "haproxy", "conntrack", "arping", "busybox",
        "curl")) {
      assumeTrue(host.available(tool), tool + " is not installed: run scripts/install-runtime.sh");
    }
  }

  private L3Agent newAgent() {
    proxies = new MetadataProxies(host, dir.resolve("proxies"), dir.resolve("metadata.sock"));
    L3Agent a = new L3Agent("test-host", Duration.ofHours(1), host, proxies, dir.resolve("l3"));
    a.start(fx.reports);
    return a;
  }

  /** Two tenant networks, an external one, a router joining them, a guest on each, the outside. */
  private void topology(boolean snat) {
    agent = newAgent();
    agent.replayed(); // nothing existed before
    netA = fx.network(false);
    netB = fx.network(false);
    ext = fx.network(true);
    for (ObjectNode n : List.of(netA, netB, ext)) {
      bridges.add(DeviceNames.bridge(n.get("id").asText()));
      fx.put(agent, "network", n);
    }
    subA = fx.subnet(netA, "10.77.1.0/24", "10.77.1.1");
    subB = fx.subnet(netB, "10.77.2.0/24", "10.77.2.1");
    subExt = fx.subnet(ext, "172.24.77.0/24", "172.24.77.1");
    for (ObjectNode s : List.of(subA, subB, subExt)) {
      fx.put(agent, "subnet", s);
    }
    routerId = L3Fixture.id();
    fx.put(agent, "port", fx.port(subExt, "172.24.77.10", L3Names.GATEWAY, routerId));
    fx.put(agent, "router", fx.router(routerId, ext, snat));
    fx.put(agent, "port", fx.port(subA, "10.77.1.1", L3Names.IFACE, routerId));
    fx.put(agent, "port", fx.port(subB, "10.77.2.1", L3Names.IFACE, routerId));
    portA = fx.port(subA, "10.77.1.10", "compute:nova", L3Fixture.id());
    portB = fx.port(subB, "10.77.2.10", "compute:nova", L3Fixture.id());
    fx.put(agent, "port", portA);
    fx.put(agent, "port", portB);
    guestA = guest(netA, portA, "10.77.1.10/24", "10.77.1.1");
    guestB = guest(netB, portB, "10.77.2.10/24", "10.77.2.1");
    // the outside world: the external subnet's gateway, with no route back to tenant subnets
    ObjectNode outsidePort = fx.port(subExt, "172.24.77.1", "test:outside", "outside");
    outside = guest(ext, outsidePort, "172.24.77.1/24", null);
  }

  /** A namespace guest holding the port's address statically (no DHCP agent in these tests). */
  private NamespaceGuest guest(ObjectNode net, ObjectNode port, String cidr, String gw) {
    NamespaceGuest g = new NamespaceGuest(host, net.get("id").asText(), port.get("id").asText(),
        port.get("mac_address").asText(), 1500, dir.resolve("guests"));
    cleanup.add(g);
    g.exec("ip", "addr", "add", cidr, "dev", "eth0").orThrow();
    if (gw != null) {
      g.exec("ip", "route", "add", "default", "via", gw).orThrow();
    }
    return g;
  }

  /** Whether the guest's ping to {@code ip} is answered within two seconds. */
  private static boolean pings(NamespaceGuest g, String ip) {
    return g.pingWithin(ip, Duration.ofSeconds(2));
  }

  private String nat(String routerId) {
    return host.run(Command.of("iptables", "-t", "nat", "-S")
        .inNamespace(DeviceNames.routerNamespace(routerId))).orThrow().stdout();
  }

  @Test
  void routesBetweenNetworksSnatsToTheOutsideAndServesFloatingIps() throws Exception {
    topology(true);
    agent.awaitIdle(WAIT);
    assertThat(pings(guestA, "10.77.2.10")).as("guest A reaches guest B through the router").isTrue();
    assertThat(pings(guestA, "172.24.77.1")).as("guest A reaches the outside through SNAT").isTrue();
    assertThat(pings(outside, "10.77.1.10")).as("the outside has no route to tenant addresses").isFalse();
    assertThat(nat(routerId)).contains("-A POSTROUTING -s 10.77.1.0/24 -o qg-",
        "-j SNAT --to-source 172.24.77.10");

    ObjectNode fip = fx.floatingIp("172.24.77.20", portA, routerId);
    fx.put(agent, "floatingip", fip);
    agent.awaitIdle(WAIT);
    assertThat(fx.reports.of(fip.get("id").asText())).isEqualTo("ACTIVE");
    assertThat(pings(outside, "172.24.77.20")).as("the outside reaches guest A at its floating IP").isTrue();
    assertThat(pings(guestA, "172.24.77.20")).as("guest A reaches its own floating IP (hairpin)").isTrue();
    assertThat(pings(guestB, "172.24.77.20")).as("guest B reaches A's floating IP").isTrue();
    // and the guest's own traffic to the outside leaves from its floating IP
    assertThat(nat(routerId)).contains("-A PREROUTING -d 172.24.77.20/32 -j DNAT --to-destination 10.77.1.10",
        "-A POSTROUTING -s 10.77.1.10/32 -o qg-");

    L3Fixture.associate(fip, null, null);
    fx.put(agent, "floatingip", fip);
    agent.awaitIdle(WAIT);
    assertThat(fx.reports.of(fip.get("id").asText())).isEqualTo("DOWN");
    assertThat(pings(outside, "172.24.77.20")).as("no longer after the floating IP is removed").isFalse();
    assertThat(nat(routerId)).doesNotContain("172.24.77.20");
    for (var c : fx.current.values()) {
      if (c.kind().equals("port") && c.resource().path("device_owner").asText().startsWith("network:router")) {
        assertThat(fx.reports.of(c.id())).as("router port " + c.id()).isEqualTo("ACTIVE");
      }
    }
  }

  @Test
  void extraRoutesFollowTheRouter() throws Exception {
    topology(true);
    ObjectNode router = fx.current.get("router/" + routerId).resource().deepCopy();
    router.withArray("routes").addObject().put("destination", "10.77.9.0/24")
        .put("nexthop", "10.77.2.10");
    fx.put(agent, "router", router);
    agent.awaitIdle(WAIT);
    String ns = DeviceNames.routerNamespace(routerId);
    assertThat(routes(ns)).contains("10.77.9.0/24 via 10.77.2.10", "default via 172.24.77.1");
    router.withArray("routes").removeAll();
    fx.put(agent, "router", router);
    agent.awaitIdle(WAIT);
    assertThat(routes(ns)).doesNotContain("10.77.9.0").contains("default via 172.24.77.1");
  }

  private String routes(String ns) {
    return host.run(Command.of("ip", "-n", ns, "route", "show", "proto", "static")).orThrow()
        .stdout();
  }

  @Test
  void withoutSnatTheOutsideSeesNoTranslatedTraffic() throws Exception {
    topology(false);
    agent.awaitIdle(WAIT);
    assertThat(pings(guestA, "10.77.2.10")).isTrue();
    assertThat(pings(guestA, "172.24.77.1")).as("no SNAT: the outside cannot answer").isFalse();
    assertThat(nat(routerId)).doesNotContain("SNAT");
  }

  @Test
  void aGuestsMetadataRequestReachesTheServiceAsThatGuest() throws Exception {
    Map<String, String> seen = new ConcurrentHashMap<>();
    HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext("/", ex -> {
      ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
      seen.put("path", ex.getRequestURI().toString());
      byte[] body = "i-0000abcd".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    service.start();
    cleanup.add(() -> service.stop(0));
    MetadataAgent metadata = new MetadataAgent("test-host", Duration.ofHours(1),
        dir.resolve("metadata.sock"), "http://127.0.0.1:" + service.getAddress().getPort(),
        "s3cret");
    metadata.start(fx.reports);
    cleanup.add(metadata::stop);
    fx.also.add(metadata);
    topology(true);
    agent.awaitIdle(WAIT);
    // the proxy was started a moment ago: connection refusals are retried while it binds
    var r = guestA.exec("curl", "-s", "-m", "10", "--retry", "5", "--retry-connrefused",
        "--retry-delay", "1",
        "http://169.254.169.254/latest/meta-data/instance-id");
    assertThat(r.stdout()).as(r.stderr()).isEqualTo("i-0000abcd");
    String instance = portA.get("device_id").asText();
    assertThat(seen).containsEntry("path", "/latest/meta-data/instance-id")
        .containsEntry("x-instance-id", instance)
        .containsEntry("x-tenant-id", "proj-" + instance)
        .containsEntry("x-instance-id-signature", new MetadataSecret("s3cret").sign(instance))
        .containsEntry("x-forwarded-for", "10.77.1.10")
        .doesNotContainKey("x-neutron-router-id");
    // guest B asks through the same router and is answered as guest B, not A; what it claims
    // in headers of its own changes nothing
    seen.clear();
    var b = guestB.exec("curl", "-s", "-m", "10", "-H", "X-Forwarded-For: 10.77.1.10",
        "-H", "X-Neutron-Router-ID: nope", "-H", "X-Instance-ID: " + instance,
        "http://169.254.169.254/openstack/latest/meta_data.json");
    assertThat(b.ok()).as(b.stderr()).isTrue();
    assertThat(seen).containsEntry("x-instance-id", portB.get("device_id").asText())
        .containsEntry("x-forwarded-for", "10.77.2.10");
    // an address that is no instance's port is refused without asking the service
    seen.clear();
    guestA.exec("ip", "addr", "add", "10.77.1.99/24", "dev", "eth0").orThrow();
    var stranger = guestA.exec("curl", "-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}",
        "--interface", "10.77.1.99", "http://169.254.169.254/latest/meta-data/");
    assertThat(stranger.stdout()).isEqualTo("404");
    assertThat(seen).isEmpty();
  }

  @Test
  void aRestartConvergesWithNothingDuplicatedAndDeletesLeaveNothing() throws Exception {
    topology(true);
    ObjectNode fip = fx.floatingIp("172.24.77.21", portB, routerId);
    fx.put(agent, "floatingip", fip);
    agent.awaitIdle(WAIT);
    String ns = DeviceNames.routerNamespace(routerId);
    String natBefore = nat(routerId);
    String addrBefore = addresses(ns);
    // a router deleted while the agent was down leaves a namespace behind
    String staleRouter = L3Fixture.id();
    String staleNs = DeviceNames.routerNamespace(staleRouter);
    host.run(Command.of("ip", "netns", "add", staleNs)).orThrow();
    cleanup.add(() -> host.run(Command.of("ip", "netns", "del", staleNs)));
    Files.writeString(dir.resolve("l3/routers/" + staleRouter), staleNs);
    // and a namespace this agent never made is none of its business
    String foreignNs = DeviceNames.routerNamespace(L3Fixture.id());
    host.run(Command.of("ip", "netns", "add", foreignNs)).orThrow();
    cleanup.add(() -> host.run(Command.of("ip", "netns", "del", foreignNs)));
    agent.stop();

    agent = newAgent();
    fx.replay(agent);
    agent.awaitIdle(WAIT);
    assertThat(nat(routerId)).isEqualTo(natBefore);
    assertThat(addresses(ns)).isEqualTo(addrBefore);
    assertThat(new RouterNamespace(host).namespaces()).doesNotContain(staleNs)
        .contains(ns, foreignNs);
    assertThat(pings(outside, "172.24.77.21")).isTrue();
    assertThat(pings(guestA, "10.77.2.10")).isTrue();
    long proxiesRunning = haproxies();
    assertThat(proxiesRunning).isEqualTo(1);
    // a proxy killed behind the agent's back is started again by its next look at the host
    long pid = proxies.pid(ns);
    host.run(Command.of("kill", String.valueOf(pid))).orThrow();
    long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
    while ((proxies.pid(ns) == 0 || proxies.pid(ns) == pid) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(proxies.pid(ns)).isNotZero().isNotEqualTo(pid);

    // deleting the floating IP, the interfaces, the gateway and the router leaves nothing
    fx.delete(agent, "floatingip", fip);
    for (var c : List.copyOf(fx.current.values())) {
      if (c.kind().equals("port") && c.resource().path("device_owner").asText().startsWith("network:router")) {
        fx.delete(agent, "port", c.resource());
      }
    }
    fx.delete(agent, "router", fx.current.get("router/" + routerId).resource());
    agent.awaitIdle(WAIT);
    assertThat(new RouterNamespace(host).namespaces()).doesNotContain(ns);
    assertThat(haproxies()).isZero();
    String links = host.run(Command.of("ip", "-br", "link")).orThrow().stdout();
    for (var c : fx.current.values()) {
      if (c.kind().equals("port") && c.resource().path("device_owner").asText().startsWith("network:router")) {
        assertThat(links).doesNotContain(DeviceNames.tap(c.id()));
      }
    }
    assertThat(Files.list(dir.resolve("proxies")).toList()).isEmpty();
  }

  private long haproxies() {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
        .contains(dir.resolve("proxies").toString())).count();
  }

  private String addresses(String ns) {
    return host.run(Command.of("ip", "-br", "-n", ns, "addr")).orThrow().stdout();
  }

  @AfterEach
  void removeEverything() throws Exception {
    if (agent != null) {
      // the routers go first, through the agent, as the service would delete them
      for (var c : List.copyOf(fx.current.values())) {
        if (c.kind().equals("router")) {
          fx.delete(agent, "router", c.resource());
        }
      }
      agent.awaitIdle(WAIT);
      agent.stop();
    }
    for (AutoCloseable c : cleanup.reversed()) {
      c.close();
    }
    BridgePlug plug = new BridgePlug(host);
    for (String b : bridges) {
      if (plug.exists(b)) {
        host.run(Command.of("ip", "link", "del", "dev", b));
      }
    }
    // the leak check: nothing named after a resource of this test is left on the host
    List<String> ids = fx.current.keySet().stream().map(k -> k.substring(k.indexOf('/') + 1))
        .toList();
    assertThat(new HostLeaks(host).relatedTo(ids)).isEmpty();
    assertThat(haproxies()).isZero();
  }
}
