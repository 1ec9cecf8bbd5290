package dev.altus.compute.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.Host;
import dev.altus.common.host.HostCommandException;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.VirtDriver.GuestListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QEMU processes of one host's guests: started detached from the guest's record with its
 * taps plugged, connected to over QMP, ended (ACPI power-off, then {@code quit}, then SIGKILL),
 * re-attached to after a restart; and what their QMP connections tell, handed to the {@link
 * GuestListener}s when a process ends without the driver ending it.
 */
final class GuestProcesses {
  private static final Logger LOG = LoggerFactory.getLogger(QemuDriver.class);
  private static final Duration START_TIME = Duration.ofSeconds(20);
  private static final int VNC_ATTEMPTS = 5;
  private static final Duration QUIT_TIME = Duration.ofSeconds(10);
  private static final Duration RESUME_TIME = Duration.ofMinutes(5);
  private final String hostName;
  private final QemuOptions options;
  private final Host host;
  private final Acceleration accel;
  private final BridgePlug plug;
  final List<GuestListener> listeners = new CopyOnWriteArrayList<>();

  GuestProcesses(String hostName, QemuOptions options, Host host, Acceleration accel) {
    this.hostName = hostName;
    this.options = options;
    this.host = host;
    this.accel = accel;
    this.plug = new BridgePlug(host);
  }

  /**
   * Starts the guest's QEMU process and connects to it; returns when the guest runs. When another
   * process took the guest's VNC port after it was found free (other clouds on the machine hand
   * out displays too), the guest gets the next free display and QEMU is started again.
   */
  void launch(QemuGuest g, boolean incoming) throws DriverException {
    for (int attempt = 1; ; attempt++) {
      try {
        launchOnce(g, incoming);
        return;
      } catch (DriverException e) {
        if (attempt >= VNC_ATTEMPTS || e.getMessage() == null
            || !e.getMessage().contains("Failed to find an available port")) {
          throw e;
        }
        int taken = g.record.vncDisplay;
        g.record.vncDisplay = VncDisplays.SHARED.allocate(options.hostIp(),
            options.vncBaseDisplay());
        VncDisplays.SHARED.release(options.hostIp(), taken);
        LOG.info("guest {}: VNC display {} was taken meanwhile, starting QEMU again on {}",
            g.uuid, taken, g.record.vncDisplay);
      }
    }
  }

  private void launchOnce(QemuGuest g, boolean incoming) throws DriverException {
    GuestFiles f = g.files;
    for (GuestRecord.Nic n : g.record.nics) {
      plugTap(n);
    }
    GuestFiles.deleteQuietly(f.qmp());
    GuestFiles.deleteQuietly(f.serial());
    GuestFiles.deleteQuietly(f.pidFile());
    List<String> argv = QemuArgv.build(g.record, f, options, accel.accel(), incoming);
    g.guestShutdown = false;
    g.stopping = false;
    long started;
    try {
      started = host.startDetached(Command.of(argv), f.qemuLog());
    } catch (HostCommandException e) {
      throw new DriverException("QEMU could not be started for instance " + g.uuid + ": "
          + e.getMessage(), true, e);
    }
    long deadline = System.nanoTime() + START_TIME.toNanos();
    Qmp q = null;
    while (q == null) {
      if (Files.exists(f.qmp())) {
        try {
          q = Qmp.connect(f.qmp(), event -> onEvent(g, event));
          break;
        } catch (IOException e) {
          // not listening yet
        }
      }
      if (System.nanoTime() > deadline || !ProcessHandle.of(started).map(ProcessHandle::isAlive)
          .orElse(false)) {
        ProcessHandle.of(started).ifPresent(ProcessHandle::destroyForcibly);
        throw new DriverException("QEMU did not start instance " + g.uuid + ": "
            + tail(f.qemuLog()), true);
      }
      QemuGuest.sleep(20);
    }
    g.qmp = q;
    g.pid = readPid(f, started);
    g.processCpuNs = 0;
    if (incoming) {
      // the saved guest was stopped, so it loads paused; it runs once the load is complete
      long until = System.nanoTime() + RESUME_TIME.toNanos();
      while (true) {
        String status = g.running()
            ? g.execute("query-status", null).path("status").asText() : "ended";
        if (status.equals("running")) {
          break;
        }
        if (status.equals("paused") || status.equals("postmigrate")
            || status.equals("prelaunch")) {
          g.execute("cont", null);
        } else if (!status.equals("inmigrate") || System.nanoTime() > until) {
          stop(g, Duration.ZERO);
          throw new DriverException("Resume of instance " + g.uuid + " failed: loading its"
              + " memory state ended " + status + " " + tail(f.qemuLog()), true);
        }
        QemuGuest.sleep(20);
      }
      GuestFiles.deleteQuietly(f.memoryState());
    }
    g.save();
  }

  /**
   * Ends the guest's process: first an ACPI power-off with {@code grace} for the guest OS, then
   * {@code quit}, then SIGKILL. No-op when no process runs.
   */
  void stop(QemuGuest g, Duration grace) {
    if (g.qmp == null && g.pid == 0) {
      return;
    }
    g.stopping = true;
    try {
      if (!grace.isZero() && g.running()) {
        g.executeQuietly("system_powerdown", null);
        if (g.awaitEnd(grace)) {
          return;
        }
      }
      g.executeQuietly("quit", null);
      if (!g.awaitEnd(QUIT_TIME) && g.pid > 0) {
        ProcessHandle.of(g.pid).ifPresent(ProcessHandle::destroyForcibly);
        g.awaitEnd(QUIT_TIME);
      }
    } finally {
      ended(g);
    }
  }

  /** Forgets the ended process and its sockets. */
  void ended(QemuGuest g) {
    g.processEnded();
    g.stopping = false;
    GuestFiles.deleteQuietly(g.files.qmp());
    GuestFiles.deleteQuietly(g.files.serial());
    GuestFiles.deleteQuietly(g.files.pidFile());
    if (g.exists()) {
      try {
        g.save();
      } catch (DriverException e) {
        LOG.warn("{}", e.getMessage());
      }
    }
  }

  /** What the QMP reader thread hears: events, and {@code null} when the process is gone. */
  private void onEvent(QemuGuest g, JsonNode event) {
    if (event != null) {
      String name = event.path("event").asText();
      switch (name) {
        case "SHUTDOWN" -> g.guestShutdown = event.path("data").path("guest").asBoolean(false);
        case "GUEST_PANICKED" -> {
          g.record.crashed = true;
          notifyListeners(g, PowerState.CRASHED, "the guest's kernel panicked");
        }
        case "DEVICE_DELETED" -> g.deletedDevices.add(event.path("data").path("device").asText());
        case "BLOCK_JOB_COMPLETED", "BLOCK_JOB_CANCELLED" -> {
          CompletableFuture<JsonNode> job = g.blockJob;
          if (job != null) {
            job.complete(event);
          }
        }
        default -> { }
      }
      return;
    }
    CompletableFuture<JsonNode> job = g.blockJob;
    if (job != null) {
      job.complete(null);
    }
    if (g.stopping) {
      return; // the driver ends it and cleans up
    }
    Thread.ofVirtual().start(() -> processGone(g));
  }

  /** A process ended that the driver did not end: the guest powered off, crashed or was killed. */
  private void processGone(QemuGuest g) {
    String reason;
    PowerState state;
    synchronized (g) {
      Qmp q = g.qmp;
      if (q == null || q.open() || q.closedByUs() || g.stopping) {
        return; // already handled, or a new process runs
      }
      reason = g.guestShutdown ? "the guest powered itself off"
          : g.record.crashed ? "the guest crashed"
          : "its QEMU process ended without the guest powering off (killed, or QEMU failed: "
              + tail(g.files.qemuLog()) + ")";
      ended(g);
      if (!g.exists()) {
        return;
      }
      state = g.state();
    }
    LOG.info("guest {} on {} is {}: {}", g.uuid, hostName, state, reason);
    notifyListeners(g, state, reason);
  }

  void notifyListeners(QemuGuest g, PowerState state, String reason) {
    for (GuestListener l : listeners) {
      try {
        l.guestChanged(g.uuid, state, reason);
      } catch (RuntimeException e) {
        LOG.warn("a guest listener failed on {}: {}", g.uuid, e.toString());
      }
    }
  }

  /**
   * The guest of an earlier run in {@code dir}, re-attached to its process when that still runs;
   * null when the directory holds no guest.
   */
  QemuGuest reattach(Path dir) {
    GuestFiles f = new GuestFiles(dir);
    if (!Files.isRegularFile(f.record())) {
      return null;
    }
    try {
      GuestRecord r = GuestRecord.read(f.record());
      QemuGuest g = new QemuGuest(r.uuid, f, r);
      VncDisplays.SHARED.take(options.hostIp(), r.vncDisplay);
      long pid = pidOf(f);
      if (pid > 0 && QemuGuest.alive(pid, r.uuid)) {
        g.pid = pid;
        g.qmp = Qmp.connect(f.qmp(), event -> onEvent(g, event));
        LOG.info("re-attached to guest {} ({}), pid {}", r.uuid, r.name, pid);
      }
      return g;
    } catch (IOException | RuntimeException e) {
      LOG.warn("guest directory {} could not be re-attached: {}", dir, e.toString());
      return null;
    }
  }

  void plugTap(GuestRecord.Nic n) throws DriverException {
    try {
      plug.plugTap(n.networkId, n.portId, n.mtu);
    } catch (HostCommandException e) {
      throw new DriverException("The tap of port " + n.portId + " could not be plugged into"
          + " network " + n.networkId + ": " + e.getMessage(), true, e);
    }
  }

  void unplugTap(GuestRecord.Nic n) {
    try {
      plug.unplugTap(n.portId);
    } catch (HostCommandException e) {
      LOG.warn("cannot remove the tap of port {}: {}", n.portId, e.getMessage());
    }
  }

  static long pidOf(GuestFiles f) {
    try {
      return Long.parseLong(Files.readString(f.pidFile()).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static long readPid(GuestFiles f, long started) {
    for (int i = 0; i < 100; i++) {
      long pid = pidOf(f);
      if (pid > 0) {
        return pid;
      }
      QemuGuest.sleep(10);
    }
    return started;
  }

  /** The last lines QEMU wrote to its log, for an error message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()))
          .strip();
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
