package dev.altus.compute.virt;

import java.nio.file.Path;
import java.util.List;

/**
 * The contract between a compute agent and a hypervisor. One driver instance serves one host. The
 * agent calls it from its own worker threads, at most one call at a time for one guest (the agent
 * serialises actions per server), possibly concurrently for different guests.
 *
 * <p>Rules every implementation keeps (the shared driver test suite checks them):
 * <ul>
 *   <li>{@link #spawn} returns when the guest runs ({@link PowerState#RUNNING}); on failure it leaves
 *       nothing behind on the host and throws {@link DriverException} with the reason.</li>
 *   <li>{@link #destroy} is idempotent: destroying an unknown guest is not an error.</li>
 *   <li>Every other call on a guest the driver does not have throws {@link
 *       DriverException.InstanceNotFound}.</li>
 *   <li>Power transitions: {@link #powerOff} RUNNING/PAUSED → SHUTDOWN, {@link #powerOn} SHUTDOWN →
 *       RUNNING, {@link #pause} RUNNING → PAUSED, {@link #unpause} PAUSED → RUNNING, {@link
 *       #suspend} RUNNING/PAUSED → SUSPENDED (memory saved), {@link #resume} SUSPENDED → RUNNING,
 *       {@link #reboot} → RUNNING from any state (a soft reboot of a guest that does not run is a
 *       hard one). A call in a state it does not start from throws DriverException (not
 *       InstanceNotFound) and changes nothing; powering off a guest already off or on one already
 *       running is a no-op.</li>
 *   <li>{@link #rescue} works on a RUNNING or SHUTDOWN guest and leaves it RUNNING; rescuing a
 *       rescued guest or unrescuing one that is not throws DriverException.</li>
 *   <li>{@link #info} reflects the guest's real state, including a guest that stopped by itself
 *       (a crash, a shutdown from inside) or vanished (then InstanceNotFound); its CPU time never
 *       goes back and does not grow while the guest is off.</li>
 *   <li>{@link #snapshot} leaves the guest in the power state it was in; after {@link #rebuild} it
 *       writes the new image's disk.</li>
 *   <li>{@link #consoleOutput} is readable while the guest is off too; its lines are separated by
 *       {@code \n} and a tail of N lines has exactly N when the log has that many; a reboot adds
 *       to it.</li>
 *   <li>{@link #vncConsole} of a running guest is an address of its own, the same while it lives,
 *       where a VNC server answers (it greets with an RFB version, e.g. {@code RFB 003.008\n}); a
 *       guest powered off no longer listens there, and its vncConsole throws DriverException.</li>
 *   <li>Attaching a port that is attached, or detaching one that is not, throws DriverException.</li>
 *   <li>{@link #listInstances} lists every guest the driver runs on this host, so the agent can
 *       reconcile with the database at start.</li>
 * </ul>
 */
public interface VirtDriver extends AutoCloseable {
  /** The driver's name in config: {@code fake}, {@code qemu}. */
  String name();

  /** What the host offers to guests. */
  HostResources resources();

  /**
   * The accelerator this driver's guests run with and why it was chosen, starting with its name
   * ({@code kvm (...)}, {@code tcg (...)}); {@code none (...)} for a driver that runs no guests.
   */
  default String acceleration() {
    return "none (the " + name() + " driver runs no real guests)";
  }

  /** Seconds since the hypervisor host booted (the hypervisor uptime API). */
  long hostUptimeSeconds();

  /** Creates and starts a guest. */
  void spawn(InstanceSpec spec) throws DriverException;

  /** Stops and removes a guest with its disks; no-op when it does not exist. */
  void destroy(String uuid) throws DriverException;

  /** Restarts a guest: soft asks the guest OS first, hard resets it. */
  void reboot(String uuid, boolean hard) throws DriverException;

  /** Stops a guest, giving the guest OS {@code timeoutSeconds} to shut down cleanly first. */
  void powerOff(String uuid, int timeoutSeconds) throws DriverException;

  void powerOn(String uuid) throws DriverException;

  void pause(String uuid) throws DriverException;

  void unpause(String uuid) throws DriverException;

  void suspend(String uuid) throws DriverException;

  void resume(String uuid) throws DriverException;

  /**
   * Boots the guest from {@code rescueImage} with its own disk attached as the second disk; {@link
   * #unrescue} returns it to its own disk.
   */
  void rescue(String uuid, ImageSource rescueImage) throws DriverException;

  void unrescue(String uuid) throws DriverException;

  /**
   * Gives a guest new resources (resize); the guest ends powered as it was. The guest's original
   * disk and resources are kept until {@link #confirmResize} drops them or {@link #revertResize}
   * goes back to them, as Nova keeps the original instance until a resize is confirmed (a disk
   * grown by a resize cannot be shrunk back).
   */
  void resize(String uuid, InstanceSpec newSpec) throws DriverException;

  /** Drops what the last resize kept to revert to; nothing to drop is not an error. */
  void confirmResize(String uuid) throws DriverException;

  /**
   * Returns the guest to the disk and resources it had before its last unconfirmed resize
   * ({@code original} is that spec, as the database knows it); the guest ends powered as it was.
   * A guest with no resize to revert is an error.
   */
  void revertResize(String uuid, InstanceSpec original) throws DriverException;

  /** Replaces the guest's root disk with a fresh copy of {@code spec.image()} and starts it. */
  void rebuild(InstanceSpec spec) throws DriverException;

  /**
   * Writes a consistent copy of the guest's root disk to {@code target} (for createImage) and
   * returns its disk format (qcow2, raw).
   */
  String snapshot(String uuid, Path target) throws DriverException;

  /** The guest's serial console log; the last {@code tailLines} lines, or all when null. */
  String consoleOutput(String uuid, Integer tailLines) throws DriverException;

  /** Where the guest's VNC console listens. */
  ConsoleAddress vncConsole(String uuid) throws DriverException;

  void attachInterface(String uuid, Vif vif) throws DriverException;

  void detachInterface(String uuid, Vif vif) throws DriverException;

  /** The guest's current state. */
  InstanceInfo info(String uuid) throws DriverException;

  /** The ids of every guest on this host. */
  List<String> listInstances();

  /**
   * Told when a guest changed state on its own (shut down from inside, crashed, its process
   * ended), so the agent reports it within seconds instead of at its next periodic sync.
   */
  @FunctionalInterface
  interface GuestListener {
    /**
     * @param uuid the guest
     * @param state its state now
     * @param reason what happened, in an operator's words
     */
    void guestChanged(String uuid, PowerState state, String reason);
  }

  /**
   * Registers a listener of what guests do on their own. Drivers that cannot watch their guests
   * keep this no-op default; the agent's periodic sync then finds the change.
   */
  default void addGuestListener(GuestListener listener) {}

  @Override
  void close();
}
