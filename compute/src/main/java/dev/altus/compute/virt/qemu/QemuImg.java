package dev.altus.compute.virt.qemu;

import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import dev.altus.common.host.HostCommandException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code qemu-img} as the driver runs it: the format of every image named explicitly ({@code -f},
 * {@code -F}, {@code -O}) so nothing is probed from untrusted content, under an address-space and
 * CPU-time limit (1 GiB, 30 s, as Nova runs it) and a time limit.
 */
final class QemuImg {
  static final long ADDRESS_SPACE = 1L << 30;
  static final int CPU_SECONDS = 30;
  static final Duration TIMEOUT = Duration.ofMinutes(5);
  private final Host host;
  private final String binary;

  QemuImg(Host host, String binary) {
    this.host = host;
    this.binary = binary;
  }

  /** A qcow2 overlay of {@code base} (of format {@code baseFormat}) of {@code sizeBytes}. */
  void overlay(Path base, String baseFormat, Path disk, long sizeBytes) {
    run(binary, "create", "-f", "qcow2", "-b", base.toString(), "-F", baseFormat,
        disk.toString(), String.valueOf(sizeBytes));
  }

  /** A new empty disk. */
  void create(Path disk, String format, long sizeBytes) {
    run(binary, "create", "-f", format, disk.toString(), String.valueOf(sizeBytes));
  }

  /** Grows a disk to {@code sizeBytes}. */
  void resize(Path disk, String format, long sizeBytes) {
    run(binary, "resize", "-f", format, disk.toString(), String.valueOf(sizeBytes));
  }

  /** Writes {@code source} (with its backing chain) as one self-contained qcow2 image. */
  void convertToQcow2(Path source, String format, Path target) {
    run(binary, "convert", "-f", format, "-O", "qcow2", source.toString(), target.toString());
  }

  private CommandResult run(String... argv) {
    Command c = Command.of(List.of(argv)).withLimits(ADDRESS_SPACE, CPU_SECONDS)
        .withTimeout(TIMEOUT);
    CommandResult r = host.run(c);
    if (!r.ok()) {
      throw new HostCommandException(r);
    }
    return r;
  }
}
