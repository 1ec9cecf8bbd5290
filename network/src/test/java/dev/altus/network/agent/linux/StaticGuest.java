package dev.altus.network.agent.linux;

import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import java.time.Duration;
import java.util.List;

/**
 * A stand-in guest for the L3 tests: a namespace whose {@code eth0} is a veth with its
 * {@code tap<port>} end on the network's bridge, holding the port's address statically with a
 * default route through the subnet's gateway (no DHCP needed to test routing).
 */
final class StaticGuest implements AutoCloseable {
  final String namespace;
  private final Host host;

  StaticGuest(Host host, String namespace, String networkId, String portId, String mac,
      String cidrAddress, String gateway) {
    this.host = host;
    this.namespace = namespace;
    run(Command.of("ip", "netns", "add", namespace));
    String tap = DeviceNames.tap(portId);
    run(Command.of("ip", "link", "add", tap, "type", "veth", "peer", "name", "eth0", "netns",
        namespace));
    new BridgePlug(host).attach(networkId, tap, 1500);
    run(Command.of("ip", "-n", namespace, "link", "set", "dev", "lo", "up"));
    run(Command.of("ip", "-n", namespace, "link", "set", "dev", "eth0", "address", mac, "up"));
    run(Command.of("ip", "-n", namespace, "addr", "add", cidrAddress, "dev", "eth0"));
    if (gateway != null) {
      run(Command.of("ip", "-n", namespace, "route", "add", "default", "via", gateway));
    }
  }

  /** Runs a command inside the guest. */
  CommandResult exec(String... argv) {
    return host.run(Command.of(List.of(argv)).inNamespace(namespace)
        .withTimeout(Duration.ofSeconds(20)));
  }

  /** Whether one ping from the guest to {@code ip} is answered within two seconds. */
  boolean pings(String ip) {
    return exec("busybox", "ping", "-c", "1", "-W", "2", ip).ok();
  }

  private void run(Command c) {
    host.run(c).orThrow();
  }

  @Override
  public void close() {
    host.run(Command.of("ip", "netns", "del", namespace));
  }
}
