package dev.altus.common.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugs a guest's NIC into its network's Linux bridge, as the compute side does with the
 * {@code bridge} VIF type: the tap ({@code tap<port[:11]>}) is created if missing, given the
 * network's MTU and made a port of {@code brq<network[:11]>}, which is created first if the L2 agent
 * has not made it yet. Every step is idempotent, so plugging twice (a restart) changes nothing.
 *
 * <p>A plug given a record directory notes there each bridge it creates (a file named after the
 * bridge, holding the network id): with no L2 agent to own them (the {@code noop} data plane), that
 * is how {@code altus dataplane clean} finds the bridges a cloud's guests left ({@link
 * #removeRecorded}), and never another cloud's.
 */
public final class BridgePlug {
  private final Host host;
  private final Path record;

  public BridgePlug(Host host) {
    this(host, null);
  }

  /** A plug that notes the bridges it creates in the directory {@code record} (null: nowhere). */
  public BridgePlug(Host host, Path record) {
    this.host = host;
    this.record = record;
  }

  /** Creates (if missing) and plugs a tap device for {@code portId}; returns the tap's name. */
  public String plugTap(String networkId, String portId, int mtu) {
    String tap = DeviceNames.tap(portId);
    if (!exists(tap)) {
      run("ip", "tuntap", "add", "dev", tap, "mode", "tap");
    }
    attach(networkId, tap, mtu);
    return tap;
  }

  /**
   * Makes the existing device {@code dev} (a tap, or the host end of a veth pair) a port of the
   * network's bridge with the network's MTU, and brings it up.
   */
  public void attach(String networkId, String dev, int mtu) {
    String bridge = ensureBridge(networkId, mtu);
    run("ip", "link", "set", "dev", dev, "mtu", String.valueOf(mtu), "master", bridge, "up");
  }

  /** Creates the network's bridge when missing and brings it up; returns its name. */
  public String ensureBridge(String networkId, int mtu) {
    String bridge = DeviceNames.bridge(networkId);
    if (!exists(bridge)) {
      CommandResult r = host.run(Command.of("ip", "link", "add", bridge, "type", "bridge"));
      if (!r.ok() && !exists(bridge)) { // a concurrent plug may have made it
        r.orThrow();
      }
      note(bridge, networkId);
      // no spanning tree and no forwarding delay: a guest's first DHCP request must get through
      run("ip", "link", "set", "dev", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0");
    }
    run("ip", "link", "set", "dev", bridge, "mtu", String.valueOf(mtu), "up");
    return bridge;
  }

  /** Removes a port's tap; no-op when it is gone already. */
  public void unplugTap(String portId) {
    String tap = DeviceNames.tap(portId);
    if (exists(tap)) {
      CommandResult r = host.run(Command.of("ip", "link", "del", "dev", tap));
      if (!r.ok() && exists(tap)) {
        r.orThrow();
      }
    }
  }

  /**
   * Removes the bridges noted in {@code record} by plugs given it, with the guests' taps still on
   * them (those of a killed cloud), and the notes; returns what it removed. A bridge with any
   * other kind of device on it (an agent's veth, a host interface) is kept with its note.
   */
  public static List<String> removeRecorded(Host host, Path record) {
    List<String> removed = new ArrayList<>();
    if (!Files.isDirectory(record)) {
      return removed;
    }
    BridgePlug plug = new BridgePlug(host);
    try (var notes = Files.list(record)) {
      for (Path note : notes.toList()) {
        String bridge = note.getFileName().toString();
        if (!bridge.startsWith(DeviceNames.bridge(""))) {
          continue;
        }
        if (plug.exists(bridge)) {
          List<JsonNode> members = members(host, bridge);
          if (!members.stream().allMatch(BridgePlug::tap)) {
            continue;
          }
          removed.addAll(removeTaps(host, members));
          plug.run("ip", "link", "del", "dev", bridge);
          removed.add(bridge);
        }
        Files.deleteIfExists(note);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bridges noted in " + record, e);
    }
    return removed;
  }

  /**
   * Removes the tap devices (tun/tap, as {@link #plugTap} makes them for guests) that are ports of
   * {@code bridge}; returns their names.
   */
  public static List<String> removeTaps(Host host, String bridge) {
    return removeTaps(host, members(host, bridge));
  }

  private static List<String> removeTaps(Host host, List<JsonNode> members) {
    List<String> removed = new ArrayList<>();
    for (JsonNode l : members) {
      if (tap(l)) {
        String tap = l.path("ifname").asText();
        host.run(Command.of("ip", "link", "del", "dev", tap)).orThrow();
        removed.add(tap);
      }
    }
    return removed;
  }

  /** Whether a device ({@code ip -d -j link}) is a tun/tap device. */
  private static boolean tap(JsonNode link) {
    return link.at("/linkinfo/info_kind").asText().equals("tun");
  }

  /** The devices that are ports of {@code bridge}, as {@code ip -d -j link} shows them. */
  private static List<JsonNode> members(Host host, String bridge) {
    List<JsonNode> out = new ArrayList<>();
    CommandResult r = host.run(Command.of("ip", "-d", "-j", "link", "show", "master", bridge));
    if (r.ok() && !r.stdout().isBlank()) {
      Json.parse(r.stdout()).forEach(out::add);
    }
    return out;
  }

  /**
   * Notes {@code bridge} of {@code networkId} in this plug's record as made for this cloud (for a
   * bridge that must go with the cloud whoever created it first, as the external network's).
   */
  public void note(String bridge, String networkId) {
    if (record == null) {
      return;
    }
    try {
      Files.createDirectories(record);
      Files.writeString(record.resolve(bridge), networkId + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot note bridge " + bridge + " in " + record, e);
    }
  }

  /** Whether a network device of that name exists in the host's namespace. */
  public boolean exists(String device) {
    return host.run(Command.of("ip", "link", "show", "dev", device)).ok();
  }

  private void run(String... argv) {
    host.run(Command.of(List.of(argv))).orThrow();
  }
}
