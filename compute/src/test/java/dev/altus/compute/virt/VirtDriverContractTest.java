package dev.altus.compute.virt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of {@link VirtDriver} that every driver keeps, one test (or table) per rule. Each driver
 * has a concrete subclass that says how to make a driver, which images it boots and how to make a
 * guest act on its own; the fake driver and the QEMU driver pass this same suite.
 */
public abstract class VirtDriverContractTest {
  /** The power states a test brings a guest to before acting on it. */
  protected enum From { RUNNING, PAUSED, SUSPENDED, SHUTDOWN }

  /** Every power action of the contract. */
  protected enum Action {
    POWER_OFF, POWER_ON, PAUSE, UNPAUSE, SUSPEND, RESUME, SOFT_REBOOT, HARD_REBOOT;

    void apply(VirtDriver d, String uuid) throws DriverException {
      switch (this) {
        case POWER_OFF -> d.powerOff(uuid, 0);
        case POWER_ON -> d.powerOn(uuid);
        case PAUSE -> d.pause(uuid);
        case UNPAUSE -> d.unpause(uuid);
        case SUSPEND -> d.suspend(uuid);
        case RESUME -> d.resume(uuid);
        case SOFT_REBOOT -> d.reboot(uuid, false);
        case HARD_REBOOT -> d.reboot(uuid, true);
        default -> throw new IllegalStateException();
      }
    }
  }

  protected VirtDriver driver;
  private final List<String> spawned = new ArrayList<>();

  /** A fresh driver for one host with no guests of earlier tests. */
  protected abstract VirtDriver newDriver() throws Exception;

  /** An image the driver boots. */
  protected abstract ImageSource bootableImage();

  /** A second bootable image, different from the first (rebuild, rescue). */
  protected abstract ImageSource otherBootableImage();

  /** An image every spawn fails on (e.g. bytes that are not what its disk format says). */
  protected abstract ImageSource unbootableImage();

  /** Makes a running guest power itself off from inside (e.g. an ACPI power-down). */
  protected abstract void shutDownFromInside(String uuid) throws Exception;

  /** Removes a guest from the host behind the driver's back (e.g. kills and undefines it). */
  protected abstract void removeBehindTheDriversBack(String uuid) throws Exception;

  /** How long a driver may take to notice what a guest did on its own. */
  protected Duration settleTime() {
    return Duration.ofSeconds(10);
  }

  /** A guest's RAM in tests: small, so a real hypervisor can run several. */
  protected int memoryMb() {
    return 128;
  }

  /**
   * Checks a snapshot of a guest whose root disk came from {@code image}. Drivers that write a
   * known layout check more.
   */
  protected void assertSnapshot(ImageSource image, Path file, String format) throws Exception {
    assertThat(format).isIn("qcow2", "raw");
    assertThat(Files.size(file)).isPositive();
    if (format.equals("qcow2")) {
      byte[] head = new byte[4];
      try (var in = Files.newInputStream(file)) {
        assertThat(in.read(head)).isEqualTo(4);
      }
      assertThat(head).containsExactly('Q', 'F', 'I', 0xfb);
    }
  }

  @BeforeEach
  void startDriver() throws Exception {
    driver = newDriver();
  }

  @AfterEach
  void stopDriver() throws Exception {
    for (String uuid : spawned) {
      driver.destroy(uuid);
    }
    driver.close();
  }

  protected InstanceSpec spec(String uuid, ImageSource image, int vcpus, int memoryMb, int rootGb,
      List<Vif> vifs) {
    return new InstanceSpec(uuid, "instance-" + uuid.substring(0, 8), "guest-" + uuid.substring(0, 8),
        vcpus, memoryMb, rootGb, 0, 0, image, vifs, null, Map.of("role", "contract-test"),
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC contract@test");
  }

  protected Vif vif(int n) {
    return new Vif(UUID.randomUUID().toString(), String.format("fa:16:3e:00:00:%02x", n),
        "net-" + n, List.of("10.0.0." + (10 + n)), 1450);
  }

  /** Spawns a running guest and remembers it for cleanup. */
  protected String boot() throws DriverException {
    String uuid = UUID.randomUUID().toString();
    spawned.add(uuid);
    driver.spawn(spec(uuid, bootableImage(), 1, memoryMb(), 1, List.of(vif(1))));
    return uuid;
  }

  protected PowerState state(String uuid) throws DriverException {
    return driver.info(uuid).state();
  }

  private String bootTo(From from) throws DriverException {
    String uuid = boot();
    switch (from) {
      case PAUSED -> driver.pause(uuid);
      case SUSPENDED -> driver.suspend(uuid);
      case SHUTDOWN -> driver.powerOff(uuid, 0);
      default -> { }
    }
    assertThat(state(uuid).name()).isEqualTo(from.name());
    return uuid;
  }

  private void eventually(Check check) throws Exception {
    long deadline = System.nanoTime() + settleTime().toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  @FunctionalInterface
  private interface Check {
    void run() throws Exception;
  }

  // ---- spawn

  @Test
  void spawnReturnsWhenTheGuestRuns() throws Exception {
    String uuid = boot();
    InstanceInfo info = driver.info(uuid);
    assertThat(info.uuid()).isEqualTo(uuid);
    assertThat(info.state()).isEqualTo(PowerState.RUNNING);
    assertThat(info.vcpus()).isEqualTo(1);
    assertThat(info.memoryMb()).isEqualTo(memoryMb());
    assertThat(driver.listInstances()).contains(uuid);
  }

  @Test
  void aFailedSpawnLeavesNothingBehindAndSaysWhy() throws Exception {
    String uuid = UUID.randomUUID().toString();
    spawned.add(uuid);
    assertThatThrownBy(() -> driver.spawn(spec(uuid, unbootableImage(), 1, memoryMb(), 1,
        List.of(vif(1)))))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining(unbootableImage().id());
    assertThat(driver.listInstances()).doesNotContain(uuid);
    assertThatThrownBy(() -> driver.info(uuid)).isInstanceOf(DriverException.InstanceNotFound.class);
    // the id is free again: a spawn with a good image works
    driver.spawn(spec(uuid, bootableImage(), 1, memoryMb(), 1, List.of(vif(1))));
    assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
  }

  // ---- destroy

  @Test
  void destroyIsIdempotent() throws Exception {
    assertThatCode(() -> driver.destroy(UUID.randomUUID().toString())).doesNotThrowAnyException();
    String uuid = boot();
    driver.destroy(uuid);
    assertThat(driver.listInstances()).doesNotContain(uuid);
    assertThatThrownBy(() -> driver.info(uuid)).isInstanceOf(DriverException.InstanceNotFound.class);
    assertThatCode(() -> driver.destroy(uuid)).doesNotThrowAnyException();
  }

  @Test
  void destroyRemovesAGuestInAnyState() throws Exception {
    for (From from : From.values()) {
      String uuid = bootTo(from);
      driver.destroy(uuid);
      assertThat(driver.listInstances()).doesNotContain(uuid);
    }
  }

  // ---- unknown guests

  /** Every call but destroy, on a guest id. */
  static Stream<Arguments> callsOnAGuest() {
    return Stream.<Arguments>of(
        call("reboot soft", (d, u, t) -> d.reboot(u, false)),
        call("reboot hard", (d, u, t) -> d.reboot(u, true)),
        call("powerOff", (d, u, t) -> d.powerOff(u, 0)),
        call("powerOn", (d, u, t) -> d.powerOn(u)),
        call("pause", (d, u, t) -> d.pause(u)),
        call("unpause", (d, u, t) -> d.unpause(u)),
        call("suspend", (d, u, t) -> d.suspend(u)),
        call("resume", (d, u, t) -> d.resume(u)),
        call("rescue", (d, u, t) -> d.rescue(u, t.otherBootableImage())),
        call("unrescue", (d, u, t) -> d.unrescue(u)),
        call("resize", (d, u, t) -> d.resize(u, t.spec(u, t.bootableImage(), 2, 256, 1,
            List.of()))),
        call("confirmResize", (d, u, t) -> d.confirmResize(u)),
        call("revertResize", (d, u, t) -> d.revertResize(u, t.spec(u, t.bootableImage(), 1, 128,
            1, List.of()))),
        call("rebuild", (d, u, t) -> d.rebuild(t.spec(u, t.bootableImage(), 1, 128, 1,
            List.of()))),
        call("snapshot", (d, u, t) -> d.snapshot(u, Files.createTempFile("snap", ".img"))),
        call("consoleOutput", (d, u, t) -> d.consoleOutput(u, null)),
        call("vncConsole", (d, u, t) -> d.vncConsole(u)),
        call("attachInterface", (d, u, t) -> d.attachInterface(u, t.vif(2))),
        call("detachInterface", (d, u, t) -> d.detachInterface(u, t.vif(2))),
        call("info", (d, u, t) -> d.info(u)));
  }

  @FunctionalInterface
  interface GuestCall {
    void call(VirtDriver d, String uuid, VirtDriverContractTest t) throws Exception;
  }

  private static Arguments call(String name, GuestCall c) {
    return Arguments.of(name, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callsOnAGuest")
  void everyCallOnAGuestTheDriverDoesNotHaveIsInstanceNotFound(String name, GuestCall c)
      throws Exception {
    String never = UUID.randomUUID().toString();
    assertThatThrownBy(() -> c.call(driver, never, this))
        .isInstanceOf(DriverException.InstanceNotFound.class)
        .hasMessageContaining(never);
    String destroyed = boot();
    driver.destroy(destroyed);
    assertThatThrownBy(() -> c.call(driver, destroyed, this))
        .isInstanceOf(DriverException.InstanceNotFound.class);
  }

  // ---- power transitions

  /** Every power action from every state: the state it ends in, or null when it is refused. */
  static Stream<Arguments> transitions() {
    PowerState run = PowerState.RUNNING;
    PowerState off = PowerState.SHUTDOWN;
    return Stream.of(
        t(From.RUNNING, Action.POWER_OFF, off), t(From.PAUSED, Action.POWER_OFF, off),
        t(From.SHUTDOWN, Action.POWER_OFF, off), t(From.SUSPENDED, Action.POWER_OFF, null),
        t(From.SHUTDOWN, Action.POWER_ON, run), t(From.RUNNING, Action.POWER_ON, run),
        t(From.PAUSED, Action.POWER_ON, null), t(From.SUSPENDED, Action.POWER_ON, null),
        t(From.RUNNING, Action.PAUSE, PowerState.PAUSED), t(From.PAUSED, Action.PAUSE, null),
        t(From.SUSPENDED, Action.PAUSE, null), t(From.SHUTDOWN, Action.PAUSE, null),
        t(From.PAUSED, Action.UNPAUSE, run), t(From.RUNNING, Action.UNPAUSE, null),
        t(From.SUSPENDED, Action.UNPAUSE, null), t(From.SHUTDOWN, Action.UNPAUSE, null),
        t(From.RUNNING, Action.SUSPEND, PowerState.SUSPENDED),
        t(From.PAUSED, Action.SUSPEND, PowerState.SUSPENDED),
        t(From.SUSPENDED, Action.SUSPEND, null), t(From.SHUTDOWN, Action.SUSPEND, null),
        t(From.SUSPENDED, Action.RESUME, run), t(From.RUNNING, Action.RESUME, null),
        t(From.PAUSED, Action.RESUME, null), t(From.SHUTDOWN, Action.RESUME, null),
        t(From.RUNNING, Action.SOFT_REBOOT, run), t(From.PAUSED, Action.SOFT_REBOOT, run),
        t(From.SUSPENDED, Action.SOFT_REBOOT, run), t(From.SHUTDOWN, Action.SOFT_REBOOT, run),
        t(From.RUNNING, Action.HARD_REBOOT, run), t(From.PAUSED, Action.HARD_REBOOT, run),
        t(From.SUSPENDED, Action.HARD_REBOOT, run), t(From.SHUTDOWN, Action.HARD_REBOOT, run));
  }

  private static Arguments t(From from, Action action, PowerState to) {
    return Arguments.of(from, action, to);
  }

  @ParameterizedTest(name = "{1} from {0} -> {2}")
  @MethodSource("transitions")
  void powerTransitionsAreExact(From from, Action action, PowerState to) throws Exception {
    String uuid = bootTo(from);
    if (to == null) {
      assertThatThrownBy(() -> action.apply(driver, uuid))
          .isInstanceOf(DriverException.class)
          .isNotInstanceOf(DriverException.InstanceNotFound.class);
      assertThat(state(uuid).name()).as("a refused call changes nothing").isEqualTo(from.name());
    } else {
      action.apply(driver, uuid);
      assertThat(state(uuid)).isEqualTo(to);
    }
  }

  @Test
  void everyStateOfTheTableIsCovered() {
    Set<String> seen = new HashSet<>();
    transitions().forEach(a -> seen.add(a.get()[0] + "/" + a.get()[1]));
    assertThat(seen).hasSize(From.values().length * Action.values().length);
  }

  // ---- info and list

  @Test
  void infoSeesAGuestThatShutItselfDown() throws Exception {
    String uuid = boot();
    shutDownFromInside(uuid);
    eventually(() -> assertThat(state(uuid)).isEqualTo(PowerState.SHUTDOWN));
    driver.powerOn(uuid);
    assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
  }

  @Test
  void infoSeesAGuestThatVanished() throws Exception {
    String uuid = boot();
    removeBehindTheDriversBack(uuid);
    eventually(() -> {
      assertThatThrownBy(() -> driver.info(uuid))
          .isInstanceOf(DriverException.InstanceNotFound.class);
      assertThat(driver.listInstances()).doesNotContain(uuid);
    });
    assertThatCode(() -> driver.destroy(uuid)).doesNotThrowAnyException();
  }

  @Test
  void infoCountsCpuTimeThatNeverGoesBack() throws Exception {
    String uuid = boot();
    long first = driver.info(uuid).cpuTimeNs();
    assertThat(first).isNotNegative();
    Thread.sleep(30);
    long second = driver.info(uuid).cpuTimeNs();
    assertThat(second).isGreaterThanOrEqualTo(first);
    driver.powerOff(uuid, 0);
    long stopped = driver.info(uuid).cpuTimeNs();
    Thread.sleep(30);
    assertThat(driver.info(uuid).cpuTimeNs()).as("no CPU time while off").isEqualTo(stopped);
  }

  @Test
  void listInstancesListsEveryGuestOfTheHost() throws Exception {
    String a = boot();
    String b = bootTo(From.SHUTDOWN);
    String c = bootTo(From.PAUSED);
    assertThat(driver.listInstances()).contains(a, b, c);
    driver.destroy(b);
    assertThat(driver.listInstances()).contains(a, c).doesNotContain(b);
  }

  @Test
  void resourcesDescribeTheHost() throws Exception {
    HostResources r = driver.resources();
    assertThat(r.hypervisorType()).isNotBlank();
    assertThat(r.hypervisorVersion()).isNotNegative();
    assertThat(r.vcpus()).isPositive();
    assertThat(r.memoryMb()).isPositive();
    assertThat(r.localGb()).isPositive();
    assertThat(r.cpuArch()).isNotBlank();
    assertThat(r.hostIp()).isNotBlank();
  }

  @Test
  void hostUptimeIsTheMachines() throws Exception {
    Path proc = Path.of("/proc/uptime");
    long uptime = driver.hostUptimeSeconds();
    assertThat(uptime).isPositive();
    if (Files.exists(proc)) {
      String s = Files.readString(proc).trim();
      double real = Double.parseDouble(s.substring(0, s.indexOf(' ')));
      assertThat((double) uptime).isCloseTo(real, org.assertj.core.data.Offset.offset(5.0));
    }
  }

  // ---- concurrency

  @Test
  void guestsCanBeSpawnedAndDestroyedConcurrently() throws Exception {
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<String> ids = new ArrayList<>();
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String uuid = UUID.randomUUID().toString();
        ids.add(uuid);
        spawned.add(uuid);
        int k = i;
        work.add(pool.submit(() -> {
          driver.spawn(spec(uuid, bootableImage(), 1, memoryMb(), 1, List.of(vif(k))));
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      Set<Integer> ports = new HashSet<>();
      for (String uuid : ids) {
        assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
        ports.add(driver.vncConsole(uuid).port());
      }
      assertThat(ports).as("each guest has its own console port").hasSize(n);
      assertThat(driver.listInstances()).containsAll(ids);
      work.clear();
      for (String uuid : ids) {
        work.add(pool.submit(() -> {
          driver.destroy(uuid);
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      assertThat(driver.listInstances()).doesNotContainAnyElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- rescue, resize, rebuild, snapshot

  @Test
  void rescueBootsTheRescueImageAndUnrescueReturns() throws Exception {
    String uuid = boot();
    driver.rescue(uuid, otherBootableImage());
    assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
    assertThatThrownBy(() -> driver.rescue(uuid, otherBootableImage()))
        .isInstanceOf(DriverException.class)
        .isNotInstanceOf(DriverException.InstanceNotFound.class);
    driver.unrescue(uuid);
    assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
    assertThatThrownBy(() -> driver.unrescue(uuid))
        .isInstanceOf(DriverException.class)
        .isNotInstanceOf(DriverException.InstanceNotFound.class);
  }

  @Test
  void aStoppedGuestCanBeRescued() throws Exception {
    String uuid = bootTo(From.SHUTDOWN);
    driver.rescue(uuid, otherBootableImage());
    assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
    driver.unrescue(uuid);
    assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
  }

  @ParameterizedTest
  @EnumSource(value = From.class, names = {"RUNNING", "SHUTDOWN"})
  void resizeGivesNewResourcesAndKeepsThePowerState(From from) throws Exception {
    String uuid = bootTo(from);
    driver.resize(uuid, spec(uuid, bootableImage(), 2, memoryMb() * 2, 2, List.of(vif(1))));
    InstanceInfo info = driver.info(uuid);
    assertThat(info.vcpus()).isEqualTo(2);
    assertThat(info.memoryMb()).isEqualTo(memoryMb() * 2);
    assertThat(info.state().name()).isEqualTo(from.name());
  }

  @ParameterizedTest
  @EnumSource(value = From.class, names = {"RUNNING", "SHUTDOWN"})
  void revertResizeReturnsToTheOriginalResourcesAndDisk(From from, @TempDir Path dir)
      throws Exception {
    String uuid = bootTo(from);
    InstanceSpec original = spec(uuid, bootableImage(), 1, memoryMb(), 1, List.of(vif(1)));
    driver.resize(uuid, spec(uuid, bootableImage(), 2, memoryMb() * 2, 2, List.of(vif(1))));
    driver.revertResize(uuid, original);
    InstanceInfo info = driver.info(uuid);
    assertThat(info.vcpus()).isEqualTo(1);
    assertThat(info.memoryMb()).isEqualTo(memoryMb());
    assertThat(info.state().name()).isEqualTo(from.name());
    Path file = dir.resolve("reverted.img");
    assertSnapshot(bootableImage(), file, driver.snapshot(uuid, file));
    assertThatThrownBy(() -> driver.revertResize(uuid, original))
        .as("nothing left to revert to").isInstanceOf(DriverException.class);
  }

  @Test
  void confirmResizeDropsTheOriginalSoNothingIsLeftToRevert() throws Exception {
    String uuid = boot();
    InstanceSpec original = spec(uuid, bootableImage(), 1, memoryMb(), 1, List.of(vif(1)));
    driver.resize(uuid, spec(uuid, bootableImage(), 2, memoryMb() * 2, 2, List.of(vif(1))));
    driver.confirmResize(uuid);
    driver.confirmResize(uuid);
    assertThat(driver.info(uuid).vcpus()).isEqualTo(2);
    assertThatThrownBy(() -> driver.revertResize(uuid, original))
        .isInstanceOf(DriverException.class);
  }

  @ParameterizedTest
  @EnumSource(value = From.class, names = {"RUNNING", "SHUTDOWN"})
  void rebuildReplacesTheRootDiskAndStartsTheGuest(From from, @TempDir Path dir)
      throws Exception {
    String uuid = bootTo(from);
    driver.rebuild(spec(uuid, otherBootableImage(), 1, memoryMb(), 1, List.of(vif(1))));
    assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
    Path file = dir.resolve("rebuilt.img");
    String format = driver.snapshot(uuid, file);
    assertSnapshot(otherBootableImage(), file, format);
  }

  @ParameterizedTest
  @EnumSource(value = From.class, names = {"RUNNING", "SHUTDOWN", "PAUSED"})
  void snapshotWritesTheRootDisk(From from, @TempDir Path dir) throws Exception {
    String uuid = bootTo(from);
    Path file = dir.resolve("snap.img");
    String format = driver.snapshot(uuid, file);
    assertSnapshot(bootableImage(), file, format);
    assertThat(state(uuid).name()).as("a snapshot leaves the guest as it was")
        .isEqualTo(from.name());
  }

  // ---- console

  @Test
  void consoleOutputShowsTheBootAndTailsExactly() throws Exception {
    String uuid = boot();
    eventually(() -> assertThat(driver.consoleOutput(uuid, null).split("\n", -1).length)
        .isGreaterThan(3));
    String tail = driver.consoleOutput(uuid, 3);
    assertThat(tail.split("\n", -1)).hasSize(3);
    assertThat(driver.consoleOutput(uuid, null)).endsWith(tail);
  }

  @Test
  void consoleOutputGrowsAcrossARebootAndSurvivesAStop() throws Exception {
    String uuid = boot();
    eventually(() -> assertThat(driver.consoleOutput(uuid, null)).isNotEmpty());
    int before = driver.consoleOutput(uuid, null).length();
    driver.reboot(uuid, true);
    eventually(() -> assertThat(driver.consoleOutput(uuid, null).length()).isGreaterThan(before));
    // lines enough for the tail below (a slow host may show the grown log a line at a time)
    eventually(() -> assertThat(driver.consoleOutput(uuid, null).split("\n", -1).length)
        .isGreaterThan(3));
    driver.powerOff(uuid, 0);
    assertThat(driver.consoleOutput(uuid, 3).split("\n", -1)).hasSize(3);
  }

  @Test
  void eachRunningGuestHasItsOwnVncConsole() throws Exception {
    String a = boot();
    String b = boot();
    ConsoleAddress ca = driver.vncConsole(a);
    ConsoleAddress cb = driver.vncConsole(b);
    assertThat(ca.protocol()).isEqualTo("vnc");
    assertThat(ca.host()).isNotBlank();
    assertThat(ca.port()).isPositive();
    assertThat(cb.port()).isNotEqualTo(ca.port());
    assertThat(driver.vncConsole(a)).as("stable while the guest lives").isEqualTo(ca);
  }

  @Test
  void aRunningGuestsVncConsoleAnswersAndStopsWhenItIsOff() throws Exception {
    String uuid = boot();
    ConsoleAddress ca = driver.vncConsole(uuid);
    try (java.net.Socket s = new java.net.Socket(ca.host(), ca.port())) {
      s.setSoTimeout(10_000);
      String greeting = new String(s.getInputStream().readNBytes(12),
          java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(greeting).as("an RFB server greets").matches("RFB \\d{3}\\.\\d{3}\n");
    }
    driver.powerOff(uuid, 0);
    eventually(() -> assertThatThrownBy(() -> new java.net.Socket(ca.host(), ca.port()).close())
        .as("nothing listens once the guest is off").isInstanceOf(java.io.IOException.class));
    assertThatThrownBy(() -> driver.vncConsole(uuid)).isInstanceOf(DriverException.class);
  }

  // ---- interfaces

  @Test
  void interfacesAttachAndDetachOnce() throws Exception {
    String uuid = boot();
    Vif extra = vif(7);
    driver.attachInterface(uuid, extra);
    assertThatThrownBy(() -> driver.attachInterface(uuid, extra))
        .isInstanceOf(DriverException.class);
    driver.detachInterface(uuid, extra);
    assertThatThrownBy(() -> driver.detachInterface(uuid, extra))
        .isInstanceOf(DriverException.class)
        .isNotInstanceOf(DriverException.InstanceNotFound.class);
    assertThat(state(uuid)).isEqualTo(PowerState.RUNNING);
  }

  /** Subclasses may use this to fail a test with the driver's state in the message. */
  protected void failWithState(String uuid, String why) throws DriverException {
    fail(why + " (guest " + uuid + " is " + state(uuid) + ")");
  }
}
