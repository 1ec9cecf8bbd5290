package dev.altus.compute.virt.qemu;

import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which accelerator the host's guests get. {@code /dev/kvm} existing is not enough: a host may
 * offer a KVM that creates virtual machines but cannot run a 64-bit guest kernel (nested or
 * paravirtual KVM without the CPU features guests need). So the probe boots the host's own kernel
 * under KVM for a few seconds and looks for its first console line; only a kernel that talks means
 * KVM works. Otherwise guests run under TCG (software emulation).
 *
 * @param accel {@code kvm} or {@code tcg}
 * @param why the reason, for the one log line that says which
 */
record Acceleration(String accel, String why) {
  static final Duration PROBE_TIME = Duration.ofSeconds(8);
  private static volatile Acceleration probed;

  /**
   * The accelerator for {@code virtType} (auto, kvm, qemu); {@code kvm} on a host without working
   * KVM is an IllegalStateException saying what to change. The probe runs once per process.
   */
  static Acceleration choose(String virtType, Host host, String binary) {
    if (virtType.equals("qemu")) {
      return new Acceleration("tcg", "compute.qemu.virt_type = qemu");
    }
    Acceleration kvm = probe(host, binary);
    if (virtType.equals("kvm") && !kvm.accel().equals("kvm")) {
      throw new IllegalStateException("compute.qemu.virt_type = kvm but KVM does not work on"
          + " this host (" + kvm.why() + "); set compute.qemu.virt_type = auto or qemu to run"
          + " guests under software emulation (TCG)");
    }
    return kvm;
  }

  /** The probe's answer; the machine's own is probed once per process (it takes seconds). */
  static synchronized Acceleration probe(Host host, String binary) {
    if (!(host instanceof dev.altus.common.host.LocalHost)) {
      return runProbe(host, binary);
    }
    if (probed == null) {
      probed = runProbe(host, binary);
    }
    return probed;
  }

  private static Acceleration runProbe(Host host, String binary) {
    Path dev = Path.of("/dev/kvm");
    if (!Files.exists(dev)) {
      return new Acceleration("tcg", "/dev/kvm does not exist");
    }
    if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
      return new Acceleration("tcg", "/dev/kvm is not readable and writable by this process");
    }
    Path kernel = hostKernel();
    if (kernel == null) {
      return new Acceleration("tcg", "/dev/kvm exists but no kernel under /boot to check that it"
          + " runs a guest");
    }
    CommandResult r;
    try {
      r = host.run(Command.of(binary, "-accel", "kvm", "-machine", "pc",
        "-nodefaults", "-no-user-config", "-display", "none", "-m", "128", "-no-reboot",
        "-kernel", kernel.toString(), "-append", "console=ttyS0 panic=-1 earlyprintk=ttyS0",
        "-serial", "stdio").withTimeout(PROBE_TIME));
    } catch (dev.altus.common.host.HostCommandException e) {
      return new Acceleration("tcg", "/dev/kvm exists but a guest kernel printed nothing under"
          + " it within " + PROBE_TIME.toSeconds() + " s");
    }
    if (r.stdout().contains("Linux version")) {
      return new Acceleration("kvm", "/dev/kvm booted a guest kernel");
    }
    return new Acceleration("tcg", "/dev/kvm exists but a guest kernel printed nothing under it"
        + " within " + PROBE_TIME.toSeconds() + " s" + (r.stderr().isBlank() ? ""
        : " (" + r.stderr().strip().lines().findFirst().orElse("") + ")"));
  }

  private static Path hostKernel() {
    try (Stream<Path> s = Files.list(Path.of("/boot"))) {
      List<Path> kernels = s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
          .filter(Files::isReadable).sorted(Comparator.reverseOrder()).toList();
      return kernels.isEmpty() ? null : kernels.get(0);
    } catch (IOException e) {
      return null;
    }
  }
}
