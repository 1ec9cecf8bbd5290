package dev.altus.compute.virt.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.compute.virt.BytesImage;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.InstanceSpec;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.VirtDriverProvider;
import dev.altus.compute.virt.Vif;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fake driver does beyond the shared contract: options, injected failures, its guests. */
class FakeDriverTest {
  private static final BytesImage IMAGE = BytesImage.qcow2("img-a", 10_000, 7);
  private static final BytesImage RAW = new BytesImage("img-raw", "raw", new byte[] {1, 2, 3, 4});
  private static final Vif NIC = new Vif("port-1", "fa:16:3e:aa:bb:01", "net-1",
      List.of("10.1.0.5"), 1450);

  private static FakeDriver driver(Map<String, String> options) {
    return new FakeDriver("host-a", FakeDriverOptions.parse("host-a", options));
  }

  private static FakeDriver fast() {
    return driver(Map.of("boot_seconds", "0"));
  }

  private static InstanceSpec spec(String uuid, ImageSource image) {
    return new InstanceSpec(uuid, "instance-0000002a", "web-1", 2, 512, 1, 0, 0, image,
        List.of(NIC), "I2Nsb3VkLWNvbmZpZw==", Map.of("k", "v"), "ssh-rsa AAAAB3Nza user@host");
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  @Test
  void withPlugTapsEachNicIsARealTapOnItsNetworksBridgeUntilTheGuestGoes() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
        && new dev.altus.common.host.LocalHost().available("ip"), "needs root and iproute2");
    var host = new dev.altus.common.host.LocalHost();
    String net = UUID.randomUUID().toString();
    String port = UUID.randomUUID().toString();
    Vif nic = new Vif(port, "fa:16:3e:aa:bb:02", net, List.of("10.1.0.6"), 1450);
    String tap = dev.altus.common.host.DeviceNames.tap(port);
    String bridge = dev.altus.common.host.DeviceNames.bridge(net);
    FakeDriver d = driver(Map.of("boot_seconds", "0", "plug_taps", "true"));
    try {
      String uuid = UUID.randomUUID().toString();
      InstanceSpec s = spec(uuid, IMAGE);
      d.spawn(new InstanceSpec(s.uuid(), s.name(), s.hostname(), s.vcpus(), s.memoryMb(),
          s.rootGb(), s.ephemeralGb(), s.swapMb(), s.image(), List.of(nic), s.userData(),
          s.metadata(), s.publicKey()));
      String shown = host.run(dev.altus.common.host.Command.of("ip", "-o", "link", "show", "dev", tap))
          .orThrow().stdout();
      assertThat(shown).contains("master " + bridge, "mtu 1450");
      d.destroy(uuid);
      assertThat(host.run(dev.altus.common.host.Command.of("ip", "link", "show", "dev", tap)).ok()).isFalse();
    } finally {
      host.run(dev.altus.common.host.Command.of("ip", "link", "del", "dev", tap));
      host.run(dev.altus.common.host.Command.of("ip", "link", "del", "dev", bridge));
    }
    assertThatThrownBy(() -> FakeDriverOptions.parse("h", Map.of("plug_taps", "yes")))
        .hasMessageContaining("compute.fake.plug_taps").hasMessageContaining("true or false");
  }

  @Test
  void theProviderIsFoundByNameWithServiceLoader() {
    VirtDriverProvider p = ServiceLoader.load(VirtDriverProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(x -> x.name().equals("fake")).findFirst()
        .orElseThrow();
    try (var d = p.create("compute7", Map.of("vcpus", "4"))) {
      assertThat(d.name()).isEqualTo("fake");
      assertThat(d.resources().vcpus()).isEqualTo(4);
    }
  }

  @Test
  void optionsHaveDefaultsThatNeedNoFile() {
    FakeDriverOptions o = FakeDriverOptions.defaults();
    assertThat(o.vcpus()).isEqualTo(8);
    assertThat(o.memoryMb()).isEqualTo(16384);
    assertThat(o.localGb()).isEqualTo(200);
    assertThat(o.bootTime()).isEqualTo(Duration.ofMillis(50));
    assertThat(o.failRate()).isZero();
    assertThat(o.failOnImages()).isEmpty();
    assertThat(o.failHost()).isFalse();
    assertThat(o.hypervisorType()).isEqualTo("fake");
    assertThat(o.hypervisorVersion()).isEqualTo(1000);
    assertThat(o.cpuArch()).isNotBlank();
    assertThat(o.hostIp()).isEqualTo("127.0.0.1");
    assertThat(o.vncBasePort()).isEqualTo(5900);
  }

  @Test
  void aHostsOwnOptionsWinOverTheCommonOnes() {
    var opts = Map.of("memory_mb", "4096", "host.compute2.memory_mb", "1024",
        "host.node.example.org.vcpus", "2", "hypervisor_version", "7.2.0");
    assertThat(FakeDriverOptions.parse("compute1", opts).memoryMb()).isEqualTo(4096);
    assertThat(FakeDriverOptions.parse("compute2", opts).memoryMb()).isEqualTo(1024);
    assertThat(FakeDriverOptions.parse("node.example.org", opts).vcpus()).isEqualTo(2);
    assertThat(FakeDriverOptions.parse("compute2", opts).vcpus()).isEqualTo(8);
    assertThat(FakeDriverOptions.parse("compute1", opts).hypervisorVersion()).isEqualTo(7002000);
    var failing = Map.of("fail_hosts", "compute2, compute3");
    assertThat(FakeDriverOptions.parse("compute2", failing).failHost()).isTrue();
    assertThat(FakeDriverOptions.parse("compute1", failing).failHost()).isFalse();
  }

  @Test
  void badOptionsNameTheOptionAndTheFix() {
    assertThatThrownBy(() -> FakeDriverOptions.parse("h", Map.of("memory", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.fake.memory").hasMessageContaining("memory_mb");
    assertThatThrownBy(() -> FakeDriverOptions.parse("h", Map.of("vcpus", "0")))
        .hasMessageContaining("compute.fake.vcpus").hasMessageContaining(">= 1");
    assertThatThrownBy(() -> FakeDriverOptions.parse("h", Map.of("boot_seconds", "soon")))
        .hasMessageContaining("compute.fake.boot_seconds");
    assertThatThrownBy(() -> FakeDriverOptions.parse("h", Map.of("fail_rate", "1.5")))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> FakeDriverOptions.parse("h", Map.of("hypervisor_version", "x")))
        .hasMessageContaining("dotted version");
    assertThatThrownBy(() -> FakeDriverOptions.parse("h", Map.of("host.h.colour", "red")))
        .hasMessageContaining("compute.fake.host.h.colour");
  }

  @Test
  void resourcesAreTheConfiguredCapacity() {
    try (var d = driver(Map.of("vcpus", "16", "memory_mb", "2048", "local_gb", "50",
        "hypervisor_type", "QEMU", "hypervisor_version", "8.2", "host_ip", "192.0.2.7"))) {
      var r = d.resources();
      assertThat(r.vcpus()).isEqualTo(16);
      assertThat(r.memoryMb()).isEqualTo(2048);
      assertThat(r.localGb()).isEqualTo(50);
      assertThat(r.hypervisorType()).isEqualTo("QEMU");
      assertThat(r.hypervisorVersion()).isEqualTo(8002);
      assertThat(r.hostIp()).isEqualTo("192.0.2.7");
    }
  }

  @Test
  void aFailingHostFailsEverySpawnRetryablyAndKeepsNothing() throws Exception {
    try (var failing = new FakeDriver("compute2", FakeDriverOptions.parse("compute2",
            Map.of("boot_seconds", "0", "fail_hosts", "compute2")));
        var good = new FakeDriver("compute1", FakeDriverOptions.parse("compute1",
            Map.of("boot_seconds", "0", "fail_hosts", "compute2")))) {
      String uuid = id();
      assertThatThrownBy(() -> failing.spawn(spec(uuid, IMAGE)))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("compute2").hasMessageContaining("fail_hosts");
      assertThat(failing.listInstances()).isEmpty();
      good.spawn(spec(uuid, IMAGE));
      assertThat(good.info(uuid).state()).isEqualTo(PowerState.RUNNING);
    }
  }

  @Test
  void aFailingImageFailsForGoodOnSpawnAndRebuild() throws Exception {
    try (var d = driver(Map.of("boot_seconds", "0", "fail_on_image", "bad-1,bad-2"))) {
      var bad = new BytesImage("bad-2", "qcow2", new byte[] {0});
      assertThatThrownBy(() -> d.spawn(spec(id(), bad)))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("bad-2");
      String uuid = id();
      d.spawn(spec(uuid, IMAGE));
      assertThatThrownBy(() -> d.rebuild(spec(uuid, bad))).isInstanceOf(DriverException.class);
      assertThat(d.view(uuid).orElseThrow().imageId()).as("a failed rebuild keeps the old disk")
          .isEqualTo(IMAGE.id());
      assertThat(d.info(uuid).state()).isEqualTo(PowerState.RUNNING);
    }
  }

  @Test
  void aFailRateFailsThatShareOfSpawns() throws Exception {
    try (var always = driver(Map.of("boot_seconds", "0", "fail_rate", "1"));
        var half = driver(Map.of("boot_seconds", "0", "fail_rate", "0.5", "seed", "42"))) {
      assertThatThrownBy(() -> always.spawn(spec(id(), IMAGE)))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("fail_rate");
      int failed = 0;
      for (int i = 0; i < 200; i++) {
        try {
          half.spawn(spec(id(), IMAGE));
        } catch (DriverException e) {
          failed++;
        }
      }
      assertThat(failed).isBetween(60, 140);
      assertThat(half.listInstances()).hasSize(200 - failed);
    }
  }

  @Test
  void anUnreadableImageFailsTheSpawn() {
    ImageSource gone = new ImageSource() {
      public String id() {
        return "img-gone";
      }

      public String diskFormat() {
        return "qcow2";
      }

      public long size() {
        return 10;
      }

      public InputStream open() throws IOException {
        throw new java.nio.file.NoSuchFileException("/images/img-gone");
      }
    };
    try (var d = fast()) {
      assertThatThrownBy(() -> d.spawn(spec(id(), gone)))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("img-gone");
      assertThat(d.listInstances()).isEmpty();
    }
  }

  @Test
  void bootsTakeTheBootTimeAndRunInParallel() throws Exception {
    try (var d = driver(Map.of("boot_seconds", "0.2"))) {
      long t0 = System.nanoTime();
      d.spawn(spec(id(), IMAGE));
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(200_000_000L);
      List<CompletableFuture<Void>> boots = new ArrayList<>();
      long t1 = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        String uuid = id();
        boots.add(CompletableFuture.runAsync(() -> {
          try {
            d.spawn(spec(uuid, IMAGE));
          } catch (DriverException e) {
            throw new IllegalStateException(e);
          }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
      }
      CompletableFuture.allOf(boots.toArray(CompletableFuture[]::new)).get();
      assertThat(System.nanoTime() - t1).as("six boots side by side").isLessThan(1_000_000_000L);
      assertThat(d.listInstances()).hasSize(7);
    }
  }

  @Test
  void aGuestDestroyedWhileSpawningIsNotLeftBehind() throws Exception {
    try (var d = driver(Map.of("boot_seconds", "0.3"))) {
      String uuid = id();
      var spawn = CompletableFuture.runAsync(() -> {
        try {
          d.spawn(spec(uuid, IMAGE));
        } catch (DriverException e) {
          throw new IllegalStateException(e);
        }
      });
      while (!d.listInstances().contains(uuid)) {
        Thread.sleep(5);
      }
      assertThat(d.info(uuid).state()).as("defined, not yet running").isEqualTo(PowerState.NOSTATE);
      d.destroy(uuid);
      assertThatThrownBy(spawn::get).isInstanceOf(ExecutionException.class)
          .hasMessageContaining("destroyed while it was spawning");
      assertThat(d.listInstances()).isEmpty();
    }
  }

  @Test
  void snapshotsCopyTheCurrentRootDisk(@TempDir Path dir) throws Exception {
    try (var d = fast()) {
      String uuid = id();
      d.spawn(spec(uuid, IMAGE));
      Path a = dir.resolve("a");
      assertThat(d.snapshot(uuid, a)).isEqualTo("qcow2");
      assertThat(Files.readAllBytes(a)).isEqualTo(IMAGE.bytes());
      d.rebuild(spec(uuid, RAW));
      Path b = dir.resolve("b");
      assertThat(d.snapshot(uuid, b)).isEqualTo("raw");
      assertThat(Files.readAllBytes(b)).containsExactly(1, 2, 3, 4);
      d.rescue(uuid, IMAGE);
      Path c = dir.resolve("c");
      d.snapshot(uuid, c);
      assertThat(Files.readAllBytes(c)).as("the guest's own disk, not the rescue disk")
          .containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void aSnapshotThatCannotBeWrittenLeavesNoFile(@TempDir Path dir) throws Exception {
    try (var d = fast()) {
      String uuid = id();
      d.spawn(spec(uuid, IMAGE));
      Path target = dir.resolve("missing-dir").resolve("snap");
      assertThatThrownBy(() -> d.snapshot(uuid, target))
          .isInstanceOf(DriverException.class).hasMessageContaining("Snapshot of " + uuid);
      assertThat(target).doesNotExist();
    }
  }

  @Test
  void theGuestKeepsItsInterfacesRescueAndSize() throws Exception {
    try (var d = fast()) {
      String uuid = id();
      d.spawn(spec(uuid, IMAGE));
      var view = d.view(uuid).orElseThrow();
      assertThat(view.vifs()).containsExactly(NIC);
      assertThat(view.hostname()).isEqualTo("web-1");
      assertThat(view.publicKey()).startsWith("ssh-rsa");
      Vif second = new Vif("port-2", "fa:16:3e:aa:bb:02", "net-2", List.of("10.2.0.9"), 1500);
      d.attachInterface(uuid, second);
      assertThat(d.view(uuid).orElseThrow().vifs()).containsExactly(NIC, second);
      d.detachInterface(uuid, NIC);
      assertThat(d.view(uuid).orElseThrow().vifs()).containsExactly(second);
      d.rescue(uuid, RAW);
      assertThat(d.view(uuid).orElseThrow().rescueImageId()).isEqualTo("img-raw");
      d.unrescue(uuid);
      assertThat(d.view(uuid).orElseThrow().rescueImageId()).isNull();
      InstanceSpec bigger = new InstanceSpec(uuid, "instance-0000002a", "web-1", 4, 2048, 5, 0, 0,
          IMAGE, List.of(), null, Map.of(), null);
      d.resize(uuid, bigger);
      assertThat(d.view(uuid).orElseThrow()).satisfies(v -> {
        assertThat(v.vcpus()).isEqualTo(4);
        assertThat(v.memoryMb()).isEqualTo(2048);
        assertThat(v.rootGb()).isEqualTo(5);
        assertThat(v.vifs()).as("resize keeps the interfaces").containsExactly(second);
      });
      InstanceSpec smaller = new InstanceSpec(uuid, "instance-0000002a", "web-1", 1, 512, 1, 0, 0,
          IMAGE, List.of(), null, Map.of(), null);
      assertThatThrownBy(() -> d.resize(uuid, smaller)).isInstanceOf(DriverException.class)
          .hasMessageContaining("down from 5 GB to 1 GB");
      assertThat(d.info(uuid).vcpus()).isEqualTo(4);
    }
  }

  @Test
  void theConsoleTellsTheGuestsStory() throws Exception {
    try (var d = fast()) {
      String uuid = id();
      d.spawn(spec(uuid, IMAGE));
      String boot = d.consoleOutput(uuid, null);
      assertThat(boot).contains("Linux version", "instance-0000002a", "img-a",
          "fa:16:3e:aa:bb:01", "10.1.0.5", "hostname set to web-1", "authorized key ssh-rsa",
          "web-1 login:");
      d.reboot(uuid, false);
      String after = d.consoleOutput(uuid, null);
      assertThat(after).startsWith(boot).contains("Restarting system");
      assertThat(after.split("\n")).hasSizeGreaterThan(boot.split("\n").length);
      d.powerOff(uuid, 60);
      assertThat(d.consoleOutput(uuid, 1)).endsWith("reboot: Power down");
      assertThatThrownBy(() -> d.consoleOutput(uuid, -1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theConsoleKeepsOnlyItsLastLines() throws Exception {
    try (var d = fast()) {
      String uuid = id();
      d.spawn(spec(uuid, IMAGE));
      for (int i = 0; i < 700; i++) {
        d.reboot(uuid, true);
      }
      assertThat(d.consoleOutput(uuid, null).split("\n")).hasSize(FakeGuest.MAX_CONSOLE_LINES);
      assertThat(d.consoleOutput(uuid, 2).split("\n")).hasSize(2);
    }
  }

  @Test
  void aCrashedGuestIsOffUntilStartedAgain() throws Exception {
    try (var d = fast()) {
      String uuid = id();
      d.spawn(spec(uuid, IMAGE));
      d.simulateCrash(uuid);
      assertThat(d.info(uuid).state()).isEqualTo(PowerState.CRASHED);
      assertThat(d.consoleOutput(uuid, 1)).contains("Kernel panic");
      assertThatThrownBy(() -> d.pause(uuid)).isInstanceOf(DriverException.class);
      d.powerOn(uuid);
      assertThat(d.info(uuid).state()).isEqualTo(PowerState.RUNNING);
      d.simulateCrash(uuid);
      d.powerOff(uuid, 0);
      assertThat(d.info(uuid).state()).isEqualTo(PowerState.SHUTDOWN);
    }
  }

  @Test
  void vncPortsAreHeldWhileTheGuestLivesAndFreedAfter() throws Exception {
    try (var d = driver(Map.of("boot_seconds", "0", "host_ip", "198.51.100.1",
        "vnc_base_port", "6100"))) {
      String a = id();
      String b = id();
      d.spawn(spec(a, IMAGE));
      d.spawn(spec(b, IMAGE));
      assertThat(d.vncConsole(a).port()).isEqualTo(6100);
      assertThat(d.vncConsole(b).port()).isEqualTo(6101);
      assertThat(d.vncConsole(a).host()).isEqualTo("198.51.100.1");
      d.powerOff(b, 0);
      assertThatThrownBy(() -> d.vncConsole(b)).isInstanceOf(DriverException.class)
          .hasMessageContaining("not running");
      d.destroy(a);
      String c = id();
      d.spawn(spec(c, IMAGE));
      assertThat(d.vncConsole(c).port()).as("a's port is free again").isEqualTo(6100);
    }
  }

  @Test
  void aGuestCannotBeSpawnedTwice() throws Exception {
    try (var d = fast()) {
      String uuid = id();
      d.spawn(spec(uuid, IMAGE));
      assertThatThrownBy(() -> d.spawn(spec(uuid, IMAGE))).isInstanceOf(DriverException.class)
          .hasMessageContaining("already exists");
      assertThat(d.info(uuid).state()).isEqualTo(PowerState.RUNNING);
    }
  }

  @Test
  void theGuestsDieWithTheDriver() throws Exception {
    var d = fast();
    String uuid = id();
    d.spawn(spec(uuid, IMAGE));
    d.close();
    assertThat(d.listInstances()).isEmpty();
    assertThatThrownBy(() -> d.info(uuid)).isInstanceOf(DriverException.InstanceNotFound.class);
  }
}
