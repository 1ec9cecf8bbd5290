package dev.altus.compute.virt.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import dev.altus.compute.virt.BytesImage;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.VirtDriver;
import dev.altus.compute.virt.VirtDriverContractTest;
import dev.altus.compute.virt.Vif;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The QEMU driver against the shared driver contract, with real guests under TCG: a busybox guest
 * on the host's Debian kernel ({@link TestGuestImage}), 128 MiB each. Skipped only where
 * qemu-system-x86_64 is not installed.
 */
@org.junit.jupiter.api.Timeout(value = 240, unit = java.util.concurrent.TimeUnit.SECONDS)
class QemuDriverContractTest extends VirtDriverContractTest {
  private static final BytesImage BROKEN = BytesImage.qcow2("image-broken", 70_000, 3);
  private static final Set<String> NETWORKS = ConcurrentHashMap.newKeySet();
  private static TestGuestImage images;
  private Path instances;
  private QemuDriver qemu;

  @BeforeAll
  static void images() throws Exception {
    assumeTrue(new LocalHost().available("qemu-system-x86_64"),
        "qemu-system-x86_64 not found: apt-get install qemu-system-x86");
    images = TestGuestImage.get();
  }

  private static void removeEarlierDirs() throws Exception {
    for (Path d : DIRS) {
      TestGuestImage.deleteTree(d);
      DIRS.remove(d);
    }
  }

  @AfterAll
  static void removeBridges() throws Exception {
    removeEarlierDirs();
    BridgePlug plug = new BridgePlug(new LocalHost());
    for (String net : NETWORKS) {
      String bridge = DeviceNames.bridge(net);
      if (plug.exists(bridge)) {
        new LocalHost().run(Command.of("ip", "link", "del", "dev", bridge));
      }
    }
  }

  private static final List<Path> DIRS = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  protected VirtDriver newDriver() throws Exception {
    removeEarlierDirs(); // the earlier test's driver has destroyed its guests and closed
    instances = Files.createTempDirectory("q-");
    DIRS.add(instances);
    qemu = (QemuDriver) new QemuDriverProvider().create("contract-host", options(instances));
    return qemu;
  }

  static Map<String, String> options(Path instances) {
    return Map.of("instances_path", instances.toString(), "virt_type", "auto",
        "host_ip", "127.0.0.14", "soft_reboot_seconds", "3", "shutdown_seconds", "2");
  }

  @Override
  protected Vif vif(int n) {
    String net = "qct" + ProcessHandle.current().pid() % 10000 + "-" + n;
    NETWORKS.add(net);
    return new Vif(UUID.randomUUID().toString(), String.format("fa:16:3e:00:01:%02x", n), net,
        List.of("10.0.0." + (10 + n)), 1450);
  }

  @Override
  protected ImageSource bootableImage() {
    return images.qcow2();
  }

  @Override
  protected ImageSource otherBootableImage() {
    return images.raw();
  }

  @Override
  protected ImageSource unbootableImage() {
    return BROKEN;
  }

  @Override
  protected Duration settleTime() {
    return Duration.ofSeconds(60);
  }

  /** Types {@code poweroff} on the guest's serial console once it shows its prompt. */
  @Override
  protected void shutDownFromInside(String uuid) throws Exception {
    Path dir = instances.resolve(uuid);
    awaitLogin(dir);
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(dir.resolve("serial.sock")));
      ch.write(ByteBuffer.wrap("poweroff\n".getBytes(StandardCharsets.US_ASCII)));
      Thread.sleep(200);
    }
  }

  static void awaitLogin(Path dir) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    Path log = dir.resolve("console.log");
    while (!(Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1)
        .contains(TestGuestImage.LOGIN))) {
      assertThat(System.nanoTime()).as("the guest shows its login prompt").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** Kills the guest's QEMU process and removes its directory, as an operator might. */
  @Override
  protected void removeBehindTheDriversBack(String uuid) throws Exception {
    Path dir = instances.resolve(uuid);
    long pid = Long.parseLong(Files.readString(dir.resolve("qemu.pid")).trim());
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    TestGuestImage.deleteTree(dir);
  }

  /** The snapshot is a self-contained qcow2 (no backing file) of the disk's virtual size. */
  @Override
  protected void assertSnapshot(ImageSource image, Path file, String format) throws Exception {
    super.assertSnapshot(image, file, format);
    assertThat(format).isEqualTo("qcow2");
    var r = dev.altus.common.diskimage.DiskImageInspector.check(file, "qcow2", true);
    assertThat(r.virtualSize()).isEqualTo(1L << 30);
  }
}
