package dev.altus.compute.virt.qemu;

import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import dev.altus.common.host.HostCommandException;
import dev.altus.compute.virt.HostResources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the real host offers guests: its CPUs (as {@code nproc} counts them), RAM from
 * {@code /proc/meminfo}, the disk of the file system holding the instances path, and the QEMU
 * version. The allocation ratios are applied where hosts are registered, not here.
 */
final class HostFacts {
  private static final Pattern VERSION = Pattern.compile("version (\\d+)\\.(\\d+)(?:\\.(\\d+))?");
  private final long version;

  private HostFacts(long version) {
    this.version = version;
  }

  /** Reads the emulator's version ({@code --version}); refuses a binary that does not answer. */
  static HostFacts probe(Host host, String binary) {
    CommandResult r;
    try {
      r = host.run(Command.of(binary, "--version"));
    } catch (HostCommandException e) {
      throw new IllegalStateException(binary + " does not run: " + e.getMessage(), e);
    }
    Matcher m = VERSION.matcher(r.stdout());
    if (!r.ok() || !m.find()) {
      throw new IllegalStateException(binary + " --version did not say its version: "
          + r.stdout().strip() + " " + r.stderr().strip());
    }
    long v = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1_000
        + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
    return new HostFacts(v);
  }

  HostResources resources(Path instancesPath, String hostIp) {
    int cpus = Runtime.getRuntime().availableProcessors();
    int memoryMb = (int) (memTotalKb() / 1024);
    long disk;
    try {
      disk = Files.getFileStore(instancesPath).getTotalSpace();
    } catch (IOException e) {
      disk = 0;
    }
    String arch = System.getProperty("os.arch");
    return new HostResources("QEMU", version, cpus, memoryMb, (int) Math.max(1, disk >> 30),
        arch.equals("amd64") ? "x86_64" : arch, hostIp);
  }

  static long memTotalKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no procfs: the JVM's view below
    }
    return Runtime.getRuntime().maxMemory() / 1024;
  }

  static long uptimeSeconds() {
    try {
      String s = Files.readString(Path.of("/proc/uptime")).trim();
      return (long) Double.parseDouble(s.substring(0, s.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
    }
  }
}
