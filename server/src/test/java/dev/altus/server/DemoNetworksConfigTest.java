package dev.altus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-in-one's external and private network options. */
class DemoNetworksConfigTest {
  @Test
  void defaultsAreDevStacks() {
    var c = DemoNetworks.Config.of(null, null, null);
    assertThat(c.publicCidr()).hasToString("172.24.4.0/24");
    assertThat(c.publicGateway()).hasToString("172.24.4.1");
    assertThat(c.privateCidr()).hasToString("10.0.0.0/26");
  }

  @Test
  void badRangesAreRefusedWithTheOptionsName() {
    assertThatThrownBy(() -> DemoNetworks.Config.of("172.24.4.1/24", null, null))
        .hasMessageContaining("network.public_cidr");
    assertThatThrownBy(() -> DemoNetworks.Config.of("172.24.4.0/24", "10.0.0.1", null))
        .hasMessageContaining("network.public_gateway 10.0.0.1 is not a host address");
    assertThatThrownBy(() -> DemoNetworks.Config.of("172.24.4.0/30", null, null))
        .hasMessageContaining("too small");
    assertThatThrownBy(() -> DemoNetworks.Config.of("2001:db8::/64", null, null))
        .hasMessageContaining("IPv4");
  }

  @TempDir Path dir;

  @Test
  void theLinuxDataPlaneIsChosenByOption() throws Exception {
    var env = Map.of("ALTUS_NETWORK_DATAPLANE", "linux", "ALTUS_NETWORK_PUBLIC_CIDR",
        "172.24.9.0/24");
    var c = AltusConfig.load(dir, "127.0.0.1", null, env);
    assertThat(c.network().linuxDataplane()).isTrue();
    assertThat(c.network().stateDir()).isEqualTo(dir.resolve("network"));
    assertThat(c.demoNetworks().publicGateway()).hasToString("172.24.9.1");
    assertThatThrownBy(() -> AltusConfig.load(dir, "127.0.0.1", null,
        Map.of("ALTUS_NETWORK_DATAPLANE", "ovs"))).hasMessageContaining("must be linux, noop or auto");
  }
}
