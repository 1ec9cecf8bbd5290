package dev.altus.compute.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.host.RecordingHost;
import dev.altus.compute.model.RequestSpec;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which servers get a drive, the command that makes it, and what a failure leaves. */
class ConfigDriveTest {
  @TempDir
  Path dir;

  static Server server(String configDrive, Map<String, String> imageProps) {
    return new Server("id-1", 42, "s", "p1", "u1", "h", "h", "h", "nova", ServerStates.ACTIVE,
        null, 1, null, StoreFixture.flavor(1, 512, 1), null, null, "img", null, null, null,
        null, null, null, false, null, null, "s", 0, "r-1", configDrive, false,
        List.of("default"), new RequestSpec(List.of(), null, null, null, List.of(), List.of(),
            imageProps, List.of()), 0, 0, null, null, null, false, null);
  }

  @Test
  void aDriveIsMadeWhenAskedWhenTheImageDemandsItOrForEveryServer() {
    ConfigDrive optional = new ConfigDrive(new RecordingHost(), null, false);
    assertThat(optional.wanted(server("True", Map.of()))).isTrue();
    assertThat(optional.wanted(server("", Map.of()))).isFalse();
    assertThat(optional.wanted(server("", Map.of("img_config_drive", "mandatory")))).isTrue();
    assertThat(optional.wanted(server("", Map.of("img_config_drive", "optional")))).isFalse();
    assertThat(new ConfigDrive(new RecordingHost(), null, true).wanted(server("", Map.of())))
        .isTrue();
  }

  @Test
  void genisoimageMakesAJolietRockRidgeImageLabelledConfig2() {
    RecordingHost host = new RecordingHost();
    Path iso = dir.resolve("id-1").resolve("disk.config");
    host.on(List.of("genisoimage"), c -> {
      try {
        Files.writeString(Path.of(c.argv().get(2)), "iso");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return new dev.altus.common.host.CommandResult(c, 0, "", "", java.time.Duration.ZERO);
    });
    new ConfigDrive(host, null, false).write(Map.of("openstack/latest/meta_data.json",
        "{}".getBytes()), iso);
    assertThat(iso).hasContent("iso");
    var cmd = host.commands().get(0);
    assertThat(cmd.argv()).containsSubsequence("genisoimage", "-o", "-ldots",
        "-allow-lowercase", "-allow-multidot", "-l", "-J", "-r", "-V", "config-2");
    assertThat(cmd.timeout()).isEqualTo(ConfigDrive.TIME_LIMIT);
    // only the drive is left: no partial image, no staging tree
    assertThat(iso.getParent().toFile().list()).containsExactly("disk.config");
  }

  @Test
  void aFailedBuildLeavesNothingAndSaysWhy() {
    RecordingHost host = new RecordingHost().without("genisoimage")
        .answer(List.of("genisoimage"), 127, "", "genisoimage: not found");
    Path iso = dir.resolve("id-2").resolve("disk.config");
    assertThatThrownBy(() -> new ConfigDrive(host, null, false)
        .write(Map.of("a", new byte[1]), iso))
        .hasMessageContaining("apt-get install genisoimage");
    assertThat(iso.getParent().toFile().list()).isEmpty();
  }

  @Test
  void aPathCannotLeaveTheDrive() {
    Path iso = dir.resolve("id-3").resolve("disk.config");
    assertThatThrownBy(() -> new ConfigDrive(new RecordingHost(), null, false)
        .write(Map.of("../../escape", new byte[1]), iso))
        .hasMessageContaining("leaves the drive");
    assertThat(dir.resolve("escape")).doesNotExist();
  }

  @Test
  void removingTakesTheDriveAndItsEmptyDirectory() throws Exception {
    Path guest = Files.createDirectories(dir.resolve("id-4"));
    Files.writeString(guest.resolve("disk.config"), "x");
    ConfigDrive.remove(guest);
    assertThat(guest).doesNotExist();
    ConfigDrive.remove(guest); // nothing there: fine
  }

  @Test
  void netmasksInAddressForm() {
    assertThat(InstanceMetadata.netmask("10.0.0.0/24")).isEqualTo("255.255.255.0");
    assertThat(InstanceMetadata.netmask("10.0.0.0/9")).isEqualTo("255.128.0.0");
    assertThat(InstanceMetadata.netmask("0.0.0.0/0")).isEqualTo("0.0.0.0");
    assertThat(InstanceMetadata.netmask("fd00::/64")).isEqualTo("ffff:ffff:ffff:ffff::");
    assertThat(InstanceMetadata.netmask("2001:db8::/32")).isEqualTo("ffff:ffff::");
  }
}
