package dev.altus.compute.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Host;
import dev.altus.common.host.HostCommandException;
import dev.altus.common.json.Json;
import dev.altus.compute.virt.ConsoleAddress;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.HostResources;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.InstanceInfo;
import dev.altus.compute.virt.InstanceSpec;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.VirtDriver;
import dev.altus.compute.virt.Vif;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guests as QEMU processes driven over QMP, with no daemon between: each guest is a {@code
 * qemu-system-x86_64} process of its own (started detached, so it outlives the cloud), named
 * after the instance, with its files under {@code <instances>/<uuid>/} ({@link GuestFiles}). At
 * start the driver finds the guests of earlier runs there and re-attaches to the live ones by
 * their QMP sockets. A guest's process ending or stopping on its own is seen from its QMP
 * connection at once and told to the {@link GuestListener}s.
 *
 * <p>Off (SHUTDOWN) means no process; SUSPENDED means no process and a memory state file, which
 * resume boots from; PAUSED is a process whose CPUs are stopped.
 */
public final class QemuDriver implements VirtDriver {
  public static final String NAME = "qemu";
  private static final Logger LOG = LoggerFactory.getLogger(QemuDriver.class);
  private static final Duration JOB_TIME = Duration.ofMinutes(30);
  private static final Duration UNPLUG_TIME = Duration.ofSeconds(10);
  private static final Set<PowerState> LIVE = EnumSet.of(PowerState.RUNNING, PowerState.PAUSED);
  private static final Set<PowerState> OFF = EnumSet.of(PowerState.SHUTDOWN, PowerState.CRASHED);

  private final String hostName;
  private final QemuOptions options;
  private final Host host;
  private final Acceleration accel;
  private final HostFacts facts;
  private final GuestDisks disks;
  private final BridgePlug plug;
  private final GuestProcesses processes;
  private final Map<String, QemuGuest> guests = new ConcurrentHashMap<>();
  private final java.util.concurrent.ScheduledExecutorService housekeeping;

  QemuDriver(String hostName, QemuOptions options, Host host, Acceleration accel,
      HostFacts facts) {
    this.hostName = Objects.requireNonNull(hostName, "host");
    this.options = options;
    this.host = host;
    this.accel = accel;
    this.facts = facts;
    this.disks = new GuestDisks(host, new QemuImg(host, options.imgBinary()),
        options.instancesPath());
    this.plug = new BridgePlug(host, options.bridgeRecord());
    this.processes = new GuestProcesses(hostName, options, host, accel);
    try {
      Files.createDirectories(options.instancesPath());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create the instances path "
          + options.instancesPath() + ": " + e.getMessage()
          + " (set compute.instances_path to a writable directory)", e);
    }
    int longest = options.instancesPath().toAbsolutePath().toString().length() + 46;
    if (longest > 107) {
      throw new IllegalArgumentException("the instances path " + options.instancesPath()
          + " is too long for the guests' QMP sockets (a Unix socket path has at most 107"
          + " bytes); set compute.instances_path to a shorter directory");
    }
    try (var dirs = Files.list(options.instancesPath())) {
      for (Path dir : dirs.toList()) {
        QemuGuest g = processes.reattach(dir);
        if (g != null) {
          guests.put(g.uuid, g);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", options.instancesPath(), e.getMessage());
    }
    this.housekeeping = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("qemu-housekeeping-" + hostName).factory());
    housekeeping.scheduleWithFixedDelay(this::boundConsoles, 5, 5, TimeUnit.SECONDS);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The accelerator guests run with and why. */
  @Override
  public String acceleration() {
    return accel.accel() + " (" + accel.why() + ")";
  }

  public QemuOptions options() {
    return options;
  }

  @Override
  public HostResources resources() {
    return facts.resources(options.instancesPath(), options.hostIp());
  }

  @Override
  public long hostUptimeSeconds() {
    return HostFacts.uptimeSeconds();
  }

  @Override
  public void addGuestListener(GuestListener listener) {
    processes.listeners.add(listener);
  }

  // ---- spawn and destroy

  @Override
  public void spawn(InstanceSpec spec) throws DriverException {
    check(spec);
    GuestFiles f = new GuestFiles(options.instancesPath().resolve(spec.uuid()));
    try {
      Files.createDirectory(f.dir());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // the compute agent writes a server's config drive (disk.config) into this directory
      // before the spawn, as Nova's does: the guest exists only once its record is there
      if (guests.containsKey(spec.uuid()) || Files.exists(f.record())) {
        throw new DriverException("Instance " + spec.uuid() + " already exists on host "
            + hostName + ".", false);
      }
    } catch (IOException e) {
      throw new DriverException("Cannot create the directory of instance " + spec.uuid()
          + ": " + e.getMessage(), true, e);
    }
    GuestRecord r = new GuestRecord();
    r.uuid = spec.uuid();
    r.name = spec.name();
    r.vcpus = spec.vcpus();
    r.memoryMb = spec.memoryMb();
    r.rootGb = spec.rootGb();
    r.ephemeralGb = spec.ephemeralGb();
    r.swapMb = spec.swapMb();
    r.imageId = spec.image().id();
    r.configDrive = spec.configDrive() != null;
    for (Vif v : spec.vifs()) {
      r.nics.add(new GuestRecord.Nic(v.portId(), v.mac(), v.networkId(), v.mtu()));
    }
    r.vncDisplay = VncDisplays.SHARED.allocate(options.hostIp(), options.vncBaseDisplay());
    QemuGuest g = new QemuGuest(spec.uuid(), f, r);
    boolean done = false;
    try {
      GuestDisks.Base base = disks.base(spec.image());
      r.boot = directBoot(spec.image());
      disks.rootDisk(spec.image().id(), base, spec.rootGb(), f.disk());
      disks.extraDisks(spec, f);
      g.save();
      synchronized (g) {
        guests.put(spec.uuid(), g);
        processes.launch(g, false);
      }
      done = true;
      LOG.info("guest {} ({}) runs on {} under {}, pid {}, VNC {}:{}", spec.uuid(), spec.name(),
          hostName, accel.accel(), g.pid, options.hostIp(),
          VncDisplays.BASE_PORT + r.vncDisplay);
    } finally {
      if (!done) {
        synchronized (g) {
          remove(g);
        }
      }
    }
  }

  @Override
  public void destroy(String uuid) throws DriverException {
    QemuGuest g = uuid == null ? null : guests.get(uuid);
    if (g == null) {
      Path dir = uuid == null ? null : options.instancesPath().resolve(uuid);
      if (dir != null && uuid.matches("[0-9a-fA-F-]{1,64}") && Files.isDirectory(dir)) {
        GuestFiles.deleteTree(dir); // a guest's leftovers the driver does not know (a crash mid-spawn)
      }
      return;
    }
    synchronized (g) {
      remove(g);
    }
  }

  /** Ends the process, unplugs the taps, removes the files; the guest is forgotten. */
  private void remove(QemuGuest g) {
    processes.stop(g, Duration.ZERO);
    for (GuestRecord.Nic n : g.record.nics) {
      try {
        plug.unplugTap(n.portId);
      } catch (HostCommandException e) {
        LOG.warn("cannot remove the tap of port {} of {}: {}", n.portId, g.uuid, e.getMessage());
      }
    }
    GuestFiles.deleteTree(g.files.dir());
    guests.remove(g.uuid, g);
    VncDisplays.SHARED.release(options.hostIp(), g.record.vncDisplay);
  }

  // ---- power

  @Override
  public void reboot(String uuid, boolean hard) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      PowerState s = g.state();
      if (!hard && s == PowerState.RUNNING) {
        g.stopping = true;
        g.execute("system_powerdown", null);
        if (g.awaitEnd(options.softRebootTimeout())) {
          processes.ended(g);
          processes.launch(g, false);
          return;
        }
        g.stopping = false;
        LOG.info("guest {} did not shut down within {} s for a soft reboot: resetting it", uuid,
            options.softRebootTimeout().toSeconds());
      }
      if (LIVE.contains(s) && g.running()) {
        g.execute("system_reset", null);
        if (s == PowerState.PAUSED) {
          g.execute("cont", null);
        }
        return;
      }
      GuestFiles.deleteQuietly(g.files.memoryState());
      g.record.crashed = false;
      processes.launch(g, false);
    }
  }

  @Override
  public void powerOff(String uuid, int timeoutSeconds) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      PowerState s = g.state();
      if (OFF.contains(s)) {
        if (s == PowerState.CRASHED && !g.running()) {
          g.record.crashed = false;
          g.save();
        }
        if (!g.running()) {
          return;
        }
      } else {
        require(g, s, "power off", LIVE);
      }
      processes.stop(g, s == PowerState.RUNNING ? Duration.ofSeconds(Math.max(0, timeoutSeconds))
          : Duration.ZERO);
      g.record.crashed = false;
      g.save();
    }
  }

  @Override
  public void powerOn(String uuid) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      PowerState s = g.state();
      if (s == PowerState.RUNNING) {
        return;
      }
      require(g, s, "power on", OFF);
      processes.stop(g, Duration.ZERO); // a crashed guest's process may linger
      g.record.crashed = false;
      processes.launch(g, false);
    }
  }

  @Override
  public void pause(String uuid) throws DriverException {
    transition(uuid, "pause", PowerState.RUNNING, "stop");
  }

  @Override
  public void unpause(String uuid) throws DriverException {
    transition(uuid, "unpause", PowerState.PAUSED, "cont");
  }

  /** A QMP command that is allowed from one state only. */
  private void transition(String uuid, String action, PowerState from, String command)
      throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      require(g, g.state(), action, EnumSet.of(from));
      g.execute(command, null);
    }
  }

  /** Saves the guest's memory to {@code memory.state} (a migration to a file), then ends it. */
  @Override
  public void suspend(String uuid) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      require(g, g.state(), "suspend", LIVE);
      Path part = g.files.dir().resolve("memory.state.part");
      Path state = g.files.memoryState();
      GuestFiles.deleteQuietly(part);
      g.execute("stop", null);
      // the state file gets its name only once the writer has it all: a cut-off save is no state
      g.execute("migrate", Json.object().put("uri", "exec:cat > " + QemuArgv.quoted(part.toString())
          + " && mv " + QemuArgv.quoted(part.toString()) + " " + QemuArgv.quoted(state.toString())));
      long deadline = System.nanoTime() + JOB_TIME.toNanos();
      while (true) {
        JsonNode m = g.execute("query-migrate", null);
        String status = m.path("status").asText();
        if (status.equals("completed") && Files.exists(state)) {
          break;
        }
        if (status.equals("failed") || status.equals("cancelled")
            || System.nanoTime() > deadline) {
          GuestFiles.deleteQuietly(part);
          g.executeQuietly("migrate_cancel", null);
          g.execute("cont", null);
          throw new DriverException("Suspend of instance " + uuid + " failed: saving its memory"
              + " ended " + status + " " + m.path("error-desc").asText(""), true);
        }
        QemuGuest.sleep(20);
      }
      processes.stop(g, Duration.ZERO);
    }
  }

  @Override
  public void resume(String uuid) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      require(g, g.state(), "resume", EnumSet.of(PowerState.SUSPENDED));
      processes.launch(g, true);
    }
  }

  // ---- rescue, resize, rebuild, snapshot

  @Override
  public void rescue(String uuid, ImageSource rescueImage) throws DriverException {
    Objects.requireNonNull(rescueImage, "rescueImage");
    QemuGuest g = guest(uuid);
    synchronized (g) {
      if (g.record.rescueImageId != null) {
        throw new DriverException("Instance " + uuid + " is already in rescue mode.", false);
      }
      PowerState s = g.state();
      require(g, s, "rescue", EnumSet.of(PowerState.RUNNING, PowerState.SHUTDOWN,
          PowerState.CRASHED));
      GuestDisks.Base base = disks.base(rescueImage);
      GuestRecord.Boot boot = directBoot(rescueImage);
      GuestFiles.deleteQuietly(g.files.rescueDisk());
      disks.rootDisk(rescueImage.id(), base, 0, g.files.rescueDisk());
      processes.stop(g, s == PowerState.RUNNING ? options.shutdownTimeout() : Duration.ZERO);
      g.record.rescueImageId = rescueImage.id();
      g.record.rescueBoot = boot;
      g.record.crashed = false;
      processes.launch(g, false);
    }
  }

  @Override
  public void unrescue(String uuid) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      if (g.record.rescueImageId == null) {
        throw new DriverException("Instance " + uuid + " is not in rescue mode.", false);
      }
      processes.stop(g, Duration.ZERO);
      g.record.rescueImageId = null;
      g.record.rescueBoot = null;
      GuestFiles.deleteQuietly(g.files.rescueDisk());
      processes.launch(g, false);
    }
  }

  /**
   * New CPUs, RAM and disk sizes, in place: the guest is stopped, its disks are copied aside
   * ({@code disk.orig}, {@code disk.eph0.orig}) for a revert, grown, and it is started again if it
   * ran. A root disk is never shrunk.
   */
  @Override
  public void resize(String uuid, InstanceSpec newSpec) throws DriverException {
    QemuGuest g = guest(uuid);
    if (!uuid.equals(newSpec.uuid())) {
      throw new DriverException("Resize of " + uuid + " was given the spec of " + newSpec.uuid()
          + ".", false);
    }
    check(newSpec);
    synchronized (g) {
      PowerState s = g.state();
      require(g, s, "resize", EnumSet.of(PowerState.RUNNING, PowerState.SHUTDOWN));
      GuestRecord r = g.record;
      if (newSpec.rootGb() > 0 && r.rootGb > 0 && newSpec.rootGb() < r.rootGb) {
        throw new DriverException("Resize error: unable to resize the root disk of " + uuid
            + " down from " + r.rootGb + " GB to " + newSpec.rootGb() + " GB.", false);
      }
      if (newSpec.ephemeralGb() < r.ephemeralGb) {
        throw new DriverException("Resize error: unable to shrink the ephemeral disk of " + uuid
            + " from " + r.ephemeralGb + " GB to " + newSpec.ephemeralGb() + " GB.", false);
      }
      boolean wasRunning = s == PowerState.RUNNING;
      processes.stop(g, wasRunning ? options.shutdownTimeout() : Duration.ZERO);
      if (r.beforeResize == null) { // a second resize before a confirm keeps the first original
        GuestRecord.Before b = new GuestRecord.Before();
        b.vcpus = r.vcpus;
        b.memoryMb = r.memoryMb;
        b.rootGb = r.rootGb;
        b.ephemeralGb = r.ephemeralGb;
        keepOriginal(g, g.files.disk());
        keepOriginal(g, g.files.ephemeral());
        r.beforeResize = b;
      }
      if (newSpec.rootGb() > r.rootGb) {
        disks.grow(g.files.disk(), "qcow2", newSpec.rootGb());
        r.rootGb = newSpec.rootGb();
      }
      if (newSpec.ephemeralGb() > r.ephemeralGb) {
        if (r.ephemeralGb == 0) {
          disks.extraDisks(new InstanceSpec(uuid, r.name, r.name, 1, 1, 0,
              newSpec.ephemeralGb(), 0, newSpec.image(), List.of(), null, Map.of(), null), g.files);
        } else {
          disks.grow(g.files.ephemeral(), "qcow2", newSpec.ephemeralGb());
        }
        r.ephemeralGb = newSpec.ephemeralGb();
      }
      r.vcpus = newSpec.vcpus();
      r.memoryMb = newSpec.memoryMb();
      g.save();
      if (wasRunning) {
        processes.launch(g, false);
      }
    }
  }

  @Override
  public void confirmResize(String uuid) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      if (g.record.beforeResize != null) {
        GuestFiles.deleteQuietly(g.files.original(g.files.disk()));
        GuestFiles.deleteQuietly(g.files.original(g.files.ephemeral()));
        g.record.beforeResize = null;
        g.save();
      }
    }
  }

  /** The disks kept by the resize come back, with the resources the guest had then. */
  @Override
  public void revertResize(String uuid, InstanceSpec original) throws DriverException {
    QemuGuest g = guest(uuid);
    if (!uuid.equals(original.uuid())) {
      throw new DriverException("Revert of " + uuid + " was given the spec of " + original.uuid()
          + ".", false);
    }
    synchronized (g) {
      GuestRecord r = g.record;
      if (r.beforeResize == null) {
        throw new DriverException("Revert resize of " + uuid + " failed: the guest has no"
            + " unconfirmed resize to revert (its original disk is gone).", false);
      }
      PowerState s = g.state();
      require(g, s, "revert resize", EnumSet.of(PowerState.RUNNING, PowerState.SHUTDOWN));
      boolean wasRunning = s == PowerState.RUNNING;
      processes.stop(g, wasRunning ? options.shutdownTimeout() : Duration.ZERO);
      for (Path disk : List.of(g.files.disk(), g.files.ephemeral())) {
        Path kept = g.files.original(disk);
        try {
          if (Files.exists(kept)) {
            Files.move(kept, disk, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
          } else {
            Files.deleteIfExists(disk); // a disk the resize added
          }
        } catch (IOException e) {
          throw new DriverException("Revert resize of " + uuid + " failed: " + e.getMessage(),
              true, e);
        }
      }
      r.vcpus = r.beforeResize.vcpus;
      r.memoryMb = r.beforeResize.memoryMb;
      r.rootGb = r.beforeResize.rootGb;
      r.ephemeralGb = r.beforeResize.ephemeralGb;
      r.beforeResize = null;
      g.save();
      if (wasRunning) {
        processes.launch(g, false);
      }
    }
  }

  /** Copies a disk aside for a revert (sparse regions stay sparse: it is a qcow2 copy). */
  private static void keepOriginal(QemuGuest g, Path disk) throws DriverException {
    if (!Files.exists(disk)) {
      return;
    }
    try {
      Files.copy(disk, g.files.original(disk), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new DriverException("Resize of " + g.uuid + " failed: its disk could not be kept for"
          + " a revert: " + e.getMessage(), true, e);
    }
  }

  @Override
  public void rebuild(InstanceSpec spec) throws DriverException {
    check(spec);
    QemuGuest g = guest(spec.uuid());
    synchronized (g) {
      GuestDisks.Base base = disks.base(spec.image());
      GuestRecord.Boot boot = directBoot(spec.image());
      Path fresh = g.files.dir().resolve("disk.rebuild");
      GuestFiles.deleteQuietly(fresh);
      disks.rootDisk(spec.image().id(), base, g.record.rootGb, fresh);
      processes.stop(g, g.state() == PowerState.RUNNING ? options.shutdownTimeout() : Duration.ZERO);
      try {
        Files.move(fresh, g.files.disk(), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        GuestFiles.deleteQuietly(fresh);
        throw new DriverException("Rebuild of " + spec.uuid() + " failed: " + e.getMessage(),
            true, e);
      }
      GuestFiles.deleteQuietly(g.files.memoryState());
      GuestFiles.deleteQuietly(g.files.rescueDisk());
      g.record.imageId = spec.image().id();
      g.record.boot = boot;
      g.record.rescueImageId = null;
      g.record.rescueBoot = null;
      g.record.crashed = false;
      processes.launch(g, false);
    }
  }

  /**
   * A consistent qcow2 copy of the root disk: from the running (or paused) guest by a full
   * backup job, which copies the disk as it was when the job started while the guest goes on;
   * with {@code qemu-img convert} when no process has the disk open.
   */
  @Override
  public String snapshot(String uuid, Path target) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      if (!g.running()) {
        disks.copyOffline(g.files.disk(), target);
        return "qcow2";
      }
      GuestFiles.deleteQuietly(target);
      CompletableFuture<JsonNode> done = new CompletableFuture<>();
      g.blockJob = done;
      try {
        g.execute("drive-backup", Json.object().put("device", "disk0").put("job-id", "snapshot")
            .put("sync", "full").put("target", target.toAbsolutePath().toString())
            .put("format", "qcow2").put("mode", "absolute-paths"));
        JsonNode event = done.get(JOB_TIME.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null || !event.path("event").asText().equals("BLOCK_JOB_COMPLETED")
            || event.path("data").has("error")) {
          GuestFiles.deleteQuietly(target);
          throw new DriverException("Snapshot of " + uuid + " failed: "
              + (event == null ? "the guest's process ended"
                  : event.path("data").path("error").asText(event.path("event").asText())),
              true);
        }
        return "qcow2";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException("Snapshot of " + uuid + " interrupted", true, e);
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException e) {
        GuestFiles.deleteQuietly(target);
        throw new DriverException("Snapshot of " + uuid + " did not finish: " + e, true, e);
      } finally {
        g.blockJob = null;
      }
    }
  }

  // ---- consoles and interfaces

  @Override
  public String consoleOutput(String uuid, Integer tailLines) throws DriverException {
    if (tailLines != null && tailLines < 0) {
      throw new IllegalArgumentException("tailLines must be >= 0, not " + tailLines);
    }
    QemuGuest g = guest(uuid);
    try {
      return ConsoleLog.read(g.files.consoleLog(), tailLines);
    } catch (IOException e) {
      throw new DriverException("The console log of " + uuid + " could not be read: "
          + e.getMessage(), true, e);
    }
  }

  @Override
  public ConsoleAddress vncConsole(String uuid) throws DriverException {
    QemuGuest g = guest(uuid);
    PowerState s = g.state();
    if (!LIVE.contains(s)) {
      throw new DriverException("The VNC console of " + uuid + " is unavailable: the guest is "
          + s.name().toLowerCase() + ", not running.", false);
    }
    return new ConsoleAddress("vnc", options.hostIp(),
        VncDisplays.BASE_PORT + g.record.vncDisplay);
  }

  @Override
  public void attachInterface(String uuid, Vif vif) throws DriverException {
    Objects.requireNonNull(vif, "vif");
    QemuGuest g = guest(uuid);
    synchronized (g) {
      if (g.record.nic(vif.portId()) != null) {
        throw new DriverException("Port " + vif.portId() + " is already attached to instance "
            + uuid + ".", false);
      }
      GuestRecord.Nic n = new GuestRecord.Nic(vif.portId(), vif.mac(), vif.networkId(),
          vif.mtu());
      processes.plugTap(n);
      if (g.running()) {
        try {
          g.execute("netdev_add", Json.object().put("type", "tap").put("id", QemuArgv.netdevId(n))
              .put("ifname", dev.altus.common.host.DeviceNames.tap(n.portId))
              .put("script", "no").put("downscript", "no").put("vhost", false));
          g.execute("device_add", Json.object().put("driver", "virtio-net-pci")
              .put("netdev", QemuArgv.netdevId(n)).put("id", QemuArgv.deviceId(n))
              .put("mac", n.mac).put("host_mtu", n.mtu));
        } catch (DriverException e) {
          g.executeQuietly("netdev_del", Json.object().put("id", QemuArgv.netdevId(n)));
          processes.unplugTap(n);
          throw e;
        }
      }
      g.record.nics.add(n);
      g.save();
    }
  }

  @Override
  public void detachInterface(String uuid, Vif vif) throws DriverException {
    Objects.requireNonNull(vif, "vif");
    QemuGuest g = guest(uuid);
    synchronized (g) {
      GuestRecord.Nic n = g.record.nic(vif.portId());
      if (n == null) {
        throw new DriverException("Port " + vif.portId() + " is not attached to instance "
            + uuid + ".", false);
      }
      if (g.running()) {
        unplugNic(g, n);
      }
      g.record.nics.remove(n);
      g.save();
      processes.unplugTap(n);
    }
  }

  /**
   * Hot-unplugs a NIC: asks the guest to release the device and waits for it; a guest that does
   * not answer (no ACPI hot-plug support, or not booted yet) keeps the device until its next
   * boot, but its backend and tap are gone at once.
   */
  private void unplugNic(QemuGuest g, GuestRecord.Nic n) throws DriverException {
    String device = QemuArgv.deviceId(n);
    g.deletedDevices.remove(device);
    g.execute("device_del", Json.object().put("id", device));
    long deadline = System.nanoTime() + UNPLUG_TIME.toNanos();
    while (!g.deletedDevices.remove(device) && g.running()) {
      if (System.nanoTime() > deadline) {
        LOG.warn("guest {} did not release NIC {} within {} s; its backend is removed and the"
            + " device goes at the guest's next boot", g.uuid, device, UNPLUG_TIME.toSeconds());
        break;
      }
      QemuGuest.sleep(20);
    }
    g.executeQuietly("netdev_del", Json.object().put("id", QemuArgv.netdevId(n)));
  }

  // ---- state

  @Override
  public InstanceInfo info(String uuid) throws DriverException {
    QemuGuest g = guest(uuid);
    synchronized (g) {
      PowerState s = g.state();
      return new InstanceInfo(uuid, s, g.record.vcpus, g.record.memoryMb, g.cpuNs());
    }
  }

  @Override
  public List<String> listInstances() {
    List<String> ids = new ArrayList<>();
    for (QemuGuest g : guests.values()) {
      if (g.exists()) {
        ids.add(g.uuid);
      }
    }
    ids.sort(null);
    return ids;
  }

  /** The driver lets go of its guests; they keep running (a restart re-attaches). */
  @Override
  public void close() {
    housekeeping.shutdownNow();
    for (QemuGuest g : guests.values()) {
      Qmp q = g.qmp;
      if (q != null) {
        q.close();
      }
    }
  }

  // ---- processes

  private void boundConsoles() {
    for (QemuGuest g : guests.values()) {
      try {
        ConsoleLog.bound(g.files.consoleLog(), options.consoleMaxBytes());
      } catch (IOException | RuntimeException e) {
        LOG.debug("cannot bound the console log of {}: {}", g.uuid, e.toString());
      }
    }
  }

  // ---- helpers

  private QemuGuest guest(String uuid) throws DriverException.InstanceNotFound {
    QemuGuest g = uuid == null ? null : guests.get(uuid);
    if (g == null || !g.exists()) {
      throw new DriverException.InstanceNotFound(uuid);
    }
    return g;
  }

  private static void require(QemuGuest g, PowerState s, String action, Set<PowerState> from)
      throws DriverException {
    if (!from.contains(s)) {
      throw new DriverException("Cannot " + action + " instance " + g.uuid + " while it is "
          + s.name().toLowerCase() + ".", false);
    }
  }

  private static void check(InstanceSpec spec) throws DriverException {
    Objects.requireNonNull(spec, "spec");
    if (spec.uuid() == null || !spec.uuid().matches("[0-9a-fA-F-]{1,64}")) {
      throw new DriverException("An instance needs an id of hex digits and dashes.", false);
    }
    if (spec.vcpus() < 1 || spec.memoryMb() < 1) {
      throw new DriverException("Instance " + spec.uuid() + " needs at least 1 vCPU and 1 MB of"
          + " RAM, not " + spec.vcpus() + " and " + spec.memoryMb() + ".", false);
    }
    if (spec.image() == null) {
      throw new DriverException("Instance " + spec.uuid() + " has no image to boot (the qemu"
          + " driver boots from images only).", false);
    }
  }

  /** The direct kernel boot of an image with a kernel, or null for a disk boot. */
  private GuestRecord.Boot directBoot(ImageSource image) throws DriverException {
    if (image.kernel() == null) {
      return null;
    }
    Path kernel = disks.file(image.kernel());
    Path initrd = image.ramdisk() == null ? null : disks.file(image.ramdisk());
    return new GuestRecord.Boot(kernel.toString(), initrd == null ? null : initrd.toString(),
        image.commandLine());
  }
}
