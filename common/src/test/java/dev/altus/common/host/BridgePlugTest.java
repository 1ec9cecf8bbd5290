package dev.altus.common.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BridgePlugTest {
  @Test
  void createsTheBridgeAndTapWhenMissingThenPlugsWithTheMtu() {
    RecordingHost host = new RecordingHost().answer(List.of("ip", "link", "show"), 1, "", "does not exist");
    String tap = new BridgePlug(host).plugTap("0123456789abcdef", "fedcba9876543210", 1450);
    assertThat(tap).isEqualTo("tapfedcba98765");
    assertThat(host.lines()).containsExactly(
        "ip link show dev tapfedcba98765",
        "ip tuntap add dev tapfedcba98765 mode tap",
        "ip link show dev brq0123456789a",
        "ip link add brq0123456789a type bridge",
        "ip link set dev brq0123456789a type bridge stp_state 0 forward_delay 0",
        "ip link set dev brq0123456789a mtu 1450 up",
        "ip link set dev tapfedcba98765 mtu 1450 master brq0123456789a up");
  }

  @Test
  void plugsAgainWithoutCreatingAnything() {
    RecordingHost host = new RecordingHost();
    new BridgePlug(host).plugTap("net", "port", 1500);
    assertThat(host.lines()).containsExactly("ip link show dev tapport", "ip link show dev brqnet",
        "ip link set dev brqnet mtu 1500 up", "ip link set dev tapport mtu 1500 master brqnet up");
  }
}
