package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.host.RecordingHost;
import dev.altus.network.DataPlaneConfig;
import dev.altus.network.NetworkConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The L3 side refuses to start without what it needs, saying what to do. */
class LinuxL3Test {
  private static final DataPlaneConfig LINUX = new DataPlaneConfig("linux", Path.of("/tmp/x"),
      "", java.util.Map.of(), java.util.Map.of(), 86400, 1);
  private final NetworkConfig config = new NetworkConfig("http://x", null,
      NetworkConfig.defaultQuotas(), LINUX, "http://127.0.0.1:8775", "s");

  @Test
  void aMissingToolNamesItsPackage() {
    assertThatThrownBy(() -> LinuxL3.check(config, new RecordingHost().without("haproxy")))
        .hasMessage("haproxy not found (the L3 agent needs it): apt-get install haproxy");
    assertThatThrownBy(() -> LinuxL3.check(config, new RecordingHost().without("arping")))
        .hasMessageContaining("apt-get install iputils-arping");
  }

  @Test
  void theMetadataSecretIsRequired() {
    NetworkConfig noSecret = new NetworkConfig("http://x", null, NetworkConfig.defaultQuotas(),
        LINUX, "http://127.0.0.1:8775", "");
    assertThatThrownBy(() -> LinuxL3.check(noSecret, new RecordingHost()))
        .hasMessageContaining("metadata.shared_secret");
    assertThatCode(() -> LinuxL3.check(config, new RecordingHost())).doesNotThrowAnyException();
  }
}
