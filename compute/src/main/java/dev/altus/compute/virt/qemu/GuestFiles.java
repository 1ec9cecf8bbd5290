package dev.altus.compute.virt.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one guest under {@code <instances>/<uuid>/}: its record, disks, serial console
 * log, QMP and serial sockets, QEMU's pid file and log, and the memory state of a suspended guest.
 */
record GuestFiles(Path dir) {
  Path record() {
    return dir.resolve("guest.json");
  }

  Path disk() {
    return dir.resolve("disk");
  }

  Path ephemeral() {
    return dir.resolve("disk.eph0");
  }

  Path swap() {
    return dir.resolve("disk.swap");
  }

  Path configDrive() {
    return dir.resolve("disk.config");
  }

  /** A disk as it was before an unconfirmed resize. */
  Path original(Path disk) {
    return disk.resolveSibling(disk.getFileName() + ".orig");
  }

  Path rescueDisk() {
    return dir.resolve("disk.rescue");
  }

  Path consoleLog() {
    return dir.resolve("console.log");
  }

  Path qmp() {
    return dir.resolve("qmp.sock");
  }

  Path serial() {
    return dir.resolve("serial.sock");
  }

  Path pidFile() {
    return dir.resolve("qemu.pid");
  }

  Path qemuLog() {
    return dir.resolve("qemu.log");
  }

  Path memoryState() {
    return dir.resolve("memory.state");
  }

  /** Deletes a file if it is there; a failure is logged, not thrown (clean-up goes on). */
  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(GuestFiles.class).debug("cannot delete {}: {}", p,
          e.getMessage());
    }
  }

  /** Deletes a directory and everything below it, as far as it can. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        deleteQuietly(p);
      }
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(GuestFiles.class).warn("cannot remove {}: {}", dir,
          e.getMessage());
    }
  }
}
