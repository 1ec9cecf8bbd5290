package dev.altus.compute.virt.fake;

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
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hypervisor in memory that keeps the {@link VirtDriver} contract as a real one does: guests
 * with power states and exact transitions, CPU time while running, interfaces, a serial console
 * that grows with what happens to the guest, a VNC port per guest, snapshots that write the guest's
 * root disk (the bytes of the image it booted or was rebuilt from). Boots take {@link
 * FakeDriverOptions#bootTime()}; failures can be injected per image, per host or at random (see
 * {@link FakeDriverOptions}). No process, no disk image, no network: the guests die with the driver.
 *
 * <p>Beyond the contract: a crashed guest may be powered off (it is off already: SHUTDOWN), powered
 * on, hard rebooted or rescued; a soft reboot of a guest that is not running is a hard one, as a
 * guest OS that does not run cannot be asked to reboot.
 *
 * <p>Tests can make a guest do what a real one does on its own: {@link #simulateCrash}, {@link
 * #simulateGuestShutdown}, {@link #simulateVanish}; and look inside with {@link #view}.
 */
public final class FakeDriver implements VirtDriver {
  public static final String NAME = "fake";
  private static final Set<PowerState> OFF = EnumSet.of(PowerState.SHUTDOWN, PowerState.CRASHED);

  /** What a test sees of a guest. */
  public record GuestView(String uuid, String name, String hostname, PowerState state, int vcpus,
      int memoryMb, int rootGb, String imageId, String rescueImageId, List<Vif> vifs,
      Map<String, String> metadata, String publicKey, String userData, int vncPort) {}

  private final String host;
  private final FakeDriverOptions options;
  private final Map<String, FakeGuest> guests = new ConcurrentHashMap<>();
  private final Random random;
  private final FakeTaps taps;
  private final List<GuestListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public FakeDriver(String host, FakeDriverOptions options) {
    this(host, options, null);
  }

  /** {@code bridgeRecord}: where the taps note the bridges they create (null: nowhere). */
  public FakeDriver(String host, FakeDriverOptions options, java.nio.file.Path bridgeRecord) {
    this.host = Objects.requireNonNull(host, "host");
    this.options = Objects.requireNonNull(options, "options");
    this.random = options.seed() == null ? new Random() : new Random(options.seed());
    this.taps = new FakeTaps(options.plugTaps(), bridgeRecord);
  }

  @Override
  public String name() {
    return NAME;
  }

  public String host() {
    return host;
  }

  public FakeDriverOptions options() {
    return options;
  }

  @Override
  public HostResources resources() {
    return new HostResources(options.hypervisorType(), options.hypervisorVersion(),
        options.vcpus(), options.memoryMb(), options.localGb(), options.cpuArch(),
        options.hostIp());
  }

  /** The machine's own uptime from /proc/uptime (the fake hosts run on it). */
  @Override
  public long hostUptimeSeconds() {
    try {
      String s = Files.readString(Path.of("/proc/uptime")).trim();
      return (long) Double.parseDouble(s.substring(0, s.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return ManagementFactory.getRuntimeMXBean().getUptime() / 1000; // no procfs: our own uptime
    }
  }

  @Override
  public void spawn(InstanceSpec spec) throws DriverException {
    check(spec);
    int port = VncPorts.SHARED.allocate(options.hostIp(), options.vncBasePort());
    FakeGuest g = new FakeGuest(spec, options.hostIp(), port);
    if (guests.putIfAbsent(spec.uuid(), g) != null) {
      VncPorts.SHARED.release(options.hostIp(), port);
      throw new DriverException("Instance " + spec.uuid() + " already exists on host " + host
          + ".", false);
    }
    boolean done = false;
    try {
      failIfImageFails(spec.image());
      readImage(spec.image());
      taps.plug(spec.uuid(), spec.vifs());
      sleep(options.bootTime());
      failIfHostFails();
      synchronized (g) {
        if (g.gone()) {
          throw new DriverException("Instance " + spec.uuid() + " was destroyed while it was"
              + " spawning on host " + host + ".", false);
        }
        g.setState(PowerState.RUNNING);
        bootLog(g, "");
      }
      done = true;
    } finally {
      if (!done) {
        forget(g);
      }
    }
  }

  @Override
  public void destroy(String uuid) {
    FakeGuest g = guests.get(uuid);
    if (g != null) {
      forget(g);
    }
  }

  @Override
  public void reboot(String uuid, boolean hard) throws DriverException {
    FakeGuest g = guest(uuid);
    boolean soft = !hard && g.state() == PowerState.RUNNING;
    g.log(soft ? "systemd[1]: Stopping services for reboot ..." : "fake-hypervisor: hard reset",
        "reboot: Restarting system");
    sleep(options.bootTime());
    synchronized (g) {
      live(g);
      g.setState(PowerState.RUNNING);
      bootLog(g, "");
    }
  }

  @Override
  public void powerOff(String uuid, int timeoutSeconds) throws DriverException {
    FakeGuest g = guest(uuid);
    synchronized (g) {
      PowerState s = g.state();
      if (s == PowerState.SHUTDOWN) {
        return;
      }
      if (s == PowerState.CRASHED) {
        g.setState(PowerState.SHUTDOWN);
        return;
      }
      require(g, "power off", EnumSet.of(PowerState.RUNNING, PowerState.PAUSED));
      if (s == PowerState.RUNNING && timeoutSeconds > 0) {
        g.log("systemd[1]: Stopping services for power off ...", "reboot: Power down");
      }
      g.setState(PowerState.SHUTDOWN);
    }
  }

  @Override
  public void powerOn(String uuid) throws DriverException {
    FakeGuest g = guest(uuid);
    synchronized (g) {
      if (g.state() == PowerState.RUNNING) {
        return;
      }
      require(g, "power on", OFF);
    }
    sleep(options.bootTime());
    synchronized (g) {
      live(g);
      g.setState(PowerState.RUNNING);
      bootLog(g, "");
    }
  }

  @Override
  public void pause(String uuid) throws DriverException {
    transition(uuid, "pause", EnumSet.of(PowerState.RUNNING), PowerState.PAUSED);
  }

  @Override
  public void unpause(String uuid) throws DriverException {
    transition(uuid, "unpause", EnumSet.of(PowerState.PAUSED), PowerState.RUNNING);
  }

  @Override
  public void suspend(String uuid) throws DriverException {
    transition(uuid, "suspend", EnumSet.of(PowerState.RUNNING, PowerState.PAUSED),
        PowerState.SUSPENDED);
  }

  @Override
  public void resume(String uuid) throws DriverException {
    transition(uuid, "resume", EnumSet.of(PowerState.SUSPENDED), PowerState.RUNNING);
  }

  @Override
  public void rescue(String uuid, ImageSource rescueImage) throws DriverException {
    Objects.requireNonNull(rescueImage, "rescueImage");
    FakeGuest g = guest(uuid);
    synchronized (g) {
      if (g.rescueImage() != null) {
        throw new DriverException("Instance " + uuid + " is already in rescue mode.", false);
      }
      require(g, "rescue", EnumSet.of(PowerState.RUNNING, PowerState.SHUTDOWN,
          PowerState.CRASHED));
    }
    failIfImageFails(rescueImage);
    readImage(rescueImage);
    if (g.state() == PowerState.RUNNING) {
      g.log("reboot: Power down");
    }
    sleep(options.bootTime());
    synchronized (g) {
      live(g);
      g.rescueImage(rescueImage);
      g.setState(PowerState.RUNNING);
      bootLog(g, "rescue ");
    }
  }

  @Override
  public void unrescue(String uuid) throws DriverException {
    FakeGuest g = guest(uuid);
    synchronized (g) {
      if (g.rescueImage() == null) {
        throw new DriverException("Instance " + uuid + " is not in rescue mode.", false);
      }
      g.log("reboot: Power down");
    }
    sleep(options.bootTime());
    synchronized (g) {
      live(g);
      g.rescueImage(null);
      g.setState(PowerState.RUNNING);
      bootLog(g, "");
    }
  }

  @Override
  public void resize(String uuid, InstanceSpec newSpec) throws DriverException {
    FakeGuest g = guest(uuid);
    if (!uuid.equals(newSpec.uuid())) {
      throw new DriverException("Resize of " + uuid + " was given the spec of " + newSpec.uuid()
          + ".", false);
    }
    check(newSpec);
    boolean wasRunning;
    synchronized (g) {
      require(g, "resize", EnumSet.of(PowerState.RUNNING, PowerState.SHUTDOWN));
      int oldRoot = g.spec().rootGb();
      if (newSpec.rootGb() > 0 && oldRoot > 0 && newSpec.rootGb() < oldRoot) {
        throw new DriverException("Resize error: unable to resize the root disk of " + uuid
            + " down from " + oldRoot + " GB to " + newSpec.rootGb() + " GB.", false);
      }
      wasRunning = g.state() == PowerState.RUNNING;
      if (wasRunning) {
        g.log("reboot: Power down");
        g.setState(PowerState.SHUTDOWN);
      }
      if (g.beforeResize() == null) {
        g.beforeResize(new FakeGuest.BeforeResize(g.spec(), g.rootImage()));
      }
      g.spec(newSpec);
      g.log("fake-hypervisor: resized to " + newSpec.vcpus() + " vCPUs, " + newSpec.memoryMb()
          + " MB RAM, " + newSpec.rootGb() + " GB root disk; the original disk is kept until"
          + " the resize is confirmed");
    }
    restartIf(g, wasRunning);
  }

  @Override
  public void confirmResize(String uuid) throws DriverException {
    FakeGuest g = guest(uuid);
    synchronized (g) {
      if (g.beforeResize() != null) {
        g.beforeResize(null);
        g.log("fake-hypervisor: resize confirmed, the original disk removed");
      }
    }
  }

  @Override
  public void revertResize(String uuid, InstanceSpec original) throws DriverException {
    FakeGuest g = guest(uuid);
    if (!uuid.equals(original.uuid())) {
      throw new DriverException("Revert of " + uuid + " was given the spec of " + original.uuid()
          + ".", false);
    }
    boolean wasRunning;
    synchronized (g) {
      FakeGuest.BeforeResize kept = g.beforeResize();
      if (kept == null) {
        throw new DriverException("Revert resize of " + uuid + " failed: the guest has no"
            + " unconfirmed resize to revert (its original disk is gone).", false);
      }
      require(g, "revert resize", EnumSet.of(PowerState.RUNNING, PowerState.SHUTDOWN));
      wasRunning = g.state() == PowerState.RUNNING;
      if (wasRunning) {
        g.log("reboot: Power down");
        g.setState(PowerState.SHUTDOWN);
      }
      // the kept disk comes back as it was, with the original flavor's resources
      g.spec(original);
      g.rootImage(kept.rootImage());
      g.beforeResize(null);
      g.log("fake-hypervisor: resize reverted to " + original.vcpus() + " vCPUs, "
          + original.memoryMb() + " MB RAM and the original " + kept.spec().rootGb()
          + " GB root disk");
    }
    restartIf(g, wasRunning);
  }

  private void restartIf(FakeGuest g, boolean wasRunning) throws DriverException {
    if (wasRunning) {
      sleep(options.bootTime());
      synchronized (g) {
        live(g);
        g.setState(PowerState.RUNNING);
        bootLog(g, "");
      }
    }
  }

  @Override
  public void rebuild(InstanceSpec spec) throws DriverException {
    check(spec);
    FakeGuest g = guest(spec.uuid());
    failIfImageFails(spec.image());
    readImage(spec.image());
    g.log("reboot: Power down", "fake-hypervisor: root disk replaced with image "
        + spec.image().id());
    synchronized (g) {
      g.setState(PowerState.SHUTDOWN);
    }
    sleep(options.bootTime());
    synchronized (g) {
      live(g);
      g.spec(spec);
      g.rootImage(spec.image());
      g.rescueImage(null);
      taps.plug(spec.uuid(), spec.vifs());
      g.replaceVifs(spec.vifs());
      g.setState(PowerState.RUNNING);
      bootLog(g, "");
    }
  }

  @Override
  public String snapshot(String uuid, Path target) throws DriverException {
    FakeGuest g = guest(uuid);
    ImageSource root = g.rootImage();
    try (InputStream in = root.open()) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException ignored) {
        // the first failure is the one to report
      }
      throw new DriverException("Snapshot of " + uuid + " failed: could not copy its root disk"
          + " (image " + root.id() + ") to " + target + ": " + e.getMessage(), false, e);
    }
    live(g);
    g.log("fake-hypervisor: snapshot of the root disk written");
    return root.diskFormat();
  }

  @Override
  public String consoleOutput(String uuid, Integer tailLines) throws DriverException {
    if (tailLines != null && tailLines < 0) {
      throw new IllegalArgumentException("tailLines must be >= 0, not " + tailLines);
    }
    return guest(uuid).console(tailLines);
  }

  @Override
  public ConsoleAddress vncConsole(String uuid) throws DriverException {
    FakeGuest g = guest(uuid);
    PowerState s = g.state();
    if (s != PowerState.RUNNING && s != PowerState.PAUSED) {
      throw new DriverException("The VNC console of " + uuid + " is unavailable: the guest is "
          + s.name().toLowerCase() + ", not running.", false);
    }
    return new ConsoleAddress("vnc", options.hostIp(), g.vncPort());
  }

  @Override
  public void attachInterface(String uuid, Vif vif) throws DriverException {
    Objects.requireNonNull(vif, "vif");
    FakeGuest g = guest(uuid);
    synchronized (g) {
      if (g.hasVif(vif.portId())) {
        throw new DriverException("Port " + vif.portId() + " is already attached to instance "
            + uuid + ".", false);
      }
      taps.plug(uuid, List.of(vif));
      g.addVif(vif);
      if (g.state() == PowerState.RUNNING) {
        g.log("virtio_net: eth" + (g.vifs().size() - 1) + " added, " + vif.mac() + " "
            + String.join(" ", vif.fixedIps()));
      }
    }
  }

  @Override
  public void detachInterface(String uuid, Vif vif) throws DriverException {
    Objects.requireNonNull(vif, "vif");
    FakeGuest g = guest(uuid);
    synchronized (g) {
      if (!g.hasVif(vif.portId())) {
        throw new DriverException("Port " + vif.portId() + " is not attached to instance "
            + uuid + ".", false);
      }
      g.removeVif(vif.portId());
      taps.unplug(List.of(vif));
      if (g.state() == PowerState.RUNNING) {
        g.log("virtio_net: interface " + vif.mac() + " removed");
      }
    }
  }

  @Override
  public InstanceInfo info(String uuid) throws DriverException {
    return guest(uuid).info();
  }

  @Override
  public List<String> listInstances() {
    List<String> ids = new ArrayList<>(guests.keySet());
    ids.sort(null);
    return ids;
  }

  /** The guests die with the driver: each is removed and its console port freed. */
  @Override
  public void close() {
    for (FakeGuest g : List.copyOf(guests.values())) {
      forget(g);
    }
  }

  @Override
  public void addGuestListener(GuestListener listener) {
    listeners.add(listener);
  }

  private void tell(String uuid, PowerState state, String reason) {
    for (GuestListener l : listeners) {
      l.guestChanged(uuid, state, reason);
    }
  }

  // ---- what a real guest does on its own, for tests

  /** The guest's kernel panics: it stops and stays CRASHED until powered on or rebooted. */
  public void simulateCrash(String uuid) throws DriverException {
    FakeGuest g = guest(uuid);
    synchronized (g) {
      require(g, "crash", EnumSet.of(PowerState.RUNNING, PowerState.PAUSED));
      g.log("Kernel panic - not syncing: Fatal exception");
      g.setState(PowerState.CRASHED);
    }
    tell(uuid, PowerState.CRASHED, "the guest's kernel panicked");
  }

  /** Someone runs {@code poweroff} inside the guest. */
  public void simulateGuestShutdown(String uuid) throws DriverException {
    FakeGuest g = guest(uuid);
    synchronized (g) {
      require(g, "shut down from inside", EnumSet.of(PowerState.RUNNING));
      g.log("systemd[1]: Stopping services for power off ...", "reboot: Power down");
      g.setState(PowerState.SHUTDOWN);
    }
    tell(uuid, PowerState.SHUTDOWN, "the guest powered itself off");
  }

  /** The guest disappears from the host behind the driver's back (an operator removed it). */
  public void simulateVanish(String uuid) throws DriverException {
    forget(guest(uuid));
  }

  /** A look inside a guest, or empty when the host has no such guest. */
  public Optional<GuestView> view(String uuid) {
    FakeGuest g = guests.get(uuid);
    if (g == null) {
      return Optional.empty();
    }
    synchronized (g) {
      InstanceSpec s = g.spec();
      ImageSource rescue = g.rescueImage();
      return Optional.of(new GuestView(uuid, s.name(), s.hostname(), g.state(), s.vcpus(),
          s.memoryMb(), s.rootGb(), g.rootImage().id(), rescue == null ? null : rescue.id(),
          g.vifs(), s.metadata(), s.publicKey(), s.userData(), g.vncPort()));
    }
  }

  // ---- helpers

  private FakeGuest guest(String uuid) throws DriverException.InstanceNotFound {
    FakeGuest g = uuid == null ? null : guests.get(uuid);
    if (g == null || g.gone()) {
      throw new DriverException.InstanceNotFound(uuid);
    }
    return g;
  }

  private static void live(FakeGuest g) throws DriverException.InstanceNotFound {
    if (g.gone()) {
      throw new DriverException.InstanceNotFound(g.uuid());
    }
  }

  private void forget(FakeGuest g) {
    if (guests.remove(g.uuid(), g)) {
      g.remove();
      taps.unplug(g.vifs());
      VncPorts.SHARED.release(options.hostIp(), g.vncPort());
    }
  }

  private void transition(String uuid, String action, Set<PowerState> from, PowerState to)
      throws DriverException {
    FakeGuest g = guest(uuid);
    synchronized (g) {
      require(g, action, from);
      g.setState(to);
    }
  }

  private static void require(FakeGuest g, String action, Set<PowerState> from)
      throws DriverException {
    PowerState s = g.state();
    if (!from.contains(s)) {
      throw new DriverException("Cannot " + action + " instance " + g.uuid() + " while it is "
          + s.name().toLowerCase() + ".", false);
    }
  }

  private static void check(InstanceSpec spec) throws DriverException {
    Objects.requireNonNull(spec, "spec");
    if (spec.uuid() == null || spec.uuid().isBlank()) {
      throw new DriverException("An instance needs an id.", false);
    }
    if (spec.vcpus() < 1 || spec.memoryMb() < 1) {
      throw new DriverException("Instance " + spec.uuid() + " needs at least 1 vCPU and 1 MB of"
          + " RAM, not " + spec.vcpus() + " and " + spec.memoryMb() + ".", false);
    }
    if (spec.image() == null) {
      throw new DriverException("Instance " + spec.uuid() + " has no image to boot.", false);
    }
  }

  private void failIfImageFails(ImageSource image) throws DriverException {
    if (options.failOnImages().contains(image.id())) {
      throw new DriverException("Image " + image.id() + " failed to boot on host " + host
          + " (the fake driver is told to fail it by compute.fake.fail_on_image).", false);
    }
  }

  private void failIfHostFails() throws DriverException {
    if (options.failHost()) {
      throw new DriverException("Host " + host + " failed to start the guest (the fake driver"
          + " is told to fail on it by compute.fake.fail_hosts).", true);
    }
    if (options.failRate() > 0 && random.nextDouble() < options.failRate()) {
      throw new DriverException("Host " + host + " failed to start the guest (a failure the"
          + " fake driver injects at random, compute.fake.fail_rate = " + options.failRate()
          + ").", true);
    }
  }

  /** Reads the image's first block as a hypervisor fetching it would; a missing image is final. */
  private static void readImage(ImageSource image) throws DriverException {
    try (InputStream in = image.open()) {
      in.readNBytes(4096);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new DriverException("Image " + image.id() + " could not be found: "
          + e.getMessage(), false, e);
    } catch (IOException e) {
      throw new DriverException("Image " + image.id() + " could not be read: " + e.getMessage(),
          true, e);
    }
  }

  private static void sleep(Duration d) throws DriverException {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("Interrupted while the guest was booting.", true, e);
    }
  }

  /** What the guest prints as it boots: kernel, disks, interfaces, cloud-init, a login prompt. */
  private void bootLog(FakeGuest g, String mode) {
    InstanceSpec s = g.spec();
    ImageSource disk = g.rescueImage() != null ? g.rescueImage() : g.rootImage();
    g.log("Linux version 6.1.0-fake (" + options.hypervisorType() + " hypervisor on " + host
            + ") booting " + mode + "instance " + s.name(),
        "Command line: root=/dev/vda1 ro console=ttyS0",
        "Memory: " + s.memoryMb() + " MB available, " + s.vcpus() + " CPUs",
        "virtio_blk virtio0: [vda] " + mode + "disk from image " + disk.id() + " ("
            + disk.diskFormat() + ", " + disk.size() + " bytes)");
    if (g.rescueImage() != null) {
      g.log("virtio_blk virtio1: [vdb] the instance's own disk, image " + g.rootImage().id());
    }
    int i = 0;
    for (Vif v : g.vifs()) {
      g.log("virtio_net: eth" + i++ + " " + v.mac() + " mtu " + v.mtu() + " network "
          + v.networkId() + " " + String.join(" ", v.fixedIps()));
    }
    g.log("cloud-init: hostname set to " + s.hostname());
    if (s.userData() != null) {
      g.log("cloud-init: user data of " + s.userData().length() + " base64 characters");
    }
    if (s.publicKey() != null) {
      String k = s.publicKey().trim();
      g.log("cloud-init: authorized key " + k.substring(0, Math.min(k.length(), 24)) + "...");
    }
    g.log(s.hostname() + " login: ");
  }
}
