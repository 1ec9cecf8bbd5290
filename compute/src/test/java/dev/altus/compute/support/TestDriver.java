package dev.altus.compute.support;

import dev.altus.compute.virt.ConsoleAddress;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.HostResources;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.InstanceInfo;
import dev.altus.compute.virt.InstanceSpec;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.Vif;
import dev.altus.compute.virt.VirtDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-memory driver for the compute tests (the real fake driver lives in its own part):
 * guests are records with a power state; spawn reads the image; failures can be injected.
 */
public final class TestDriver implements VirtDriver {
  /** A guest on this host. */
  public static final class Guest {
    public volatile PowerState state = PowerState.RUNNING;
    public volatile InstanceSpec spec;
    public final List<Vif> vifs = new ArrayList<>();
    public volatile boolean rescued;
    /** The spec (disk) a resize replaced, until it is confirmed or reverted. */
    public volatile InstanceSpec beforeResize;
  }

  public final String host;
  private final HostResources resources;
  public final Map<String, Guest> guests = new ConcurrentHashMap<>();
  /** Spawns still to fail, with whether they may be retried elsewhere. */
  public final AtomicInteger failSpawns = new AtomicInteger();
  public final List<GuestListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  public volatile boolean failRetryable = true;
  public volatile long spawnMillis;

  public TestDriver(String host, int vcpus, int memoryMb, int diskGb) {
    this.host = host;
    this.resources = new HostResources("QEMU", 7002000, vcpus, memoryMb, diskGb, "x86_64",
        "127.0.0.1");
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public HostResources resources() {
    return resources;
  }

  @Override
  public long hostUptimeSeconds() {
    return 42;
  }

  @Override
  public void spawn(InstanceSpec spec) throws DriverException {
    if (failSpawns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new DriverException("injected spawn failure on " + host, failRetryable);
    }
    if (spec.image() != null) {
      try (InputStream in = spec.image().open()) {
        in.readAllBytes();
      } catch (IOException e) {
        throw new DriverException("cannot read image: " + e.getMessage(), false);
      }
    }
    if (spawnMillis > 0) {
      try {
        Thread.sleep(spawnMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Guest g = new Guest();
    g.spec = spec;
    g.vifs.addAll(spec.vifs());
    guests.put(spec.uuid(), g);
  }

  private Guest guest(String uuid) throws DriverException {
    Guest g = guests.get(uuid);
    if (g == null) {
      throw new DriverException.InstanceNotFound(uuid);
    }
    return g;
  }

  @Override
  public void destroy(String uuid) {
    guests.remove(uuid);
  }

  @Override
  public void reboot(String uuid, boolean hard) throws DriverException {
    guest(uuid).state = PowerState.RUNNING;
  }

  @Override
  public void powerOff(String uuid, int timeoutSeconds) throws DriverException {
    Guest g = guest(uuid);
    if (g.state == PowerState.SUSPENDED) {
      throw new DriverException("cannot power off a suspended guest", false);
    }
    g.state = PowerState.SHUTDOWN;
  }

  @Override
  public void powerOn(String uuid) throws DriverException {
    guest(uuid).state = PowerState.RUNNING;
  }

  @Override
  public void pause(String uuid) throws DriverException {
    require(uuid, PowerState.RUNNING).state = PowerState.PAUSED;
  }

  @Override
  public void unpause(String uuid) throws DriverException {
    require(uuid, PowerState.PAUSED).state = PowerState.RUNNING;
  }

  @Override
  public void suspend(String uuid) throws DriverException {
    Guest g = guest(uuid);
    if (g.state != PowerState.RUNNING && g.state != PowerState.PAUSED) {
      throw new DriverException("cannot suspend a guest in " + g.state, false);
    }
    g.state = PowerState.SUSPENDED;
  }

  @Override
  public void resume(String uuid) throws DriverException {
    require(uuid, PowerState.SUSPENDED).state = PowerState.RUNNING;
  }

  private Guest require(String uuid, PowerState s) throws DriverException {
    Guest g = guest(uuid);
    if (g.state != s) {
      throw new DriverException("guest is " + g.state + ", not " + s, false);
    }
    return g;
  }

  @Override
  public void rescue(String uuid, ImageSource rescueImage) throws DriverException {
    Guest g = guest(uuid);
    g.rescued = true;
    g.state = PowerState.RUNNING;
  }

  @Override
  public void unrescue(String uuid) throws DriverException {
    Guest g = guest(uuid);
    g.rescued = false;
    g.state = PowerState.RUNNING;
  }

  /** Reverts still to fail (a broken host), not retryable. */
  public final AtomicInteger failReverts = new AtomicInteger();

  /** Like a real hypervisor: a root disk only grows, and the original is kept until confirm. */
  @Override
  public void resize(String uuid, InstanceSpec newSpec) throws DriverException {
    Guest g = guest(uuid);
    synchronized (g) {
      if (newSpec.rootGb() < g.spec.rootGb()) {
        throw new DriverException("Resize error: unable to resize the root disk of " + uuid
            + " down from " + g.spec.rootGb() + " GB to " + newSpec.rootGb() + " GB.", false);
      }
      if (g.beforeResize == null) {
        g.beforeResize = g.spec;
      }
      g.spec = newSpec;
    }
  }

  @Override
  public void confirmResize(String uuid) throws DriverException {
    guest(uuid).beforeResize = null;
  }

  @Override
  public void revertResize(String uuid, InstanceSpec original) throws DriverException {
    Guest g = guest(uuid);
    if (failReverts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new DriverException("injected revert failure on " + host, false);
    }
    synchronized (g) {
      if (g.beforeResize == null) {
        throw new DriverException("no unconfirmed resize of " + uuid + " to revert", false);
      }
      g.spec = original;
      g.beforeResize = null;
    }
  }

  @Override
  public void rebuild(InstanceSpec spec) throws DriverException {
    Guest g = guest(spec.uuid());
    g.spec = spec;
    g.state = PowerState.RUNNING;
  }

  @Override
  public String snapshot(String uuid, Path target) throws DriverException {
    guest(uuid);
    try {
      Files.writeString(target, "disk of " + uuid);
    } catch (IOException e) {
      throw new DriverException(e.getMessage(), false);
    }
    return "qcow2";
  }

  @Override
  public String consoleOutput(String uuid, Integer tailLines) throws DriverException {
    guest(uuid);
    List<String> lines = List.of("boot " + uuid, "line 2", "line 3", "login:");
    int n = tailLines == null ? lines.size() : Math.min(tailLines, lines.size());
    return String.join("\n", lines.subList(lines.size() - n, lines.size()));
  }

  @Override
  public ConsoleAddress vncConsole(String uuid) throws DriverException {
    guest(uuid);
    return new ConsoleAddress("vnc", "127.0.0.1", 5900);
  }

  @Override
  public void attachInterface(String uuid, Vif vif) throws DriverException {
    guest(uuid).vifs.add(vif);
  }

  @Override
  public void detachInterface(String uuid, Vif vif) throws DriverException {
    guest(uuid).vifs.removeIf(v -> v.portId().equals(vif.portId()));
  }

  @Override
  public InstanceInfo info(String uuid) throws DriverException {
    Guest g = guest(uuid);
    return new InstanceInfo(uuid, g.state, g.spec.vcpus(), g.spec.memoryMb(), 0);
  }

  @Override
  public List<String> listInstances() {
    return List.copyOf(guests.keySet());
  }

  @Override
  public void close() {}

  @Override
  public void addGuestListener(GuestListener listener) {
    listeners.add(listener);
  }

  /** A guest changes state on its own, and the listeners are told, as a real driver does. */
  public void changeOnItsOwn(String uuid, PowerState state, String reason) {
    guests.get(uuid).state = state;
    listeners.forEach(l -> l.guestChanged(uuid, state, reason));
  }
}
