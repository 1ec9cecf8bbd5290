package dev.altus.compute.virt.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image check on crafted headers: what passes, and each way an image is refused. */
class DiskImageCheckTest {
  @TempDir
  Path dir;

  /** A qcow2 header of {@code version} with a 64 KiB cluster and a virtual size of 1 GiB. */
  private static ByteBuffer qcow2(int version) {
    ByteBuffer b = ByteBuffer.allocate(65536);
    b.putInt(0, DiskImageCheck.QCOW2_MAGIC);
    b.putInt(4, version);
    b.putInt(20, 16);
    b.putLong(24, 1L << 30);
    if (version == 3) {
      b.putInt(96, 4);
      b.putInt(100, 112);
    }
    return b;
  }

  private Path write(String name, ByteBuffer b) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, b.array());
    return p;
  }

  @Test
  void aPlainQcow2PassesWithItsVirtualSize() throws Exception {
    for (int v : new int[] {2, 3}) {
      DiskImageCheck.Result r = DiskImageCheck.check(write("v" + v, qcow2(v)), "qcow2");
      assertThat(r.format()).isEqualTo("qcow2");
      assertThat(r.virtualSize()).isEqualTo(1L << 30);
    }
  }

  @Test
  void aQcow2NamingABackingFileIsRefused() throws Exception {
    ByteBuffer b = qcow2(3);
    byte[] name = "/etc/shadow".getBytes(StandardCharsets.US_ASCII);
    b.putLong(8, 1024);
    b.putInt(16, name.length);
    b.put(1024, name);
    assertThatThrownBy(() -> DiskImageCheck.check(write("backing", b), "qcow2"))
        .isInstanceOf(DiskImageCheck.Refused.class)
        .hasMessageContaining("backing file").hasMessageContaining("/etc/shadow");
  }

  @Test
  void aQcow2WithTheExternalDataFileFeatureIsRefused() throws Exception {
    ByteBuffer b = qcow2(3);
    b.putLong(72, DiskImageCheck.INCOMPAT_DATA_FILE);
    assertThatThrownBy(() -> DiskImageCheck.check(write("datafile", b), "qcow2"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("external data file");
  }

  @Test
  void aQcow2WithADataFileOrBackingFormatExtensionIsRefused() throws Exception {
    for (int type : new int[] {DiskImageCheck.EXT_DATA_FILE, DiskImageCheck.EXT_BACKING_FORMAT}) {
      ByteBuffer b = qcow2(3);
      b.putInt(112, 0x6803f857); // a feature name table first, which is harmless
      b.putInt(116, 48);
      b.putInt(112 + 8 + 48, type);
      b.putInt(112 + 8 + 48 + 4, 8);
      b.put(112 + 16 + 48, "/dev/sda".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> DiskImageCheck.check(write("ext" + type, b), "qcow2"))
          .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("self-contained");
    }
  }

  @Test
  void harmlessExtensionsPass() throws Exception {
    ByteBuffer b = qcow2(3);
    b.putInt(112, 0x6803f857);
    b.putInt(116, 48);
    assertThat(DiskImageCheck.check(write("features", b), "qcow2").format()).isEqualTo("qcow2");
  }

  @Test
  void brokenQcow2HeadersAreRefused() throws Exception {
    ByteBuffer version = qcow2(3);
    version.putInt(4, 7);
    ByteBuffer cluster = qcow2(2);
    cluster.putInt(20, 40);
    ByteBuffer encrypted = qcow2(2);
    encrypted.putInt(32, 1);
    ByteBuffer unknown = qcow2(3);
    unknown.putLong(72, 1L << 40);
    ByteBuffer corrupt = qcow2(3);
    corrupt.putLong(72, DiskImageCheck.INCOMPAT_CORRUPT);
    ByteBuffer runaway = qcow2(3);
    runaway.putInt(112, 0x12345678);
    runaway.putInt(116, 0x7fffffff);
    ByteBuffer truncated = ByteBuffer.allocate(40);
    truncated.putInt(0, DiskImageCheck.QCOW2_MAGIC);
    String[][] cases = {{"version", "version 7"}, {"cluster", "cluster_bits"},
        {"encrypted", "encrypted"}, {"unknown", "unknown incompatible"}, {"corrupt", "corrupt"},
        {"runaway", "past the first cluster"}, {"truncated", "truncated"}};
    ByteBuffer[] buffers = {version, cluster, encrypted, unknown, corrupt, runaway, truncated};
    for (int i = 0; i < cases.length; i++) {
      Path p = write(cases[i][0], buffers[i]);
      assertThatThrownBy(() -> DiskImageCheck.check(p, "qcow2"))
          .as(cases[i][0]).isInstanceOf(DiskImageCheck.Refused.class)
          .hasMessageContaining(cases[i][1]);
    }
  }

  @Test
  void contentThatIsNotItsClaimedFormatIsRefused() throws Exception {
    Path qcow = write("qcow", qcow2(3));
    assertThatThrownBy(() -> DiskImageCheck.check(qcow, "raw"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("qcow2 image");
    ByteBuffer vmdk = ByteBuffer.allocate(4096);
    vmdk.put(0, "KDMV".getBytes(StandardCharsets.US_ASCII));
    Path v = write("vmdk", vmdk);
    assertThatThrownBy(() -> DiskImageCheck.check(v, "raw"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("vmdk");
    ByteBuffer descriptor = ByteBuffer.allocate(4096);
    descriptor.put(0, "# Disk DescriptorFile\nRW 100 FLAT \"/etc/passwd\" 0\n"
        .getBytes(StandardCharsets.US_ASCII));
    Path d = write("descriptor", descriptor);
    assertThatThrownBy(() -> DiskImageCheck.check(d, "raw"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("vmdk");
    ByteBuffer vhd = ByteBuffer.allocate(4096);
    vhd.put(4096 - 512, "conectix".getBytes(StandardCharsets.US_ASCII));
    Path h = write("vhd", vhd);
    assertThatThrownBy(() -> DiskImageCheck.check(h, "raw"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("vpc");
    ByteBuffer zeros = ByteBuffer.allocate(4096);
    Path z = write("zeros", zeros);
    assertThatThrownBy(() -> DiskImageCheck.check(z, "qcow2"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("not a qcow2");
  }

  @Test
  void rawDataPassesAndOtherFormatsAreNotBooted() throws Exception {
    ByteBuffer mbr = ByteBuffer.allocate(1 << 20);
    mbr.put(510, (byte) 0x55).put(511, (byte) 0xaa);
    Path p = write("mbr", mbr);
    DiskImageCheck.Result r = DiskImageCheck.check(p, "raw");
    assertThat(r.format()).isEqualTo("raw");
    assertThat(r.virtualSize()).isEqualTo(1 << 20);
    assertThatThrownBy(() -> DiskImageCheck.check(p, "vmdk"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("use raw or qcow2");
    Path empty = write("empty", ByteBuffer.allocate(0));
    assertThatThrownBy(() -> DiskImageCheck.check(empty, "raw"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("empty");
  }

  @Test
  void aRealQemuImgImageWithABackingFileIsRefused() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new dev.altus.common.host.LocalHost().available("qemu-img"), "qemu-img not installed");
    var host = new dev.altus.common.host.LocalHost();
    Path base = dir.resolve("base.raw");
    Files.write(base, new byte[65536]);
    Path overlay = dir.resolve("overlay.qcow2");
    host.run(dev.altus.common.host.Command.of("qemu-img", "create", "-f", "qcow2", "-b",
        base.toString(), "-F", "raw", overlay.toString())).orThrow();
    assertThatThrownBy(() -> DiskImageCheck.check(overlay, "qcow2"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining(base.toString());
    Path data = dir.resolve("data.qcow2");
    host.run(dev.altus.common.host.Command.of("qemu-img", "create", "-f", "qcow2", "-o",
        "data_file=" + dir.resolve("data.raw"), data.toString(), "1M")).orThrow();
    assertThatThrownBy(() -> DiskImageCheck.check(data, "qcow2"))
        .isInstanceOf(DiskImageCheck.Refused.class).hasMessageContaining("data file");
    Path plain = dir.resolve("plain.qcow2");
    host.run(dev.altus.common.host.Command.of("qemu-img", "create", "-f", "qcow2",
        plain.toString(), "3M")).orThrow();
    assertThat(DiskImageCheck.check(plain, "qcow2").virtualSize()).isEqualTo(3L << 20);
  }
}
