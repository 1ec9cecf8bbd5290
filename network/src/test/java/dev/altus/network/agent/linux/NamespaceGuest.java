package dev.altus.network.agent.linux;

import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A "guest" for data-plane tests: a network namespace whose {@code eth0} is one end of a veth
 * pair; the other end, named as a port's tap ({@code tap<port[:11]>}), is plugged into the
 * network's bridge exactly as the compute side plugs a VM's tap. It takes its address with busybox
 * {@code udhcpc}, whose script applies the address, the router, the MTU and the classless static
 * routes (option 121) and records every option it received. Everything is removed on close.
 */
public final class NamespaceGuest implements AutoCloseable {
  /** The prefix of every guest namespace, so a leak check can find forgotten ones. */
  public static final String NAMESPACE_PREFIX = "altus-guest-";

  private static final String SCRIPT = """
      #!/bin/sh
      # udhcpc's event script: $1 is deconfig, bound, renew, leasefail or nak
      out="$(dirname "$0")/lease.env"
      case "$1" in
        deconfig)
          ip -4 addr flush dev "$interface"
          ip link set dev "$interface" up
          ;;
        bound|renew)
          ip -4 addr flush dev "$interface"
          ip addr add "$ip/$mask" dev "$interface"
          [ -n "$mtu" ] && ip link set dev "$interface" mtu "$mtu"
          ip -4 route flush dev "$interface" proto static 2>/dev/null
          if [ -n "$staticroutes" ]; then
            # RFC 3442: with option 121 the router option is ignored
            set -- $staticroutes
            while [ $# -ge 2 ]; do
              if [ "$2" = "0.0.0.0" ]; then
                ip route replace "$1" dev "$interface" proto static
              else
                ip route replace "$1" via "$2" dev "$interface" proto static
              fi
              shift 2
            done
          elif [ -n "$router" ]; then
            for r in $router; do
              ip route replace default via "$r" dev "$interface" proto static
              break
            done
          fi
          {
            echo "ip=$ip"
            echo "mask=$mask"
            echo "router=$router"
            echo "dns=$dns"
            echo "domain=$domain"
            echo "mtu=$mtu"
            echo "staticroutes=$staticroutes"
            echo "msstaticroutes=$msstaticroutes"
            echo "hostname=$hostname"
            echo "serverid=$serverid"
            echo "lease=$lease"
          } > "$out.tmp" && mv "$out.tmp" "$out"
          ;;
      esac
      exit 0
      """;

  private final Host host;
  private final String namespace;
  private final String tap;
  private final String mac;
  private final Path dir;
  private final List<Long> listeners = new ArrayList<>();

  /**
   * Creates the namespace and its NIC for {@code portId} (with the port's MAC) and plugs it into
   * the network's bridge with {@code mtu}. Needs root.
   */
  public NamespaceGuest(Host host, String networkId, String portId, String mac, int mtu, Path workDir) {
    this.host = host;
    this.namespace = NAMESPACE_PREFIX + portId.substring(0, Math.min(11, portId.length()));
    this.tap = DeviceNames.tap(portId);
    this.mac = mac;
    try {
      this.dir = Files.createDirectories(workDir.resolve(namespace));
      Path script = dir.resolve("udhcpc.script");
      Files.writeString(script, SCRIPT);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      run(Command.of("ip", "netns", "add", namespace));
      run(Command.of("ip", "link", "add", tap, "mtu", String.valueOf(mtu), "type", "veth",
          "peer", "name", "eth0", "netns", namespace));
      run(Command.of("ip", "link", "set", "dev", "lo", "up").inNamespace(namespace));
      run(Command.of("ip", "link", "set", "dev", "eth0", "address", mac, "mtu", String.valueOf(mtu),
          "up").inNamespace(namespace));
      new BridgePlug(host).attach(networkId, tap, mtu);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public String namespace() {
    return namespace;
  }

  /** The host end of the guest's NIC, on the network's bridge. */
  public String tap() {
    return tap;
  }

  public String mac() {
    return mac;
  }

  /**
   * Asks for a lease with {@code udhcpc} (in the foreground, quitting once it has one) and applies
   * it. Returns whether a lease was obtained within about {@code timeout}.
   */
  public boolean dhcp(Duration timeout) {
    int tries = (int) Math.max(1, timeout.toSeconds());
    CommandResult r = host.run(Command.of("busybox", "udhcpc", "-f", "-q", "-n", "-i", "eth0",
        "-t", String.valueOf(tries), "-T", "1", "-A", "1", "-s", dir.resolve("udhcpc.script").toString(),
        "-O", "mtu", "-O", "staticroutes", "-O", "msstaticroutes")
        .inNamespace(namespace).withTimeout(timeout.plusSeconds(10)));
    return r.ok() && Files.exists(dir.resolve("lease.env"));
  }

  /** Every option of the last lease, as udhcpc handed them to its script ({@code ip}, {@code dns}, ...). */
  public Map<String, String> lease() {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(dir.resolve("lease.env"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      // no lease yet: nothing to show
    }
    return out;
  }

  /** The IPv4 address (without prefix length) {@code eth0} holds, if any. */
  public Optional<String> address() {
    String out = run(Command.of("ip", "-4", "-o", "addr", "show", "dev", "eth0").inNamespace(namespace)).stdout();
    Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(out);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The guest's routing table ({@code ip -4 route}), one route a line. */
  public List<String> routes() {
    return run(Command.of("ip", "-4", "route", "show").inNamespace(namespace)).stdout().lines().toList();
  }

  /** The MTU of {@code eth0}. */
  public int mtu() {
    String out = run(Command.of("ip", "-o", "link", "show", "dev", "eth0").inNamespace(namespace)).stdout();
    Matcher m = Pattern.compile(" mtu (\\d+) ").matcher(out);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** Whether one ICMP echo to {@code address} is answered within a second. */
  public boolean ping(String address) {
    return host.run(Command.of("busybox", "ping", "-c", "1", "-W", "1", address)
        .inNamespace(namespace).withTimeout(Duration.ofSeconds(5))).ok();
  }

  /** Whether an echo is answered within {@code within}, trying once a second. */
  public boolean pingWithin(String address, Duration within) {
    long end = System.nanoTime() + within.toNanos();
    do {
      if (ping(address)) {
        return true;
      }
    } while (System.nanoTime() < end);
    return false;
  }

  /**
   * Listens on TCP {@code port}: every connection is answered with {@code reply} and closed. Stops
   * on {@link #close}.
   */
  public void listen(int port, String reply) {
    long pid = host.startDetached(Command.of("busybox", "nc", "-ll", "-p", String.valueOf(port),
        "-e", "/bin/echo", reply).inNamespace(namespace), dir.resolve("nc-" + port + ".log"));
    synchronized (listeners) {
      listeners.add(pid);
    }
    // the listener is up once the socket is bound
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    String bound = String.format(":%04X 0", port);
    while (System.nanoTime() < end && run(Command.of("cat", "/proc/net/tcp", "/proc/net/tcp6")
        .inNamespace(namespace)).stdout().lines().noneMatch(l -> l.contains(bound) && l.contains(" 0A "))) {
      sleep(50);
    }
  }

  /**
   * Connects to TCP {@code address}:{@code port} and returns what the other end sent before it
   * closed, or empty when the connection failed within {@code timeoutSeconds}.
   */
  public Optional<String> connect(String address, int port, int timeoutSeconds) {
    CommandResult r = host.run(Command.of("busybox", "nc", "-w", String.valueOf(timeoutSeconds),
        address, String.valueOf(port)).inNamespace(namespace)
        .withTimeout(Duration.ofSeconds(timeoutSeconds + 5L)));
    return r.ok() && !r.stdout().isEmpty() ? Optional.of(r.stdout().strip()) : Optional.empty();
  }

  /** Runs a command inside the guest's namespace (its result, success or not). */
  public CommandResult exec(String... argv) {
    return host.run(Command.of(argv).inNamespace(namespace));
  }

  /** Takes the guest's NIC off the network (its tap disappears, as when a VM is destroyed). */
  public void unplug() {
    host.run(Command.of("ip", "link", "del", "dev", tap));
  }

  @Override
  public void close() {
    synchronized (listeners) {
      for (long pid : listeners) {
        host.run(Command.of("kill", String.valueOf(pid)));
      }
      listeners.clear();
    }
    host.run(Command.of("ip", "link", "del", "dev", tap));
    // whatever still runs inside (a udhcpc cut short) goes with the namespace
    for (String pid : host.run(Command.of("ip", "netns", "pids", namespace)).stdout().split("\\s+")) {
      if (!pid.isBlank()) {
        host.run(Command.of("kill", "-9", pid.strip()));
      }
    }
    host.run(Command.of("ip", "netns", "del", namespace));
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // the work directory is the test's temporary directory: it goes with it
    }
  }

  private CommandResult run(Command c) {
    return host.run(c).orThrow();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
