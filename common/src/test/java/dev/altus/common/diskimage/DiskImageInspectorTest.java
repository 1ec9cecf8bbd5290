package dev.altus.common.diskimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.host.Command;
import dev.altus.common.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector on images made by qemu-img and genisoimage, and on crafted ones: each format is
 * recognized, a backing file, an external data file, VMDK extents in other files and QED are
 * refused, and content that is not its claimed disk_format is refused.
 */
class DiskImageInspectorTest {
  static final LocalHost HOST = new LocalHost();
  @TempDir
  static Path dir;
  static Path goodQcow2;

  static Path make(String name, String... argv) {
    Path p = dir.resolve(name);
    List<String> cmd = new java.util.ArrayList<>(List.of(argv));
    cmd.replaceAll(a -> a.replace("OUT", p.toString()).replace("DIR", dir.toString()));
    HOST.run(Command.of(cmd)).orThrow();
    return p;
  }

  static Path qemuImg(String name, String format, String... options) {
    List<String> argv = new java.util.ArrayList<>(List.of("qemu-img", "create", "-q", "-f",
        format));
    argv.addAll(List.of(options));
    argv.addAll(List.of("OUT", "4M"));
    return make(name, argv.toArray(String[]::new));
  }

  @BeforeAll
  static void images() {
    goodQcow2 = qemuImg("good.qcow2", "qcow2");
  }

  @Test
  void aQcow2MadeByQemuImgIsAccepted() {
    var i = DiskImageInspector.check(goodQcow2, "qcow2", true);
    assertThat(i.format()).isEqualTo(DiskFormat.QCOW2);
    assertThat(i.safe()).isTrue();
    QemuImg.Info info = new QemuImg(HOST).safeInfo(goodQcow2, DiskFormat.QCOW2);
    assertThat(info.virtualSize()).isEqualTo(4L << 20);
  }

  @Test
  void aQcow2WithABackingFileIsRefused() {
    Path overlay = qemuImg("overlay.qcow2", "qcow2", "-b", goodQcow2.toString(), "-F", "qcow2");
    assertThat(DiskImageInspector.inspect(overlay).unsafe()).containsExactly(
        "the qcow2 header names a backing file (" + goodQcow2 + ")",
        "a qcow2 header extension names a backing file format");
    assertThatThrownBy(() -> DiskImageInspector.check(overlay, "qcow2", true))
        .isInstanceOf(UnsafeImageException.class).hasMessageContaining("backing file");
    // whatever it claims to be
    assertThatThrownBy(() -> DiskImageInspector.check(overlay, "ami", false))
        .hasMessageContaining("backing file");
    // qemu-img, asked on its own, sees it too
    assertThatThrownBy(() -> new QemuImg(HOST).safeInfo(overlay, DiskFormat.QCOW2))
        .hasMessageContaining("backing file");
  }

  @Test
  void aQcow2WithAnExternalDataFileIsRefused() {
    Path img = qemuImg("datafile.qcow2", "qcow2", "-o",
        "data_file=" + dir.resolve("datafile.raw"));
    assertThatThrownBy(() -> DiskImageInspector.check(img, "qcow2", true))
        .hasMessageContaining("external data file");
  }

  @Test
  void aQcow2WithUnknownIncompatibleFeaturesIsRefused() throws Exception {
    Path img = Files.copy(goodQcow2, dir.resolve("future.qcow2"));
    try (var ch = java.nio.channels.FileChannel.open(img,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 1, 0}), 72);
    }
    assertThat(DiskImageInspector.inspect(img).unsafe()).singleElement().asString()
        .contains("unknown incompatible features");
  }

  @Test
  void contentMustBeItsClaimedFormat() throws Exception {
    Path raw = dir.resolve("random.raw");
    byte[] bytes = new byte[64 * 1024];
    new Random(7).nextBytes(bytes);
    Files.write(raw, bytes);
    assertThat(DiskImageInspector.check(raw, "raw", true).format()).isEqualTo(DiskFormat.RAW);
    assertThatThrownBy(() -> DiskImageInspector.check(raw, "qcow2", true))
        .hasMessage("Image content does not match disk_format qcow2: the data is no format this"
            + " service recognizes (raw).");
    assertThatThrownBy(() -> DiskImageInspector.check(goodQcow2, "raw", true))
        .hasMessageContaining("the data is a qcow2 image");
    // when formats need not match, only safety counts
    assertThat(DiskImageInspector.check(raw, "qcow2", false).format()).isEqualTo(DiskFormat.RAW);
    assertThat(DiskImageInspector.check(goodQcow2, "raw", false).format())
        .isEqualTo(DiskFormat.QCOW2);
    // claims with no inspector get the safety checks only
    assertThat(DiskImageInspector.check(goodQcow2, "ami", true).format())
        .isEqualTo(DiskFormat.QCOW2);
  }

  @Test
  void everyFormatIsRecognized() {
    assertThat(DiskImageInspector.inspect(qemuImg("d.vmdk", "vmdk")).format())
        .isEqualTo(DiskFormat.VMDK);
    assertThat(DiskImageInspector.check(qemuImg("s.vmdk", "vmdk", "-o",
        "subformat=streamOptimized"), "vmdk", true).safe()).isTrue();
    assertThat(DiskImageInspector.check(qemuImg("d.vhd", "vpc"), "vhd", true).format())
        .isEqualTo(DiskFormat.VHD);
    assertThat(DiskImageInspector.check(qemuImg("f.vhd", "vpc", "-o", "subformat=fixed"), "vhd",
        true).format()).isEqualTo(DiskFormat.VHD);
    assertThat(DiskImageInspector.check(qemuImg("d.vhdx", "vhdx"), "vhdx", true).format())
        .isEqualTo(DiskFormat.VHDX);
    assertThat(DiskImageInspector.check(qemuImg("d.vdi", "vdi"), "vdi", true).format())
        .isEqualTo(DiskFormat.VDI);
    assertThat(DiskImageInspector.check(qemuImg("d.raw", "raw"), "raw", true).format())
        .isEqualTo(DiskFormat.RAW);
    Path tree = dir.resolve("isotree");
    make("isotree-made", "mkdir", "-p", tree.toString());
    Path iso = make("d.iso", "genisoimage", "-quiet", "-o", "OUT", "-V", "x", tree.toString());
    assertThat(DiskImageInspector.check(iso, "iso", true).format()).isEqualTo(DiskFormat.ISO);
    assertThatThrownBy(() -> DiskImageInspector.check(iso, "raw", true))
        .hasMessageContaining("the data is a iso image");
  }

  @Test
  void vmdkExtentsInOtherFilesAndQedAreRefused() {
    Path flat = qemuImg("flat.vmdk", "vmdk", "-o", "subformat=monolithicFlat");
    assertThatThrownBy(() -> DiskImageInspector.check(flat, "vmdk", true))
        .hasMessageContaining("descriptor file names its data in other files");
    Path split = qemuImg("split.vmdk", "vmdk", "-o", "subformat=twoGbMaxExtentSparse");
    assertThatThrownBy(() -> DiskImageInspector.check(split, "vmdk", true))
        .hasMessageContaining("VMDK");
    Path qed = qemuImg("d.qed", "qed");
    assertThatThrownBy(() -> DiskImageInspector.check(qed, "qed", true))
        .hasMessageContaining("QED");
  }

  @Test
  void anEmbeddedDescriptorWithSeveralExtentsIsRefused() throws Exception {
    Path img = Files.copy(dir.resolve("d.vmdk").toFile().exists() ? dir.resolve("d.vmdk")
        : qemuImg("d.vmdk", "vmdk"), dir.resolve("two-extents.vmdk"));
    var ins = DiskImageInspector.inspect(img);
    assertThat(ins.safe()).isTrue();
    // rewrite the embedded descriptor (at sector 1) to add a second extent in another file
    byte[] all = Files.readAllBytes(img);
    String desc = new String(all, 512, 1024, java.nio.charset.StandardCharsets.US_ASCII);
    int at = desc.indexOf("RW ");
    int end = desc.indexOf('\n', at);
    String extra = desc.substring(0, end + 1) + "RW 8192 FLAT \"/etc/shadow\" 0\n"
        + desc.substring(end + 1);
    byte[] rewritten = extra.substring(0, 1024).getBytes(java.nio.charset.StandardCharsets
        .US_ASCII);
    System.arraycopy(rewritten, 0, all, 512, rewritten.length);
    Files.write(img, all);
    assertThat(DiskImageInspector.inspect(img).unsafe()).singleElement().asString()
        .contains("names 2 extents");
  }

  @Test
  void qemuImgRunsWithTheFormatGivenUnderLimits() {
    var host = new dev.altus.common.host.RecordingHost().answer(List.of("qemu-img"), 0,
        "{\"format\": \"qcow2\", \"virtual-size\": 1048576}", "");
    new QemuImg(host).safeInfo(goodQcow2, DiskFormat.QCOW2);
    Command c = host.commands().get(0);
    assertThat(c.argv()).containsExactly("qemu-img", "info", "--output=json", "-f", "qcow2",
        goodQcow2.toString());
    assertThat(c.limits()).isEqualTo(new Command.Limits(1L << 30, 30));
    assertThat(c.fullArgv()).startsWith("prlimit", "--as=1073741824", "--cpu=30", "--");
    var failing = new dev.altus.common.host.RecordingHost().answer(List.of("qemu-img"), 1, "",
        "qemu-img: Could not open: Image is not in qcow2 format");
    assertThatThrownBy(() -> new QemuImg(failing).info(goodQcow2, DiskFormat.QCOW2))
        .hasMessageContaining("Image is not in qcow2 format");
  }
}
