package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import dev.altus.common.json.Json;
import dev.altus.network.DataPlaneConfig;
import dev.altus.network.agent.ResourceChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Neutron's DHCP agent with dnsmasq: per network with DHCP-enabled IPv4 subnets, a namespace
 * {@code qdhcp-<network id>} holding the DHCP port's device ({@code ns-<port[:11]>}, the inner end
 * of a veth pair whose outer end {@code tap<port[:11]>} is on the network's bridge) with the DHCP
 * port's addresses, and dnsmasq serving exactly the allocated fixed IPs ({@link DnsmasqConfig}).
 * Its files live in {@code <state dir>/dhcp/<network id>/}; that directory is what marks a
 * namespace and a dnsmasq process as this agent's, so another cloud's are never touched.
 *
 * <p>A network none of whose served subnets has a router interface (isolated) also gets a metadata
 * proxy in its namespace, listening on 169.254.169.254:80 (an address of the DHCP port's device,
 * offered to guests as a route through the DHCP port) and naming the network
 * ({@code X-Neutron-Network-ID}) to the metadata agent, which answers for the guest by that network
 * and the guest's address. A router interface added later stops it; removing it starts it again.
 *
 * <p>A change to the hosts or options is a SIGHUP; a change to the command line (subnets added or
 * removed) a restart; a dnsmasq that died is restarted at the next check; when the network's last
 * DHCP subnet goes, process, namespace, devices and files go. dnsmasq outlives the agent, so a
 * restarted agent adopts it instead of starting a second one.
 */
public final class DhcpAgent extends LinuxAgent {
  private static final Logger LOG = LoggerFactory.getLogger(DhcpAgent.class);
  private final Host host;
  private final BridgePlug plug;
  private final Path root;
  private final int leaseSeconds;
  /** The isolated networks' metadata proxies, or null for none (no metadata service). */
  private final MetadataProxies proxies;
  /** Per network: the hosts-file lines dnsmasq has loaded. */
  private final Map<String, Set<String>> loaded = new ConcurrentHashMap<>();
  private final List<Consumer<String>> readiness = new CopyOnWriteArrayList<>();

  /**
   * @param proxies where the metadata proxies of isolated networks are started ({@link
   *     LinuxL3#proxies}), or null when no metadata service runs
   */
  public DhcpAgent(Host host, String hostName, DataPlaneConfig config, Duration reportInterval,
      MetadataProxies proxies) {
    super(List.of(hostName), reportInterval, Duration.ofMillis((long) (config.resyncSeconds() * 1000)));
    this.host = host;
    this.plug = new BridgePlug(host);
    this.root = config.stateDir().resolve("dhcp");
    this.leaseSeconds = config.dhcpLeaseSeconds();
    this.proxies = proxies;
  }

  @Override
  public String agentType() {
    return "DHCP agent";
  }

  @Override
  public String binary() {
    return "neutron-dhcp-agent";
  }

  @Override
  public String topic() {
    return "dhcp_agent";
  }

  @Override
  public ObjectNode configurations() {
    ObjectNode c = Json.object();
    c.put("dhcp_driver", "neutron.agent.linux.dhcp.Dnsmasq");
    c.put("dhcp_lease_duration", leaseSeconds);
    c.put("notifies_port_ready", true);
    c.put("networks", loaded.size());
    c.put("subnets", loaded.keySet().stream().mapToInt(n -> view.dhcpSubnetsOf(n).size()).sum());
    c.put("ports", loaded.values().stream().mapToInt(Set::size).sum());
    c.put("enable_isolated_metadata", proxies != null);
    return c;
  }

  /** Tells {@code listener} the id of each port whose DHCP entry was added or removed. */
  public void onReadinessChange(Consumer<String> listener) {
    readiness.add(listener);
  }

  /**
   * Whether the port's DHCP entries are loaded by dnsmasq (true when its network has nothing to
   * serve it).
   */
  public boolean served(String portId) {
    ObjectNode p = view.port(portId).orElse(null);
    if (p == null) {
      return false;
    }
    String net = p.path("network_id").asText();
    DnsmasqConfig cfg = config(net);
    if (cfg == null || p.path("device_owner").asText().equals("network:dhcp")) {
      return true;
    }
    List<String> lines = cfg.hostLines(p);
    Set<String> have = loaded.getOrDefault(net, Set.of());
    return have.containsAll(lines);
  }

  @Override
  protected Collection<String> affected(ResourceChange change, ObjectNode before) {
    Set<String> nets = new HashSet<>();
    switch (change.kind()) {
      case ResourceView.NETWORK -> nets.add(change.id());
      // a port's change may be a router interface: its subnet is no longer isolated
      case ResourceView.SUBNET, ResourceView.PORT -> {
        nets.add(change.resource().path("network_id").asText());
        if (before != null) {
          nets.add(before.path("network_id").asText());
        }
      }
      default -> { }
    }
    nets.remove("");
    return nets;
  }

  /** What dnsmasq should serve on the network, or null when nothing (no DHCP there). */
  private DnsmasqConfig config(String networkId) {
    ObjectNode net = view.network(networkId).orElse(null);
    ObjectNode port = view.dhcpPort(networkId).orElse(null);
    if (net == null || port == null || !net.path("admin_state_up").asBoolean(true)) {
      return null;
    }
    List<ObjectNode> subnets = new ArrayList<>();
    for (ObjectNode s : view.dhcpSubnetsOf(networkId)) {
      if (s.path("ip_version").asInt(4) == 4 && ResourceView.onSubnet(port, s.path("id").asText())) {
        subnets.add(s);
      }
    }
    return subnets.isEmpty() ? null : new DnsmasqConfig(view, net, port, subnets);
  }

  @Override
  protected void sync(String networkId) {
    DnsmasqConfig cfg = config(networkId);
    if (cfg == null) {
      // during the replay the DHCP port may simply not have arrived yet: what is really gone is
      // removed once the view is complete (removeStale), so a restart never restarts dnsmasq
      if (complete() && Files.isDirectory(root.resolve(networkId))) {
        teardown(networkId);
      }
      return;
    }
    ObjectNode port = view.dhcpPort(networkId).orElseThrow();
    ObjectNode net = view.network(networkId).orElseThrow();
    int mtu = net.path("mtu").asInt(1500);
    Path dir = dir(networkId);
    String ns = DeviceNames.dhcpNamespace(networkId);
    String portId = port.path("id").asText();
    String tap = DeviceNames.tap(portId);
    String inner = "ns-" + portId.substring(0, Math.min(11, portId.length()));

    if (!namespaces().contains(ns)) {
      run(Command.of("ip", "netns", "add", ns));
      run(Command.of("ip", "link", "set", "dev", "lo", "up").inNamespace(ns));
    }
    Links inside = Links.read(host, ns);
    for (Links.Link l : inside.all()) {
      if (l.name().startsWith("ns-") && !l.name().equals(inner)) {
        run(Command.of("ip", "link", "del", "dev", l.name()).inNamespace(ns)); // a replaced DHCP port
      }
    }
    Links outside = Links.read(host, null);
    if (!inside.has(inner)) {
      if (outside.has(tap)) {
        run(Command.of("ip", "link", "del", "dev", tap));
      }
      run(Command.of("ip", "link", "add", tap, "mtu", String.valueOf(mtu), "type", "veth", "peer",
          "name", inner, "netns", ns));
      inside = Links.read(host, ns);
      outside = Links.read(host, null);
    }
    Links.Link t = outside.get(tap).orElseThrow();
    if (!DeviceNames.bridge(networkId).equals(t.master()) || t.mtu() != mtu || !t.up()) {
      plug.attach(networkId, tap, mtu);
    }
    Links.Link in = inside.get(inner).orElseThrow();
    String mac = port.path("mac_address").asText();
    if (!mac.equalsIgnoreCase(String.valueOf(in.mac())) || in.mtu() != mtu || !in.up()) {
      run(Command.of("ip", "link", "set", "dev", inner, "address", mac, "mtu", String.valueOf(mtu),
          "up").inNamespace(ns));
    }
    List<String> want = new ArrayList<>(cfg.dhcpAddresses());
    if (cfg.anyIsolated()) {
      want.add(DnsmasqConfig.METADATA_ADDRESS + "/32");
    }
    List<String> have = new ArrayList<>();
    for (String line : run(Command.of("ip", "-4", "-o", "addr", "show", "dev", inner).inNamespace(ns))
        .stdout().lines().toList()) {
      String[] f = line.trim().split("\\s+");
      for (int i = 0; i + 1 < f.length; i++) {
        if (f[i].equals("inet")) {
          have.add(f[i + 1]);
        }
      }
    }
    for (String a : have) {
      if (!want.contains(a)) {
        run(Command.of("ip", "addr", "del", a, "dev", inner).inNamespace(ns));
      }
    }
    for (String a : want) {
      if (!have.contains(a)) {
        run(Command.of("ip", "addr", "add", a, "dev", inner).inNamespace(ns));
      }
    }

    String hosts = cfg.hosts();
    boolean filesChanged = write(dir.resolve("host"), hosts) | write(dir.resolve("opts"), cfg.options());
    List<String> argv = cfg.argv(dir, inner, leaseSeconds);
    boolean argvChanged = write(dir.resolve("cmdline"), String.join("\n", argv) + "\n");
    long pid = runningPid(networkId);
    if (pid > 0 && argvChanged) {
      stopDnsmasq(networkId, pid);
      pid = -1;
    }
    if (pid <= 0) {
      startDnsmasq(networkId, ns, argv);
    } else if (filesChanged || !loaded.containsKey(networkId)) {
      run(Command.of("kill", "-HUP", String.valueOf(pid)));
    }
    metadataProxy(networkId, cfg.anyIsolated());
    Set<String> before = loaded.put(networkId, Set.copyOf(hosts.lines().toList()));
    if (!Set.copyOf(hosts.lines().toList()).equals(before)) {
      notifyPorts(networkId);
    }
  }

  /**
   * Runs the network's metadata proxy in its DHCP namespace while it is isolated (the address
   * 169.254.169.254 is already on the DHCP port's device), else makes sure none runs.
   */
  private void metadataProxy(String networkId, boolean isolated) {
    if (proxies == null) {
      return;
    }
    String ns = DeviceNames.dhcpNamespace(networkId);
    if (isolated) {
      proxies.start(ns, DnsmasqConfig.METADATA_ADDRESS, 80, MetadataProxies.NETWORK_HEADER,
          networkId);
    } else if (proxies.namespaces().contains(ns)) {
      proxies.stop(ns);
    }
  }

  private void startDnsmasq(String networkId, String ns, List<String> argv) {
    Path dir = dir(networkId);
    try {
      Files.deleteIfExists(dir.resolve("pid"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    host.startDetached(Command.of(argv).inNamespace(ns), dir.resolve("dnsmasq.log"));
    // serving (and safe to signal) once it has written its pid file
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (runningPid(networkId) <= 0) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("dnsmasq for network " + networkId + " did not start; see "
            + dir.resolve("dnsmasq.log"));
      }
      sleep(20);
    }
  }

  private void stopDnsmasq(String networkId, long pid) {
    host.run(Command.of("kill", String.valueOf(pid)));
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (alive(pid, networkId) && System.nanoTime() < end) {
      sleep(20);
    }
    if (alive(pid, networkId)) {
      host.run(Command.of("kill", "-9", String.valueOf(pid)));
    }
  }

  /** The pid of this network's dnsmasq when it runs (its pid file names a live dnsmasq of ours). */
  private long runningPid(String networkId) {
    try {
      Path pidFile = root.resolve(networkId).resolve("pid");
      if (!Files.exists(pidFile)) {
        return -1;
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return alive(pid, networkId) ? pid : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** Whether {@code pid} is a dnsmasq serving files of this network's directory. */
  private boolean alive(long pid, String networkId) {
    try {
      String cmd = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
          StandardCharsets.UTF_8);
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
      return !zombie && cmd.contains("dnsmasq") && cmd.contains(root.resolve(networkId) + "/");
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes the network's dnsmasq, metadata proxy, namespace, devices and files. */
  private void teardown(String networkId) {
    long pid = runningPid(networkId);
    if (pid > 0) {
      stopDnsmasq(networkId, pid);
    }
    String ns = DeviceNames.dhcpNamespace(networkId);
    if (proxies != null) {
      proxies.stop(ns);
    }
    if (namespaces().contains(ns)) {
      for (Links.Link l : Links.read(host, ns).all()) {
        if (l.name().startsWith("ns-")) {
          run(Command.of("ip", "link", "del", "dev", l.name()).inNamespace(ns)); // takes its tap along
        }
      }
      run(Command.of("ip", "netns", "del", ns));
    }
    delete(root.resolve(networkId));
    LOG.info("DHCP for network {} removed", networkId);
    if (loaded.remove(networkId) != null) {
      notifyPorts(networkId);
    }
  }

  @Override
  protected void check() {
    for (String networkId : loaded.keySet()) {
      if (runningPid(networkId) <= 0) {
        LOG.warn("dnsmasq for network {} is not running; starting it again", networkId);
        loaded.remove(networkId);
        mark(List.of(networkId));
      } else if (proxies != null && proxies.pid(DeviceNames.dhcpNamespace(networkId)) == 0
          && isolated(networkId)) {
        LOG.warn("the metadata proxy of network {} is not running; starting it again", networkId);
        mark(List.of(networkId));
      }
    }
  }

  private boolean isolated(String networkId) {
    DnsmasqConfig cfg = config(networkId);
    return cfg != null && cfg.anyIsolated();
  }

  @Override
  protected void removeStale() {
    if (proxies != null) {
      // a proxy whose network's DHCP directory is gone (the agent stopped between the two)
      String prefix = DeviceNames.dhcpNamespace("");
      for (String ns : proxies.namespaces()) {
        if (ns.startsWith(prefix) && !Files.isDirectory(root.resolve(ns.substring(prefix.length())))) {
          proxies.stop(ns);
        }
      }
    }
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.toList()) {
        String networkId = d.getFileName().toString();
        if (config(networkId) == null) {
          teardown(networkId);
        } else if (!loaded.containsKey(networkId)) {
          mark(List.of(networkId));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void notifyPorts(String networkId) {
    for (ObjectNode p : view.portsOf(networkId)) {
      for (Consumer<String> l : readiness) {
        l.accept(p.path("id").asText());
      }
    }
  }

  private Path dir(String networkId) {
    Path d = root.resolve(networkId);
    try {
      Files.createDirectories(d);
      d.toFile().setReadable(true, false);
      d.toFile().setExecutable(true, false);
      traversable();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return d;
  }

  /**
   * dnsmasq reads its hosts and options files as {@code nobody} once it has dropped root, so every
   * directory above them must let others pass (search only: nothing becomes listable or readable).
   */
  private void traversable() throws IOException {
    for (Path p = root.toAbsolutePath(); p != null; p = p.getParent()) {
      var perms = Files.getPosixFilePermissions(p);
      if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        perms = new HashSet<>(perms);
        perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(p, perms);
        LOG.info("{} made searchable by others so that dnsmasq, running as nobody, reaches its"
            + " files under it", p);
      }
    }
  }

  private Set<String> namespaces() {
    Set<String> out = new HashSet<>();
    for (String line : run(Command.of("ip", "netns", "list")).stdout().lines().toList()) {
      out.add(line.split(" ")[0]);
    }
    return out;
  }

  /** Writes {@code text} when it differs from the file's; returns whether it did. */
  private static boolean write(Path file, String text) {
    try {
      if (Files.exists(file) && Files.readString(file).equals(text)) {
        return false;
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text);
      tmp.toFile().setReadable(true, false);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private dev.altus.common.host.CommandResult run(Command c) {
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
