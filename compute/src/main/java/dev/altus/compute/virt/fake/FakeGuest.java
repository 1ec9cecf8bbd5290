package dev.altus.compute.virt.fake;

import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.InstanceInfo;
import dev.altus.compute.virt.InstanceSpec;
import dev.altus.compute.virt.PowerState;
import dev.altus.compute.virt.Vif;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fake guest: its definition, power state, CPU time, interfaces, serial console log and VNC
 * display (listening while the guest runs or is paused, showing the console log). Every method is
 * synchronized on the guest, so the agent's calls and a simulated event (a crash) never
 * interleave; the driver sleeps (boot latency) outside these methods.
 */
final class FakeGuest {
  private static final Logger LOG = LoggerFactory.getLogger(FakeGuest.class);
  /** The console keeps at most this many lines, like a rotated serial log. */
  static final int MAX_CONSOLE_LINES = 5000;
  /** The display shows at most this many of the console's last lines. */
  private static final int DISPLAY_LINES = 60;

  private final String uuid;
  private final int vncPort;
  private final long createdNanos = System.nanoTime();
  private InstanceSpec spec;
  private ImageSource rootImage;
  private ImageSource rescueImage;
  private PowerState state = PowerState.NOSTATE;
  private long cpuNanos;
  private long runningSince = -1;
  private boolean gone;
  private final List<Vif> vifs = new ArrayList<>();
  private final Deque<String> console = new ArrayDeque<>();
  private final RfbServer display;

  FakeGuest(InstanceSpec spec, String vncHost, int vncPort) {
    this.uuid = spec.uuid();
    this.spec = spec;
    this.rootImage = spec.image();
    this.vncPort = vncPort;
    vifs.addAll(spec.vifs());
    String desktop = spec.hostname() == null ? uuid : spec.hostname();
    this.display = new RfbServer(vncHost, vncPort, desktop, () -> console(DISPLAY_LINES));
  }

  String uuid() {
    return uuid;
  }

  int vncPort() {
    return vncPort;
  }

  synchronized boolean gone() {
    return gone;
  }

  /** Marks the guest removed; later calls on it see it as not found. */
  synchronized void remove() {
    setState(PowerState.SHUTDOWN);
    gone = true;
  }

  synchronized PowerState state() {
    return state;
  }

  /** Changes the power state, accounting CPU time while the guest ran. */
  synchronized void setState(PowerState next) {
    long now = System.nanoTime();
    if (runningSince >= 0) {
      cpuNanos += now - runningSince;
      runningSince = -1;
    }
    if (next == PowerState.RUNNING) {
      runningSince = now;
    }
    state = next;
    showDisplay(next == PowerState.RUNNING || next == PowerState.PAUSED);
  }

  /** Whether the guest's VNC display listens now. */
  synchronized boolean displayListening() {
    return display.listening();
  }

  private void showDisplay(boolean on) {
    if (!on) {
      display.close();
      return;
    }
    try {
      display.open();
    } catch (java.io.IOException e) {
      LOG.warn("the VNC display of guest {} cannot listen on port {}: {}", uuid, vncPort,
          e.toString());
    }
  }

  synchronized InstanceInfo info() {
    long cpu = cpuNanos + (runningSince >= 0 ? System.nanoTime() - runningSince : 0);
    return new InstanceInfo(uuid, state, spec.vcpus(), spec.memoryMb(), cpu);
  }

  synchronized InstanceSpec spec() {
    return spec;
  }

  synchronized void spec(InstanceSpec next) {
    spec = next;
  }

  /** The spec and disk a resize replaced, kept until it is confirmed or reverted. */
  record BeforeResize(InstanceSpec spec, ImageSource rootImage) {}

  private BeforeResize beforeResize;

  synchronized BeforeResize beforeResize() {
    return beforeResize;
  }

  synchronized void beforeResize(BeforeResize kept) {
    beforeResize = kept;
  }

  synchronized ImageSource rootImage() {
    return rootImage;
  }

  synchronized void rootImage(ImageSource image) {
    rootImage = image;
  }

  synchronized ImageSource rescueImage() {
    return rescueImage;
  }

  synchronized void rescueImage(ImageSource image) {
    rescueImage = image;
  }

  synchronized List<Vif> vifs() {
    return List.copyOf(vifs);
  }

  synchronized boolean hasVif(String portId) {
    return vifs.stream().anyMatch(v -> v.portId().equals(portId));
  }

  synchronized void addVif(Vif vif) {
    vifs.add(vif);
  }

  synchronized void removeVif(String portId) {
    vifs.removeIf(v -> v.portId().equals(portId));
  }

  synchronized void replaceVifs(List<Vif> next) {
    vifs.clear();
    vifs.addAll(next);
  }

  /** Appends lines to the serial console, each stamped with the seconds since the guest was made. */
  synchronized void log(String... lines) {
    double t = (System.nanoTime() - createdNanos) / 1e9;
    for (String line : lines) {
      console.addLast(String.format("[%12.6f] %s", t, line));
      if (console.size() > MAX_CONSOLE_LINES) {
        console.removeFirst();
      }
    }
  }

  /** The console's last {@code tail} lines (all when null), separated by newlines. */
  synchronized String console(Integer tail) {
    List<String> lines = new ArrayList<>(console);
    int from = tail == null ? 0 : Math.max(0, lines.size() - tail);
    return String.join("\n", lines.subList(from, lines.size()));
  }
}
