package dev.altus.common.host;

import java.util.List;

/**
 * Plugs a guest's NIC into its network's Linux bridge, as the compute side does with the
 * {@code bridge} VIF type: the tap ({@code tap<port[:11]>}) is created if missing, given the
 * network's MTU and made a port of {@code brq<network[:11]>}, which is created first if the L2 agent
 * has not made it yet. Every step is idempotent, so plugging twice (a restart) changes nothing.
 */
public final class BridgePlug {
  private final Host host;

  public BridgePlug(Host host) {
    this.host = host;
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

  /** Whether a network device of that name exists in the host's namespace. */
  public boolean exists(String device) {
    return host.run(Command.of("ip", "link", "show", "dev", device)).ok();
  }

  private void run(String... argv) {
    host.run(Command.of(List.of(argv))).orThrow();
  }
}
