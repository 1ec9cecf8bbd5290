package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test guests themselves: plugged into a bridge, they reach each other and leave nothing. */
class NamespaceGuestTest {
  @TempDir
  Path dir;

  @Test
  void twoGuestsOnOneBridgeReachEachOtherAndLeaveNothing() {
    RootNetworking.assumeAvailable();
    LocalHost host = new LocalHost();
    String net = UUID.randomUUID().toString();
    String p1 = UUID.randomUUID().toString();
    String p2 = UUID.randomUUID().toString();
    try (NamespaceGuest a = new NamespaceGuest(host, net, p1, "fa:16:3e:00:00:01", 1450, dir);
        NamespaceGuest b = new NamespaceGuest(host, net, p2, "fa:16:3e:00:00:02", 1450, dir)) {
      a.exec("ip", "addr", "add", "10.255.77.1/24", "dev", "eth0").orThrow();
      b.exec("ip", "addr", "add", "10.255.77.2/24", "dev", "eth0").orThrow();
      assertThat(a.address()).contains("10.255.77.1");
      assertThat(a.mtu()).isEqualTo(1450);
      assertThat(a.pingWithin("10.255.77.2", java.time.Duration.ofSeconds(5))).isTrue();
      b.listen(8080, "hello-from-b");
      assertThat(a.connect("10.255.77.2", 8080, 3)).contains("hello-from-b");
      assertThat(a.connect("10.255.77.2", 8081, 2)).isEmpty();
      assertThat(new HostLeaks(host).relatedTo(List.of(p1, p2, net))).contains(
          "device " + DeviceNames.tap(p1), "device " + DeviceNames.bridge(net));
    } finally {
      host.run(Command.of("ip", "link", "del", "dev", DeviceNames.bridge(net)));
    }
    assertThat(new HostLeaks(host).relatedTo(List.of(p1, p2, net))).isEmpty();
  }
}
