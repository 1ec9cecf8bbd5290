package dev.altus.compute.virt.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.host.Command;
import dev.altus.common.host.RecordingHost;
import dev.altus.compute.virt.BytesImage;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.InstanceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QEMU command line, the qemu-img calls and the provider's checks, with a recording host. */
class QemuArgvTest {
  @TempDir
  Path dir;

  private GuestRecord record() {
    GuestRecord r = new GuestRecord();
    r.uuid = "6f1c2d3e-0000-4000-8000-000000000001";
    r.name = "instance-0000002a";
    r.vcpus = 2;
    r.memoryMb = 256;
    r.rootGb = 1;
    r.ephemeralGb = 1;
    r.swapMb = 64;
    r.configDrive = true;
    r.vncDisplay = 7;
    r.nics.add(new GuestRecord.Nic("0123456789abcdef", "fa:16:3e:01:02:03", "net-x", 1450));
    return r;
  }

  private QemuOptions options() {
    return QemuOptions.parse(Map.of("host_ip", "192.0.2.5"), dir);
  }

  private static String after(List<String> argv, String flag) {
    int i = argv.indexOf(flag);
    assertThat(i).as(flag).isNotNegative();
    return argv.get(i + 1);
  }

  private static List<String> all(List<String> argv, String flag) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < argv.size() - 1; i++) {
      if (argv.get(i).equals(flag)) {
        out.add(argv.get(i + 1));
      }
    }
    return out;
  }

  @Test
  void aGuestIsNamedAfterItsInstanceAndHasItsOwnSocketsAndDisplay() {
    GuestFiles f = new GuestFiles(dir.resolve("g"));
    List<String> a = QemuArgv.build(record(), f, options(), "tcg", false);
    assertThat(a.get(0)).isEqualTo("qemu-system-x86_64");
    assertThat(after(a, "-name")).isEqualTo(
        "guest=instance-0000002a,process=instance-0000002a,debug-threads=on");
    assertThat(after(a, "-uuid")).isEqualTo("6f1c2d3e-0000-4000-8000-000000000001");
    assertThat(after(a, "-machine")).isEqualTo("pc,accel=tcg");
    assertThat(a).doesNotContain("-cpu");
    assertThat(after(a, "-smp")).isEqualTo("2");
    assertThat(after(a, "-m")).isEqualTo("256");
    assertThat(after(a, "-vnc")).isEqualTo("192.0.2.5:7");
    assertThat(after(a, "-qmp")).isEqualTo("unix:" + f.qmp() + ",server=on,wait=off");
    assertThat(after(a, "-chardev")).contains("path=" + f.serial(),
        "logfile=" + f.consoleLog(), "logappend=on");
    assertThat(after(a, "-pidfile")).isEqualTo(f.pidFile().toString());
    assertThat(a).doesNotContain("-kernel", "-incoming", "-daemonize", "-no-reboot");
    assertThat(QemuArgv.build(record(), f, options(), "kvm", false))
        .containsSubsequence("-cpu", "host");
  }

  @Test
  void disksAreVirtioWithExplicitFormatsAndTheConfigDriveIsReadOnly() {
    GuestFiles f = new GuestFiles(dir.resolve("g"));
    List<String> drives = all(QemuArgv.build(record(), f, options(), "tcg", false), "-drive");
    assertThat(drives).hasSize(4);
    assertThat(drives.get(0)).startsWith("file=" + f.disk() + ",format=qcow2,");
    assertThat(drives.get(1)).startsWith("file=" + f.ephemeral() + ",format=qcow2,");
    assertThat(drives.get(2)).startsWith("file=" + f.swap() + ",format=raw,");
    assertThat(drives.get(3)).startsWith("file=" + f.configDrive() + ",format=raw,")
        .contains("readonly=on");
    List<String> devices = all(QemuArgv.build(record(), f, options(), "tcg", false), "-device");
    assertThat(devices).contains("virtio-blk-pci,drive=disk0,id=disk0-dev,bootindex=0",
        "ide-cd,drive=disk-config");
  }

  @Test
  void nicsAreTapsOfTheirPortWithTheirMac() {
    List<String> a = QemuArgv.build(record(), new GuestFiles(dir), options(), "tcg", false);
    assertThat(after(a, "-netdev")).isEqualTo("tap,id=hostnet-tap0123456789a,"
        + "ifname=tap0123456789a,script=no,downscript=no,vhost=off");
    assertThat(all(a, "-device")).contains("virtio-net-pci,netdev=hostnet-tap0123456789a,"
        + "id=net-tap0123456789a,mac=fa:16:3e:01:02:03,host_mtu=1450");
  }

  @Test
  void aRescuedGuestBootsTheRescueDiskWithItsOwnAsTheSecond() {
    GuestRecord r = record();
    r.rescueImageId = "rescue";
    r.rescueBoot = new GuestRecord.Boot("/b/k", "/b/i", null);
    r.boot = new GuestRecord.Boot("/b/own-kernel", null, "root=/dev/vda1");
    GuestFiles f = new GuestFiles(dir);
    List<String> a = QemuArgv.build(r, f, options(), "tcg", false);
    List<String> drives = all(a, "-drive");
    assertThat(drives.get(0)).startsWith("file=" + f.rescueDisk());
    assertThat(drives.get(1)).startsWith("file=" + f.disk());
    assertThat(all(a, "-device")).as("the kernel boots first").contains(
        "virtio-blk-pci,drive=disk-rescue,id=disk-rescue-dev",
        "virtio-blk-pci,drive=disk0,id=disk0-dev");
    r.rescueBoot = null;
    assertThat(all(QemuArgv.build(r, f, options(), "tcg", false), "-device")).contains(
        "virtio-blk-pci,drive=disk-rescue,id=disk-rescue-dev,bootindex=0",
        "virtio-blk-pci,drive=disk0,id=disk0-dev,bootindex=1");
    assertThat(after(a, "-kernel")).isEqualTo("/b/k");
    assertThat(after(a, "-initrd")).isEqualTo("/b/i");
    assertThat(after(a, "-append")).isEqualTo(QemuArgv.DEFAULT_CMDLINE);
  }

  @Test
  void aResumeLoadsTheMemoryState() {
    GuestFiles f = new GuestFiles(dir.resolve("it's"));
    List<String> a = QemuArgv.build(record(), f, options(), "tcg", true);
    assertThat(after(a, "-incoming")).isEqualTo("exec:cat '"
        + f.memoryState().toString().replace("'", "'\\''") + "'");
  }

  @Test
  void qemuImgAlwaysNamesFormatsAndRunsUnderLimits() throws Exception {
    RecordingHost host = new RecordingHost();
    GuestDisks disks = new GuestDisks(host, new QemuImg(host, "qemu-img"), dir);
    Path base = dir.resolve("base");
    Files.write(base, new byte[4096]);
    InstanceSpec spec = new InstanceSpec("6f1c2d3e-0000-4000-8000-000000000001", "i", "h", 1,
        128, 2, 1, 16, new BytesImage("img", "raw", new byte[4096]), List.of(), null, Map.of(),
        null);
    GuestDisks.Base b = disks.base(spec.image());
    GuestFiles f = new GuestFiles(dir);
    disks.rootDisk("img", b, 2, f.disk());
    disks.extraDisks(spec, f);
    disks.grow(f.disk(), "qcow2", 3);
    List<Command> qemuImg = host.commands().stream()
        .filter(c -> c.program().equals("qemu-img")).toList();
    assertThat(qemuImg).hasSize(4);
    for (Command c : qemuImg) {
      assertThat(c.limits()).isEqualTo(new Command.Limits(1L << 30, 30));
      assertThat(c.timeout()).isLessThanOrEqualTo(Duration.ofMinutes(5));
      assertThat(c.argv()).contains("-f");
      assertThat(c.fullArgv().get(0)).isEqualTo("prlimit");
    }
    assertThat(host.lines()).contains(
        "prlimit --as=1073741824 --cpu=30 -- qemu-img create -f qcow2 -b " + dir.resolve("_base/img")
            + " -F raw " + f.disk() + " 2147483648",
        "prlimit --as=1073741824 --cpu=30 -- qemu-img create -f qcow2 " + f.ephemeral()
            + " 1073741824",
        "prlimit --as=1073741824 --cpu=30 -- qemu-img create -f raw " + f.swap() + " 16777216",
        "mkswap -L swap " + f.swap(),
        "prlimit --as=1073741824 --cpu=30 -- qemu-img resize -f qcow2 " + f.disk()
            + " 3221225472");
  }

  @Test
  void anImageLargerThanTheFlavorsDiskIsRefused() throws Exception {
    RecordingHost host = new RecordingHost();
    GuestDisks disks = new GuestDisks(host, new QemuImg(host, "qemu-img"), dir);
    GuestDisks.Base big = new GuestDisks.Base(dir.resolve("b"), "qcow2", 5L << 30);
    assertThatThrownBy(() -> disks.rootDisk("big-image", big, 1, dir.resolve("d")))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("big-image").hasMessageContaining("larger than the flavor's root"
            + " disk of 1 GB");
    assertThat(host.commands()).isEmpty();
  }

  @Test
  void anImageThatIsNotWhatItClaimsIsRefusedBeforeAnyToolOpensIt() throws Exception {
    RecordingHost host = new RecordingHost();
    GuestDisks disks = new GuestDisks(host, new QemuImg(host, "qemu-img"), dir);
    byte[] qcow = new byte[4096];
    qcow[0] = 'Q';
    qcow[1] = 'F';
    qcow[2] = 'I';
    qcow[3] = (byte) 0xfb;
    assertThatThrownBy(() -> disks.base(new BytesImage("sneaky", "raw", qcow)))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("Image sneaky cannot be used").hasMessageContaining("qcow2");
    assertThatThrownBy(() -> disks.base(new BytesImage("vm", "vmdk", new byte[4096])))
        .isInstanceOf(DriverException.class).hasMessageContaining("use raw or qcow2");
    assertThatThrownBy(() -> disks.base(new BytesImage("empty", "raw", new byte[0])))
        .isInstanceOf(DriverException.class).hasMessageContaining("empty");
    assertThat(disks.base(new BytesImage("mbr", "raw", new byte[1 << 16])).virtualSize())
        .isEqualTo(1 << 16);
    assertThat(host.commands()).isEmpty();
  }

  @Test
  void theProviderRefusesAHostWithoutQemuOrWithoutTheKvmItIsToldToUse() {
    RecordingHost none = new RecordingHost().without("qemu-system-x86_64");
    assertThatThrownBy(() -> new QemuDriverProvider(none).create("h",
        Map.of("instances_path", dir.toString())))
        .hasMessage("qemu-system-x86_64 not found: apt-get install qemu-system-x86");
    RecordingHost noKvm = new RecordingHost().answer(List.of("qemu-system-x86_64", "--version"),
        0, "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)\n", "");
    if (Files.exists(Path.of("/dev/kvm"))) { // the probe's guest prints nothing on this host
      assertThatThrownBy(() -> new QemuDriverProvider(noKvm).create("h",
          Map.of("instances_path", dir.toString(), "virt_type", "kvm")))
          .hasMessageContaining("compute.qemu.virt_type = kvm but KVM does not work")
          .hasMessageContaining("set compute.qemu.virt_type = auto or qemu");
    }
    assertThatThrownBy(() -> new QemuDriverProvider(noKvm).create("h",
        Map.of("instances_path", dir.toString(), "virt_type", "xen")))
        .hasMessageContaining("virt_type = xen is not auto, kvm or qemu");
    assertThatThrownBy(() -> new QemuDriverProvider(noKvm).create("h",
        Map.of("instances_path", dir.toString(), "bogus", "1")))
        .hasMessageContaining("compute.qemu.bogus is not an option");
  }

  @Test
  void theHostIsMeasuredAndTheVersionParsed() {
    RecordingHost host = new RecordingHost().answer(List.of("qemu-system-x86_64", "--version"),
        0, "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)\n", "");
    var r = HostFacts.probe(host, "qemu-system-x86_64").resources(dir, "192.0.2.5");
    assertThat(r.hypervisorType()).isEqualTo("QEMU");
    assertThat(r.hypervisorVersion()).isEqualTo(7_002_022);
    assertThat(r.vcpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat((long) r.memoryMb()).isEqualTo(HostFacts.memTotalKb() / 1024);
    assertThat(r.localGb()).isPositive();
    assertThat(r.hostIp()).isEqualTo("192.0.2.5");
  }
}
