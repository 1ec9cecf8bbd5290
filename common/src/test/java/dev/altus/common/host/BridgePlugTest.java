package dev.altus.common.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @TempDir Path record;

  @Test
  void notesTheBridgesItCreatesAndTheCleanupRemovesThemWithTheTapsLeftOnThem() throws Exception {
    RecordingHost host = new RecordingHost()
        .answer(List.of("ip", "link", "show", "dev", "brqnet"), 1, "", "does not exist");
    new BridgePlug(host, record).plugTap("net", "port", 1500);
    new BridgePlug(host, record).plugTap("other", "port2", 1500); // existed: not this plug's
    assertThat(Files.readString(record.resolve("brqnet"))).isEqualTo("net\n");
    assertThat(record.resolve("brqother")).doesNotExist();

    host = new RecordingHost().answer(List.of("ip", "-d", "-j", "link", "show", "master", "brqnet"),
        0, "[{\"ifname\":\"tapport\",\"linkinfo\":{\"info_kind\":\"tun\"}}]", "");
    List<String> removed = BridgePlug.removeRecorded(host, record);
    assertThat(removed).containsExactly("tapport", "brqnet");
    assertThat(record).isEmptyDirectory();
  }

  @Test
  void aNotedBridgeWithAnotherKindOfDeviceOnItIsKept() throws Exception {
    Files.writeString(record.resolve("brqnet"), "net\n");
    RecordingHost host = new RecordingHost().answer(List.of("ip", "-d", "-j", "link", "show",
        "master", "brqnet"), 0, "[{\"ifname\":\"tapdhcp\",\"linkinfo\":{\"info_kind\":\"veth\"}}]",
        "");
    assertThat(BridgePlug.removeRecorded(host, record)).isEmpty();
    assertThat(host.lines()).noneMatch(l -> l.startsWith("ip link del"));
    assertThat(record.resolve("brqnet")).exists();
  }
}
