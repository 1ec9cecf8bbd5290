package dev.altus.network.agent.linux;

import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import dev.altus.common.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Namespace guests on one network's bridge for the firewall's root tests: each guest is a
 * namespace whose veth has its host end {@code tap<port[:11]>} on {@code brq<net[:11]>}, with a
 * static address, plus optionally a DHCP namespace running dnsmasq. Everything it makes it
 * removes in {@link #close}.
 */
final class GuestLab implements AutoCloseable {
  final Host host = new LocalHost();
  final String network;
  private final List<String> namespaces = new ArrayList<>();
  private final List<String> taps = new ArrayList<>();
  private final List<Long> pids = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();

  GuestLab(String network) {
    this.network = network;
    new BridgePlug(host).ensureBridge(network, 1500);
  }

  static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** A guest namespace {@code ns} for port {@code portId}; {@code cidr} null for one without address. */
  void guest(String ns, String portId, String mac, String cidr) {
    run("ip", "netns", "add", ns);
    namespaces.add(ns);
    String tap = DeviceNames.tap(portId);
    run("ip", "link", "add", tap, "type", "veth", "peer", "name", "eth0", "netns", ns);
    taps.add(tap);
    new BridgePlug(host).attach(network, tap, 1500);
    in(ns, "ip", "link", "set", "lo", "up");
    in(ns, "ip", "link", "set", "eth0", "address", mac, "up");
    if (cidr != null) {
      in(ns, "ip", "addr", "add", cidr, "dev", "eth0");
    }
  }

  /** Runs busybox httpd on {@code port} in {@code ns}, serving a page that says the namespace. */
  void httpd(String ns, String bind, int port) throws Exception {
    Path dir = Files.createTempDirectory("sg-httpd");
    Files.writeString(dir.resolve("index.html"), ns + "\n");
    files.add(dir.resolve("index.html"));
    files.add(dir);
    pids.add(host.startDetached(Command.of("busybox", "httpd", "-f", "-p", bind + ":" + port, "-h",
        dir.toString()).inNamespace(ns), dir.resolve("log")));
    files.add(0, dir.resolve("log"));
    Thread.sleep(100);
  }

  /** Runs dnsmasq in {@code ns} giving {@code mac} the address {@code ip} on {@code subnet}. */
  void dnsmasq(String ns, String subnet, String mac, String ip) throws Exception {
    Path hosts = Files.createTempFile("sg-dhcp", ".hosts");
    Files.writeString(hosts, mac + "," + ip + "\n");
    files.add(hosts);
    Path log = Files.createTempFile("sg-dhcp", ".log");
    files.add(log);
    pids.add(host.startDetached(Command.of("dnsmasq", "--no-daemon", "--no-hosts", "--no-resolv",
        "--port=0", "--bind-interfaces", "--interface=eth0", "--dhcp-hostsfile=" + hosts,
        "--dhcp-range=" + subnet + ",static,255.255.255.0,120s", "--leasefile-ro")
        .inNamespace(ns), log));
    Thread.sleep(200);
  }

  /** Starts {@code argv} in {@code ns} in the background, its output in a file it returns. */
  Path background(String ns, String... argv) throws Exception {
    Path log = Files.createTempFile("sg-bg", ".log");
    files.add(log);
    pids.add(host.startDetached(Command.of(argv).inNamespace(ns), log));
    return log;
  }

  boolean ping(String ns, String ip) {
    return in0(ns, "busybox", "ping", "-c", "1", "-W", "1", ip).ok();
  }

  boolean ping(String ns, String source, String ip) {
    return in0(ns, "busybox", "ping", "-c", "1", "-W", "1", "-I", source, ip).ok();
  }

  boolean http(String ns, String url) {
    // busybox wget's own -T crashes (Debian 12's 1.35), so coreutils' timeout bounds it
    return in0(ns, "timeout", "1", "busybox", "wget", "-q", "-O", "/dev/null", url).ok();
  }

  /** Whether udhcpc in {@code ns} gets a lease within three tries. */
  boolean lease(String ns) {
    return in0(ns, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-f", "-t", "3", "-T", "1",
        "-s", "/bin/true").ok();
  }

  /** Polls {@code probe} every 20 ms until it holds; the time it took, or null after {@code limit}. */
  static Duration until(java.util.function.BooleanSupplier probe, Duration limit) {
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < limit.toNanos()) {
      if (probe.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - t0);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  void in(String ns, String... argv) {
    in0(ns, argv).orThrow();
  }

  CommandResult in0(String ns, String... argv) {
    return host.run(Command.of(argv).inNamespace(ns).withTimeout(Duration.ofSeconds(10)));
  }

  void run(String... argv) {
    host.run(Command.of(argv)).orThrow();
  }

  @Override
  public void close() {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    // a veth goes with its namespace only later, asynchronously: delete the host end first
    for (String tap : taps) {
      host.run(Command.of("ip", "link", "del", tap));
    }
    for (String ns : namespaces) {
      host.run(Command.of("ip", "netns", "del", ns));
    }
    host.run(Command.of("ip", "link", "del", DeviceNames.bridge(network)));
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (java.io.IOException e) {
        // a leftover temporary file only
      }
    }
  }
}
