package dev.altus.compute.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.PowerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One guest as the driver holds it: its record and files, and while its QEMU process lives, the
 * process id and the QMP connection. Callers hold the guest's monitor ({@code synchronized (g)})
 * for anything that changes it; the QMP reader thread only records events.
 */
final class QemuGuest {
  private static final long TICK_NS = 10_000_000L; // USER_HZ is 100 on Linux

  final String uuid;
  final GuestFiles files;
  GuestRecord record;
  /** The live QEMU process's QMP connection, or null when no process runs. */
  Qmp qmp;
  long pid;
  /** The driver is ending the process itself: its end is no news for listeners. */
  volatile boolean stopping;
  /** The guest asked to power off (a SHUTDOWN event from inside). */
  volatile boolean guestShutdown;
  /** The CPU time of the live process when last read. */
  volatile long processCpuNs;
  /** The outcome of the running block job (a snapshot), set by its completion event. */
  volatile CompletableFuture<JsonNode> blockJob;
  /** Devices the guest released since they were asked for (DEVICE_DELETED events). */
  final java.util.Set<String> deletedDevices = java.util.concurrent.ConcurrentHashMap.newKeySet();

  QemuGuest(String uuid, GuestFiles files, GuestRecord record) {
    this.uuid = uuid;
    this.files = files;
    this.record = record;
  }

  /** Whether the guest still exists on the host (its record was not removed behind our back). */
  boolean exists() {
    return Files.exists(files.record());
  }

  boolean running() {
    Qmp q = qmp;
    return q != null && q.open();
  }

  /** The power state: from QEMU while a process lives, else from what it left on disk. */
  PowerState state() {
    Qmp q = qmp;
    if (q != null && q.open()) {
      try {
        String status = q.execute("query-status", null).path("status").asText();
        return switch (status) {
          case "running" -> PowerState.RUNNING;
          case "guest-panicked", "internal-error", "io-error" -> PowerState.CRASHED;
          case "shutdown" -> PowerState.SHUTDOWN;
          default -> PowerState.PAUSED; // paused, inmigrate, postmigrate, prelaunch, ...
        };
      } catch (IOException e) {
        // the process ended between the check and the command: what it left decides
      }
    }
    if (Files.exists(files.memoryState())) {
      return PowerState.SUSPENDED;
    }
    return record.crashed ? PowerState.CRASHED : PowerState.SHUTDOWN;
  }

  /** CPU time used by the guest over all its processes; never goes back. */
  long cpuNs() {
    long p = pid;
    if (p > 0 && running()) {
      readProcessCpu(p).ifPresent(ns -> processCpuNs = Math.max(processCpuNs, ns));
      return record.cpuNs + processCpuNs;
    }
    return record.cpuNs;
  }

  /** Folds the ended process's CPU time into the record and forgets the process. */
  void processEnded() {
    long p = pid;
    if (p > 0) {
      readProcessCpu(p).ifPresent(ns -> processCpuNs = Math.max(processCpuNs, ns));
    }
    record.cpuNs += processCpuNs;
    processCpuNs = 0;
    pid = 0;
    Qmp q = qmp;
    qmp = null;
    if (q != null) {
      q.close();
    }
  }

  /** Waits for the process to end; true when it did within {@code timeout}. */
  boolean awaitEnd(Duration timeout) {
    Qmp q = qmp;
    if (q != null && !q.awaitEnd(timeout)) {
      return false;
    }
    long p = pid;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (p > 0 && alive(p, uuid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(10);
    }
    return true;
  }

  /** Reads utime + stime of a process from /proc. */
  static Optional<Long> readProcessCpu(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NS);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code pid} is a live QEMU process of guest {@code uuid} (not a recycled pid). */
  static boolean alive(long pid, String uuid) {
    try {
      byte[] cmd = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
      String s = new String(cmd, java.nio.charset.StandardCharsets.UTF_8);
      if (!s.contains(uuid)) {
        return false;
      }
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Runs a QMP command on the live process; no process or a refusal is a DriverException. */
  JsonNode execute(String command, com.fasterxml.jackson.databind.node.ObjectNode args)
      throws DriverException {
    Qmp q = qmp;
    if (q == null) {
      throw new DriverException("Instance " + uuid + " has no running QEMU process for "
          + command + ".", false);
    }
    try {
      return q.execute(command, args);
    } catch (IOException e) {
      throw new DriverException("QEMU of instance " + uuid + " refused " + command + ": "
          + e.getMessage(), false, e);
    }
  }

  /** {@link #execute}, for a command whose failure changes nothing (the process may be gone). */
  void executeQuietly(String command, com.fasterxml.jackson.databind.node.ObjectNode args) {
    try {
      execute(command, args);
    } catch (DriverException e) {
      // what follows checks the outcome
    }
  }

  /** Writes the record to the guest's directory. */
  void save() throws DriverException {
    try {
      record.write(files.record());
    } catch (IOException e) {
      throw new DriverException("Cannot write the record of instance " + uuid + ": "
          + e.getMessage(), true, e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
