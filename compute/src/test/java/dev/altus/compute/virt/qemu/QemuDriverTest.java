package dev.altus.compute.virt.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.LocalHost;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.InstanceSpec;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.Vif;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the QEMU driver does beyond the shared contract, with real guests under TCG: nothing is left
 * after a delete, a killed process is seen at once, guests survive the driver and are re-attached,
 * a direct kernel boot, a clean ACPI power-off, the flavor's extra disks, and a bounded console.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class QemuDriverTest {
  private static TestGuestImage images;
  private Path instances;
  private QemuDriver driver;
  private final List<String> guests = new ArrayList<>();
  private final String network = "qdt" + ProcessHandle.current().pid() % 100000;

  @BeforeAll
  static void images() throws Exception {
    assumeTrue(new LocalHost().available("qemu-system-x86_64"),
        "qemu-system-x86_64 not found: apt-get install qemu-system-x86");
    images = TestGuestImage.get();
  }

  @BeforeEach
  void start() throws Exception {
    instances = Files.createTempDirectory("qd-");
    driver = newDriver(Map.of());
  }

  private QemuDriver newDriver(Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(QemuDriverContractTest.options(instances));
    o.putAll(extra);
    return (QemuDriver) new QemuDriverProvider().create("test-host", o);
  }

  @AfterEach
  void stop() throws Exception {
    for (String g : guests) {
      driver.destroy(g);
    }
    driver.close();
    String bridge = DeviceNames.bridge(network);
    if (new BridgePlug(new LocalHost()).exists(bridge)) {
      new LocalHost().run(Command.of("ip", "link", "del", "dev", bridge));
    }
    TestGuestImage.deleteTree(instances);
  }

  private Vif vif(int n) {
    return new Vif(UUID.randomUUID().toString(), String.format("fa:16:3e:00:02:%02x", n),
        network, List.of("10.0.0." + n), 1450);
  }

  private InstanceSpec spec(ImageSource image, int ephemeralGb, int swapMb, Path configDrive) {
    String uuid = UUID.randomUUID().toString();
    guests.add(uuid);
    return new InstanceSpec(uuid, "instance-" + uuid.substring(0, 8), "h", 1, 128, 1,
        ephemeralGb, swapMb, image, List.of(vif(1)), null, Map.of(), null, configDrive);
  }

  private String boot(ImageSource image) throws DriverException {
    InstanceSpec s = spec(image, 0, 0, null);
    driver.spawn(s);
    return s.uuid();
  }

  private static long pid(Path dir) throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("qemu.pid")).trim());
  }

  private static List<String> processesOf(String uuid) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(uuid))
            .orElse(false))
        .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList();
  }

  @Test
  void destroyLeavesNoProcessSocketTapOrFile() throws Exception {
    InstanceSpec s = spec(images.qcow2(), 1, 16, null);
    driver.spawn(s);
    Vif extra = vif(2);
    driver.attachInterface(s.uuid(), extra);
    Path dir = instances.resolve(s.uuid());
    BridgePlug plug = new BridgePlug(new LocalHost());
    String tap = DeviceNames.tap(s.vifs().get(0).portId());
    assertThat(plug.exists(tap)).isTrue();
    assertThat(plug.exists(DeviceNames.tap(extra.portId()))).isTrue();
    assertThat(Files.exists(dir.resolve("qmp.sock"))).isTrue();
    assertThat(processesOf(s.uuid())).hasSize(1);
    driver.destroy(s.uuid());
    assertThat(processesOf(s.uuid())).as("no process").isEmpty();
    assertThat(plug.exists(tap)).as("no tap").isFalse();
    assertThat(plug.exists(DeviceNames.tap(extra.portId()))).as("no hot-plugged tap").isFalse();
    assertThat(dir).as("no files, no sockets").doesNotExist();
    try (var left = Files.list(instances)) {
      // the cached bases, and the notes of the bridges the plug made (they outlive the guest,
      // as the network's bridge does, until the network's agent or 'dataplane clean' removes them)
      assertThat(left.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.equals("_base") || n.equals("_bridges"));
    }
  }

  @Test
  void aKilledQemuProcessIsSeenWithinTenSeconds() throws Exception {
    String uuid = boot(images.qcow2());
    BlockingQueue<String> told = new LinkedBlockingQueue<>();
    driver.addGuestListener((id, state, reason) -> told.add(id + " " + state + " " + reason));
    long t0 = System.nanoTime();
    ProcessHandle.of(pid(instances.resolve(uuid))).orElseThrow().destroyForcibly();
    String event = told.poll(10, TimeUnit.SECONDS);
    assertThat(event).as("the listener is told within 10 s").isNotNull()
        .startsWith(uuid + " SHUTDOWN its QEMU process ended without the guest powering off");
    assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
    assertThat(driver.info(uuid).state()).isEqualTo(PowerState.SHUTDOWN);
    assertThat(instances.resolve(uuid).resolve("qmp.sock")).doesNotExist();
    driver.powerOn(uuid);
    assertThat(driver.info(uuid).state()).isEqualTo(PowerState.RUNNING);
  }

  @Test
  void guestsOutliveTheDriverAndAreReattached() throws Exception {
    String running = boot(images.qcow2());
    String paused = boot(images.qcow2());
    driver.pause(paused);
    String off = boot(images.qcow2());
    driver.powerOff(off, 0);
    long pid = pid(instances.resolve(running));
    driver.close();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the guest lives on")
        .contains(true);
    driver = newDriver(Map.of());
    assertThat(driver.listInstances()).contains(running, paused, off);
    assertThat(driver.info(running).state()).isEqualTo(PowerState.RUNNING);
    assertThat(driver.info(paused).state()).isEqualTo(PowerState.PAUSED);
    assertThat(driver.info(off).state()).isEqualTo(PowerState.SHUTDOWN);
    driver.unpause(paused);
    driver.reboot(running, true);
    assertThat(driver.info(running).state()).isEqualTo(PowerState.RUNNING);
    assertThat(pid(instances.resolve(running))).as("the same process").isEqualTo(pid);
    // and it still sees the re-attached guest's process end
    BlockingQueue<String> told = new LinkedBlockingQueue<>();
    driver.addGuestListener((id, state, reason) -> told.add(id));
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(running);
  }

  @Test
  void suspendSavesTheMemoryAndResumeGoesOnFromIt() throws Exception {
    String early = boot(images.qcow2());
    driver.suspend(early); // before the guest's kernel even runs
    assertThat(driver.info(early).state()).isEqualTo(PowerState.SUSPENDED);
    driver.resume(early);
    assertThat(driver.info(early).state()).isEqualTo(PowerState.RUNNING);
    String uuid = boot(images.qcow2());
    Path dir = instances.resolve(uuid);
    QemuDriverContractTest.awaitLogin(dir);
    driver.suspend(uuid);
    assertThat(dir.resolve("memory.state")).exists();
    assertThat(processesOf(uuid)).isEmpty();
    driver.resume(uuid);
    assertThat(dir.resolve("memory.state")).doesNotExist();
    type(dir, "still-here-after-resume");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!driver.consoleOutput(uuid, null).contains("still-here-after-resume\n")) {
      assertThat(System.nanoTime()).as("the resumed guest answers").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(driver.consoleOutput(uuid, null)).as("no second boot")
        .containsOnlyOnce("init started");
  }

  static void type(Path dir, String line) throws Exception {
    try (var ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      ch.connect(java.net.UnixDomainSocketAddress.of(dir.resolve("serial.sock")));
      ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(
          java.nio.charset.StandardCharsets.US_ASCII)));
      Thread.sleep(200);
    }
  }

  @Test
  void anImageWithAKernelBootsItDirectly() throws Exception {
    String uuid = boot(images.kernelBoot());
    QemuDriverContractTest.awaitLogin(instances.resolve(uuid));
    assertThat(driver.consoleOutput(uuid, null)).contains("altus.boot=kernel");
  }

  @Test
  void stopAsksTheGuestToPowerOffAndItDoes() throws Exception {
    String uuid = boot(images.qcow2());
    QemuDriverContractTest.awaitLogin(instances.resolve(uuid));
    long t0 = System.nanoTime();
    driver.powerOff(uuid, 60);
    assertThat(System.nanoTime() - t0).as("the guest went before the timeout")
        .isLessThan(30_000_000_000L);
    assertThat(driver.consoleOutput(uuid, null)).contains("ACPI power button, powering off");
    assertThat(driver.info(uuid).state()).isEqualTo(PowerState.SHUTDOWN);
  }

  @Test
  void aGuestStillBootingIsAskedAgainUntilItPowersOff() throws Exception {
    String uuid = boot(images.qcow2());
    // pressed before the guest's kernel runs: that press is lost, a later one is heard
    driver.powerOff(uuid, 240);
    assertThat(driver.consoleOutput(uuid, null)).contains("ACPI power button, powering off");
    assertThat(driver.info(uuid).state()).isEqualTo(PowerState.SHUTDOWN);
  }

  @Test
  void aVncPortTakenWhileTheGuestWasOffMovesItToAnotherDisplay() throws Exception {
    driver.close();
    // displays of their own, away from 5900 where other clouds on a shared machine start theirs
    int base = 2000 + new java.util.Random().nextInt(20000);
    driver = newDriver(Map.of("vnc_base_display", Integer.toString(base)));
    String uuid = boot(images.qcow2());
    var console = driver.vncConsole(uuid);
    int before = console.port();
    driver.powerOff(uuid, 0);
    // another process (another cloud on this machine) listens on the port meanwhile, over IPv4
    // as QEMU does (a dual-stack socket would not keep QEMU from the port)
    try (var other = java.nio.channels.ServerSocketChannel.open(
        java.net.StandardProtocolFamily.INET)) {
      other.bind(new java.net.InetSocketAddress(console.host(), before));
      driver.powerOn(uuid);
      assertThat(driver.info(uuid).state()).isEqualTo(PowerState.RUNNING);
      assertThat(driver.vncConsole(uuid).port()).isNotEqualTo(before);
    }
  }

  @Test
  void theFlavorsDisksAndTheConfigDriveAreAttached() throws Exception {
    // the compute agent writes the config drive into the guest's own directory before the spawn
    // (as Nova's disk.config): the driver must take that directory, not refuse it as a duplicate
    InstanceSpec s0 = spec(images.qcow2(), 1, 32, null);
    Path dir = instances.resolve(s0.uuid());
    Path iso = Files.createDirectories(dir).resolve("disk.config");
    Files.write(iso, new byte[64 * 2048]);
    InstanceSpec s = new InstanceSpec(s0.uuid(), s0.name(), "h", 1, 128, 1, 1, 32, images.qcow2(),
        s0.vifs(), null, Map.of(), null, iso);
    driver.spawn(s);
    assertThatThrownBy(() -> driver.spawn(s)).isInstanceOf(DriverException.class)
        .hasMessageContaining("already exists");
    assertThat(dir.resolve("disk.eph0")).exists();
    assertThat(dir.resolve("disk.swap")).exists();
    assertThat(dir.resolve("disk.config")).exists();
    QemuDriverContractTest.awaitLogin(dir);
    assertThat(driver.consoleOutput(s.uuid(), null)).contains("disks: vda vdb vdc");
  }

  @Test
  void anImageLargerThanTheFlavorIsRefusedAndLeavesNothing() throws Exception {
    Path big = instances.resolve("big.qcow2");
    new LocalHost().run(Command.of("qemu-img", "create", "-f", "qcow2", big.toString(), "3G"))
        .orThrow();
    InstanceSpec s = spec(TestGuestImage.file("big-image", "qcow2", big), 0, 0, null);
    assertThatThrownBy(() -> driver.spawn(s)).isInstanceOf(DriverException.class)
        .hasMessageContaining("big-image").hasMessageContaining("larger than the flavor's");
    assertThat(instances.resolve(s.uuid())).doesNotExist();
    assertThat(new BridgePlug(new LocalHost()).exists(DeviceNames.tap(s.vifs().get(0).portId())))
        .isFalse();
  }

  @Test
  void theConsoleLogStaysBounded() throws Exception {
    driver.close();
    driver = newDriver(Map.of("console_max_bytes", "4096"));
    String uuid = boot(images.qcow2());
    QemuDriverContractTest.awaitLogin(instances.resolve(uuid));
    Path log = instances.resolve(uuid).resolve("console.log");
    StringBuilder more = new StringBuilder(); // as much output as a chatty guest's
    for (int i = 0; i < 200; i++) {
      more.append("line-").append(i).append(" ").append("x".repeat(60)).append("\r\n");
    }
    Files.writeString(log, more, java.nio.file.StandardOpenOption.APPEND);
    assertThat(Files.size(log)).isGreaterThan(4096);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (Files.size(log) > 4096) {
      assertThat(System.nanoTime()).as("bounded within seconds").isLessThan(deadline);
      Thread.sleep(200);
    }
    String tail = driver.consoleOutput(uuid, null);
    assertThat(tail).as("the newest kept, the oldest gone").contains("line-199 x")
        .doesNotContain("line-0 x").doesNotContain("altus-test-guest: init started");
    QemuDriverTest.type(instances.resolve(uuid), "after-the-cut");
    long until = System.nanoTime() + 60_000_000_000L;
    while (!driver.consoleOutput(uuid, null).contains("after-the-cut")) {
      assertThat(System.nanoTime()).as("the guest's output goes on after the cut")
          .isLessThan(until);
      Thread.sleep(100);
    }
  }
}
