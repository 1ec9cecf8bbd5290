package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.host.RecordingHost;
import dev.altus.network.ipam.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which host routes the all-in-one's external range collides with, from `ip -j route`. */
class PublicBridgeTest {
  private static final String ROUTES = """
      [{"type":"unicast","dst":"default","gateway":"192.0.2.1","dev":"eth0","flags":[]},
       {"type":"unicast","dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link"},
       {"type":"unicast","dst":"10.8.0.0/16","gateway":"192.0.2.9","dev":"eth0"},
       {"type":"unicast","dst":"172.24.4.0/24","dev":"brqabcdef01-23","protocol":"kernel"},
       {"type":"local","dst":"172.30.0.1","table":"local","dev":"lo"}]""";

  private final RecordingHost host = new RecordingHost()
      .answer(List.of("ip", "-j", "-4", "route"), 0, ROUTES, "");
  private final PublicBridge bridge = new PublicBridge(host, null);

  @Test
  void anOverlapNamesTheRoute() {
    assertThat(bridge.collision(Cidr.parse("10.8.4.0/24", true), null))
        .contains("10.8.0.0/16 via 192.0.2.9 dev eth0");
    assertThat(bridge.collision(Cidr.parse("192.0.0.0/16", true), null))
        .contains("192.0.2.0/24 dev eth0");
  }

  @Test
  void theDefaultRouteLocalEntriesAndItsOwnBridgeAreNoCollision() {
    assertThat(bridge.collision(Cidr.parse("172.30.0.0/24", true), null)).isEmpty();
    assertThat(bridge.collision(Cidr.parse("172.24.4.0/24", true), "abcdef01-2345")).isEmpty();
    assertThat(bridge.collision(Cidr.parse("172.24.4.0/24", true), "ffffffff-0000"))
        .as("another cloud's external bridge on this host").contains("172.24.4.0/24 dev brqabcdef01-23");
  }

  @Test
  void ensureAddsTheGatewayOnceOnly() {
    host.answer(List.of("ip", "-j", "addr", "show"), 0,
        "[{\"ifname\":\"brqabcdef01-23\",\"addr_info\":[{\"local\":\"172.24.4.1\",\"prefixlen\":24}]}]", "");
    bridge.ensure("abcdef01-2345", "172.24.4.1", 24, 1500);
    assertThat(host.lines()).noneMatch(l -> l.startsWith("ip addr add"));
    host.clear();
    bridge.ensure("abcdef01-2345", "172.24.5.1", 24, 1500);
    assertThat(host.lines()).contains("ip addr add 172.24.5.1/24 dev brqabcdef01-23");
  }
}
