package dev.altus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import dev.altus.common.json.Json;
import dev.altus.network.agent.linux.DataPlaneCleanup;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one with the linux data plane makes DevStack's networks on first start: the host holds
 * the gateway of `public` (here 172.24.78.0/24) and reaches router1's gateway through it; a restart
 * makes nothing twice; a range colliding with a host route is refused naming the route. Needs root;
 * what the stopped clouds left is removed by {@code altus dataplane clean}'s cleanup, and nothing
 * of them may be left after it.
 */
class PublicNetworkRootTest {
  private final LocalHost host = new LocalHost();
  @TempDir Path dir;
  @TempDir Path other;

  private AltusConfig config(Path dir, String publicCidr) {
    return AltusConfig.load(dir, "127.0.0.1", null, TestEnv.of("ALTUS_IDENTITY_PORT", "0",
        "ALTUS_IDENTITY_BCRYPT_COST", "4", "ALTUS_ADMIN_PASSWORD", "pw", "ALTUS_DEMO_PASSWORD", "pw",
        "ALTUS_IMAGE_PORT", "0", "ALTUS_NETWORK_PORT", "0", "ALTUS_COMPUTE_NOVNC_PORT", "0",
        "ALTUS_NETWORK_DATAPLANE", "linux", "ALTUS_NETWORK_PUBLIC_CIDR", publicCidr,
        "ALTUS_DASHBOARD_ENABLED", "false"));
  }

  private static RequestContext admin() {
    return new RequestContext("t", "t", "default", null, null, null, null, false,
        Set.of("admin"), Set.of(), null, Instant.MAX, List.of(), null, null);
  }

  @Test
  void firstStartMakesPublicPrivateAndRouter1AndTheHostReachesThem() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "needs root (bridges, namespaces): run as root");
    assumeTrue(host.available("haproxy") && host.available("arping") && host.available("conntrack"),
        "needs haproxy, iputils-arping and conntrack: scripts/install-runtime.sh");
    List<String> bridges = new ArrayList<>();
    List<String> networkIds = new ArrayList<>();
    String ns = null;
    try {
      String gateway;
      try (AllInOne cloud = new AllInOne(config(dir, "172.24.78.0/24")).start()) {
        var net = cloud.network();
        var byName = new java.util.HashMap<String, ObjectNode>();
        net.networks.list(admin()).forEach(n -> byName.put(n.path("name").asText(), n));
        assertThat(byName).containsKeys("public", "private");
        assertThat(byName.get("public").path("router:external").asBoolean()).isTrue();
        byName.values().forEach(n -> networkIds.add(n.get("id").asText()));
        networkIds.forEach(id -> bridges.add(DeviceNames.bridge(id)));
        ObjectNode router = net.routers.list(admin()).stream()
            .filter(r -> r.path("name").asText().equals("router1")).findFirst().orElseThrow();
        ns = DeviceNames.routerNamespace(router.get("id").asText());
        gateway = router.at("/external_gateway_info/external_fixed_ips/0/ip_address").asText();
        assertThat(gateway).startsWith("172.24.78.");
        assertThat(host.run(Command.of("ip", "-br", "addr", "show", "dev",
            DeviceNames.bridge(byName.get("public").get("id").asText()))).stdout())
            .contains("172.24.78.1/24");
        waitForNamespace(ns);
        assertThat(pingWithin(gateway)).as("the host reaches router1's gateway").isTrue();
      }
      try (AllInOne cloud = new AllInOne(config(dir, "172.24.78.0/24")).start()) {
        var net = cloud.network();
        assertThat(net.networks.list(admin())).extracting(n -> n.path("name").asText())
            .containsOnlyOnce("public", "private");
        assertThat(net.routers.list(admin())).hasSize(1);
        String addrs = host.run(Command.of("ip", "-br", "addr")).stdout();
        assertThat(addrs.split("172.24.78.1/24", -1)).as("one gateway address on the host").hasSize(2);
        assertThat(pingWithin(gateway)).isTrue();
        // the router goes through the API, as an operator would remove it
        ObjectNode router = net.routers.list(admin()).get(0);
        String id = router.get("id").asText();
        String subnet = net.subnets.list(admin()).stream()
            .filter(s -> s.path("name").asText().equals("private-subnet")).findFirst()
            .orElseThrow().get("id").asText();
        net.routers.removeInterface(admin(), id, Json.object().put("subnet_id", subnet));
        net.routers.delete(admin(), id);
        long deadline = System.currentTimeMillis() + 20_000;
        while (namespaces().contains(ns) && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        assertThat(namespaces()).doesNotContain(ns);
        // with no router gateway left, the host still holds the external network's gateway
        Thread.sleep(2000); // the agents' next check
        assertThat(host.run(Command.of("ip", "-br", "addr")).stdout()).contains("172.24.78.1/24");
      }
      // another cloud on this machine asking for an overlapping range is refused, naming the route
      AllInOne third = new AllInOne(config(other, "172.24.78.128/25"));
      try {
        assertThatThrownBy(third::start)
            .hasMessageContaining("overlaps the host's route '172.24.78.0/24 dev brq");
      } finally {
        third.close();
      }
    } finally {
      // what the stopped clouds' agents left (DHCP of private, the public bridge and its address)
      DataPlaneCleanup.run(host, config(dir, "172.24.78.0/24").network().dataPlane());
      DataPlaneCleanup.run(host, config(other, "172.24.78.128/25").network().dataPlane());
    }
    // the leak check: nothing of the clouds is left on the host
    assertThat(namespaces()).doesNotContain(ns);
    for (String id : networkIds) {
      assertThat(namespaces()).doesNotContain(DeviceNames.dhcpNamespace(id));
    }
    String links = host.run(Command.of("ip", "-br", "addr")).stdout();
    assertThat(links).doesNotContain("172.24.78.1/24");
    bridges.forEach(b -> assertThat(links).doesNotContain(b));
    assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
        .filter(c -> c.contains(dir.toString()) || c.contains(other.toString())))
        .as("dnsmasq, haproxy").isEmpty();
  }

  private String namespaces() {
    return host.run(Command.of("ip", "netns", "list")).stdout();
  }

  private void waitForNamespace(String ns) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!namespaces().contains(ns) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
  }

  private boolean pingWithin(String ip) throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      if (host.run(Command.of("busybox", "ping", "-c", "1", "-W", "1", ip)).ok()) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }
}
