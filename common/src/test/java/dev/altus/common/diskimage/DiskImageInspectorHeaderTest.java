package dev.altus.common.diskimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector on crafted qcow2 headers (each way one names another file or is malformed) and on
 * content carrying another format's signature than the one it claims, with the sizes it reads.
 */
class DiskImageInspectorHeaderTest {
  static final int QCOW2_MAGIC = 0x514649fb;
  @TempDir
  Path dir;

  /** A qcow2 header of {@code version} with a 64 KiB cluster and a virtual size of 1 GiB. */
  private static ByteBuffer qcow2(int version) {
    ByteBuffer b = ByteBuffer.allocate(65536);
    b.putInt(0, QCOW2_MAGIC);
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
      var i = DiskImageInspector.check(write("v" + v, qcow2(v)), "qcow2", true);
      assertThat(i.format()).isEqualTo(DiskFormat.QCOW2);
      assertThat(i.virtualSize()).isEqualTo(1L << 30);
    }
  }

  @Test
  void aQcow2NamingABackingFileIsRefusedWithItsName() throws Exception {
    ByteBuffer b = qcow2(3);
    byte[] name = "/etc/shadow".getBytes(StandardCharsets.US_ASCII);
    b.putLong(8, 1024);
    b.putInt(16, name.length);
    b.put(1024, name);
    assertThatThrownBy(() -> DiskImageInspector.check(write("backing", b), "qcow2", false))
        .isInstanceOf(UnsafeImageException.class)
        .hasMessageContaining("backing file").hasMessageContaining("/etc/shadow");
    ByteBuffer sizeOnly = qcow2(2);
    sizeOnly.putInt(16, 8);
    assertThat(DiskImageInspector.inspect(write("size-only", sizeOnly)).unsafe())
        .singleElement().asString().contains("backing file");
  }

  @Test
  void aQcow2WithTheExternalDataFileFeatureIsRefused() throws Exception {
    ByteBuffer b = qcow2(3);
    b.putLong(72, DiskImageInspector.QCOW2_DATA_FILE);
    assertThatThrownBy(() -> DiskImageInspector.check(write("datafile", b), "qcow2", true))
        .isInstanceOf(UnsafeImageException.class).hasMessageContaining("external data file");
  }

  @Test
  void aQcow2WithADataFileOrBackingFormatExtensionIsRefused() throws Exception {
    for (int type : new int[] {DiskImageInspector.QCOW2_EXT_DATA_FILE,
        DiskImageInspector.QCOW2_EXT_BACKING_FORMAT}) {
      ByteBuffer b = qcow2(3);
      b.putInt(112, 0x6803f857); // a feature name table first, which is harmless
      b.putInt(116, 48);
      b.putInt(112 + 8 + 48, type);
      b.putInt(112 + 8 + 48 + 4, 8);
      b.put(112 + 16 + 48, "/dev/sda".getBytes(StandardCharsets.US_ASCII));
      assertThat(DiskImageInspector.inspect(write("ext" + type, b)).unsafe())
          .singleElement().asString().contains("header extension names");
    }
  }

  @Test
  void harmlessExtensionsPass() throws Exception {
    ByteBuffer b = qcow2(3);
    b.putInt(112, 0x6803f857);
    b.putInt(116, 48);
    assertThat(DiskImageInspector.inspect(write("features", b)).safe()).isTrue();
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
    corrupt.putLong(72, DiskImageInspector.QCOW2_CORRUPT);
    ByteBuffer headerLength = qcow2(3);
    headerLength.putInt(100, 64);
    ByteBuffer runaway = qcow2(3);
    runaway.putInt(112, 0x12345678);
    runaway.putInt(116, 0x7fffffff);
    ByteBuffer truncated = ByteBuffer.allocate(40);
    truncated.putInt(0, QCOW2_MAGIC);
    String[][] cases = {{"version", "version 7"}, {"cluster", "cluster_bits"},
        {"encrypted", "encrypted"}, {"unknown", "unknown incompatible"}, {"corrupt", "corrupt"},
        {"header-length", "header_length 64"}, {"runaway", "past the first cluster"},
        {"truncated", "cut short"}};
    ByteBuffer[] buffers = {version, cluster, encrypted, unknown, corrupt, headerLength, runaway,
        truncated};
    for (int i = 0; i < cases.length; i++) {
      Path p = write(cases[i][0], buffers[i]);
      assertThatThrownBy(() -> DiskImageInspector.check(p, "qcow2", true))
          .as(cases[i][0]).isInstanceOf(UnsafeImageException.class)
          .hasMessageContaining(cases[i][1]);
    }
  }

  @Test
  void contentThatIsNotItsClaimedFormatIsRefused() throws Exception {
    Path qcow = write("qcow", qcow2(3));
    assertThatThrownBy(() -> DiskImageInspector.check(qcow, "raw", true))
        .isInstanceOf(UnsafeImageException.class).hasMessageContaining("a qcow2 image");
    ByteBuffer vhd = ByteBuffer.allocate(4096);
    vhd.put(4096 - 512, "conectix".getBytes(StandardCharsets.US_ASCII));
    Path h = write("vhd", vhd);
    assertThatThrownBy(() -> DiskImageInspector.check(h, "raw", true))
        .isInstanceOf(UnsafeImageException.class).hasMessageContaining("a vhd image");
    Path z = write("zeros", ByteBuffer.allocate(4096));
    assertThatThrownBy(() -> DiskImageInspector.check(z, "qcow2", true))
        .isInstanceOf(UnsafeImageException.class).hasMessageContaining("(raw)");
    ByteBuffer descriptor = ByteBuffer.allocate(4096);
    descriptor.put(0, "# Disk DescriptorFile\nRW 100 FLAT \"/etc/passwd\" 0\n"
        .getBytes(StandardCharsets.US_ASCII));
    Path d = write("descriptor", descriptor);
    assertThatThrownBy(() -> DiskImageInspector.check(d, "raw", false))
        .isInstanceOf(UnsafeImageException.class).hasMessageContaining("vmdk");
  }

  @Test
  void rawDataIsItsFileSize() throws Exception {
    ByteBuffer mbr = ByteBuffer.allocate(1 << 20);
    mbr.put(510, (byte) 0x55).put(511, (byte) 0xaa);
    var i = DiskImageInspector.check(write("mbr", mbr), "raw", true);
    assertThat(i.format()).isEqualTo(DiskFormat.RAW);
    assertThat(i.virtualSize()).isEqualTo(1 << 20);
  }
}
