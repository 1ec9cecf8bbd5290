package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import dev.altus.common.json.Json;
import dev.altus.network.DataPlaneConfig;
import dev.altus.network.agent.ResourceChange;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Neutron's Linux bridge agent (the L2 agent): a bridge {@code brq<network[:11]>} for each network
 * with a port on this host, the MTU of the network on every device; a {@code vxlan-<vni>} device
 * on it for VXLAN networks when this host has a tunnel address, with static forwarding entries
 * towards the other hosts' ports (l2population, so no multicast); flat networks joined to a host
 * interface ({@code physical_interface_mappings}) or to an existing bridge
 * ({@code bridge_mappings}, through a veth pair {@code int-}/{@code phy-<network[:11]>}).
 *
 * <p>The taps are made by the compute side (or the DHCP and L3 agents); this agent puts a tap it
 * finds on the right bridge and reports its port {@code ACTIVE} once it is there and up, its DHCP
 * entry is loaded and its security-group filter is in place, {@code DOWN} otherwise. The bridges
 * and devices it makes (or adopts) are listed in {@link OwnedDevices}; only those are removed when
 * no longer wanted, so another cloud's on the same machine are never touched.
 */
public final class LinuxBridgeAgent extends LinuxAgent {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxBridgeAgent.class);
  static final int VXLAN_PORT = 4789;
  private final Host host;
  private final BridgePlug plug;
  private final DataPlaneConfig config;
  private final PortFirewall firewall;
  private final Predicate<String> dhcpReady;
  private final boolean networkDevicesHere;
  private final OwnedDevices owned;
  /** The status last reported (or read from the view) per port of this host. */
  private final Map<String, String> reported = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * @param hostNames the hosts whose ports this agent wires: this machine's, and the compute hosts
   *     this process runs that share it
   * @param dhcpReady whether a port's DHCP entry is in place (true for all without a DHCP agent)
   * @param networkDevicesHere whether the DHCP and L3 agents run on this host, so the DHCP and
   *     router ports (bound to no compute host) are wired here
   */
  public LinuxBridgeAgent(Host host, List<String> hostNames, DataPlaneConfig config,
      Duration reportInterval, PortFirewall firewall, Predicate<String> dhcpReady,
      boolean networkDevicesHere) {
    super(hostNames, reportInterval, Duration.ofMillis((long) (config.resyncSeconds() * 1000)));
    this.host = host;
    this.plug = new BridgePlug(host);
    this.config = config;
    this.firewall = firewall;
    this.dhcpReady = dhcpReady;
    this.networkDevicesHere = networkDevicesHere;
    this.owned = new OwnedDevices(config.stateDir().resolve("linuxbridge").resolve("devices"));
    firewall.bind(view, this::portChanged);
  }

  @Override
  public String agentType() {
    return "Linux bridge agent";
  }

  @Override
  public String binary() {
    return "neutron-linuxbridge-agent";
  }

  @Override
  public String topic() {
    return "N/A";
  }

  @Override
  public ObjectNode configurations() {
    ObjectNode c = Json.object();
    ObjectNode im = c.putObject("interface_mappings");
    config.physicalInterfaceMappings().forEach(im::put);
    ObjectNode bm = c.putObject("bridge_mappings");
    config.bridgeMappings().forEach(bm::put);
    c.put("l2_population", true);
    var types = c.putArray("tunnel_types");
    if (!config.localIp().isEmpty()) {
      types.add("vxlan");
      c.put("tunneling_ip", config.localIp());
    }
    c.put("devices", reported.size());
    return c;
  }

  /** A port's readiness (DHCP entry, filter) changed: its status is looked at again. */
  public void portChanged(String portId) {
    view.port(portId).ifPresent(p -> mark(List.of(p.path("network_id").asText())));
  }

  @Override
  protected void changed(ResourceChange change) {
    firewall.onChange(change);
  }

  @Override
  public void replayed() {
    super.replayed();
    firewall.replayed();
  }

  @Override
  protected Collection<String> affected(ResourceChange change, ObjectNode before) {
    Set<String> nets = new HashSet<>();
    switch (change.kind()) {
      case ResourceView.NETWORK -> nets.add(change.id());
      case ResourceView.PORT -> {
        nets.add(change.resource().path("network_id").asText());
        if (before != null) {
          nets.add(before.path("network_id").asText());
        }
        if (change.action().equals("deleted")) {
          reported.remove(change.id());
        } else {
          // what the control plane holds now (an unbound port is set DOWN there): a later sync
          // reports again whenever the wiring says otherwise
          reported.put(change.id(), change.resource().path("status").asText());
        }
      }
      case ResourceView.AGENT -> {
        // another host's tunnel address: the forwarding entries towards it change
        for (ObjectNode n : view.networks()) {
          if (n.path("provider:network_type").asText().equals("vxlan")) {
            nets.add(n.path("id").asText());
          }
        }
      }
      default -> { }
    }
    nets.remove("");
    return nets;
  }

  /** Whether the port is wired on this host. */
  private boolean local(JsonNode port) {
    String bound = port.path("binding:host_id").asText("");
    if (!bound.isEmpty()) {
      return hostNames.contains(bound);
    }
    String owner = port.path("device_owner").asText("");
    return networkDevicesHere && (owner.equals("network:dhcp") || owner.startsWith("network:router_"));
  }

  private List<ObjectNode> localPorts(String networkId) {
    return view.portsOf(networkId).stream().filter(this::local).toList();
  }

  @Override
  protected void sync(String networkId) {
    ObjectNode net = view.network(networkId).orElse(null);
    List<ObjectNode> ports = net == null ? List.of() : localPorts(networkId);
    if (ports.isEmpty()) {
      removeNetwork(networkId);
      return;
    }
    int mtu = net.path("mtu").asInt(1500);
    String bridge = DeviceNames.bridge(networkId);
    Links links = Links.read(host, null);
    Links.Link br = links.get(bridge).orElse(null);
    if (br == null || br.mtu() != mtu || !br.up()) {
      plug.ensureBridge(networkId, mtu);
    }
    owned.add(bridge, networkId);
    segment(net, bridge, mtu, links);
    for (ObjectNode p : ports) {
      String id = p.path("id").asText();
      String tap = DeviceNames.tap(id);
      Links.Link t = links.get(tap).orElse(null);
      // a port that is administratively down has its tap down, as Neutron's Linux bridge agent
      // does: no frame reaches or leaves the guest until it is up again
      boolean up = p.path("admin_state_up").asBoolean(true);
      if (t != null && (!bridge.equals(t.master()) || t.up() != up || t.mtu() != mtu)) {
        plug.attach(networkId, tap, mtu);
        if (!up) {
          host.run(Command.of("ip", "link", "set", "dev", tap, "down")).orThrow();
        }
        t = new Links.Link(tap, bridge, mtu, up, t.mac());
      }
      report(p, t != null);
    }
  }

  /** Reports the port's status when it differs from what the control plane has. */
  private void report(ObjectNode port, boolean wired) {
    String id = port.path("id").asText();
    String status = wired && port.path("admin_state_up").asBoolean(true) && dhcpReady.test(id)
        && firewall.ready(id) ? "ACTIVE" : "DOWN";
    String last = reported.computeIfAbsent(id, k -> port.path("status").asText());
    var r = reports;
    if (!status.equals(last) && r != null) {
      r.portStatus(id, status);
      reported.put(id, status);
      LOG.debug("port {} {}", id, status);
    }
  }

  /** The network's segment on its bridge: a VXLAN device, a host interface or a linked bridge. */
  private void segment(ObjectNode net, String bridge, int mtu, Links links) {
    String networkId = net.path("id").asText();
    String type = net.path("provider:network_type").asText("");
    String physnet = net.path("provider:physical_network").asText("");
    switch (type) {
      case "vxlan" -> {
        if (config.localIp().isEmpty()) {
          return; // no tunnel address: the network lives on this host's bridge alone
        }
        long vni = net.path("provider:segmentation_id").asLong();
        String dev = DeviceNames.vxlan(vni);
        Links.Link v = links.get(dev).orElse(null);
        if (v == null) {
          run("ip", "link", "add", dev, "type", "vxlan", "id", String.valueOf(vni), "local",
              config.localIp(), "dstport", String.valueOf(VXLAN_PORT), "nolearning");
        }
        owned.add(dev, networkId);
        if (v == null || !bridge.equals(v.master()) || v.mtu() != mtu || !v.up()) {
          run("ip", "link", "set", "dev", dev, "mtu", String.valueOf(mtu), "master", bridge, "up");
        }
        forwarding(networkId, dev);
      }
      case "flat" -> {
        String iface = config.physicalInterfaceMappings().get(physnet);
        String mapped = config.bridgeMappings().get(physnet);
        if (iface != null) {
          Links.Link l = links.get(iface).orElse(null);
          if (l == null) {
            warnOnce("interface " + iface + " of physical network " + physnet + " does not exist");
          } else if (!bridge.equals(l.master()) || !l.up()) {
            run("ip", "link", "set", "dev", iface, "master", bridge, "up");
          }
        } else if (mapped != null) {
          String suffix = networkId.substring(0, Math.min(11, networkId.length()));
          String in = "int-" + suffix;
          String out = "phy-" + suffix;
          if (!links.has(mapped)) {
            warnOnce("bridge " + mapped + " of physical network " + physnet + " does not exist");
            return;
          }
          if (!links.has(in)) {
            run("ip", "link", "add", in, "mtu", String.valueOf(mtu), "type", "veth", "peer", "name", out);
          }
          owned.add(in, networkId);
          run("ip", "link", "set", "dev", in, "mtu", String.valueOf(mtu), "master", bridge, "up");
          run("ip", "link", "set", "dev", out, "mtu", String.valueOf(mtu), "master", mapped, "up");
        } else {
          warnOnce("physical network " + physnet + " of network " + networkId + " is in neither"
              + " network.linuxbridge.physical_interface_mappings nor bridge_mappings");
        }
      }
      case "vlan" -> warnOnce("network " + networkId + " is a VLAN network: this host has no"
          + " 802.1Q devices, so it is wired on this host's bridge only");
      default -> { }
    }
  }

  /**
   * l2population: for each other host with ports on the network and a tunnel address, a flood
   * entry ({@code 00:00:00:00:00:00}) and one entry per port MAC towards that address.
   */
  private void forwarding(String networkId, String dev) {
    Set<String> want = new HashSet<>();
    for (ObjectNode p : view.portsOf(networkId)) {
      String h = p.path("binding:host_id").asText("");
      if (h.isEmpty() || hostNames.contains(h)) {
        continue;
      }
      String vtep = tunnelIp(h);
      if (vtep != null && !vtep.equals(config.localIp())) {
        want.add("00:00:00:00:00:00 " + vtep);
        want.add(p.path("mac_address").asText().toLowerCase() + " " + vtep);
      }
    }
    Set<String> have = new HashSet<>();
    for (String line : run("bridge", "fdb", "show", "dev", dev).lines().toList()) {
      String[] f = line.trim().split("\\s+");
      int dst = java.util.Arrays.asList(f).indexOf("dst");
      if (dst > 0 && dst + 1 < f.length) {
        have.add(f[0] + " " + f[dst + 1]);
      }
    }
    for (String e : have) {
      if (!want.contains(e)) {
        String[] f = e.split(" ");
        host.run(Command.of("bridge", "fdb", "del", f[0], "dev", dev, "dst", f[1]));
      }
    }
    for (String e : want) {
      if (!have.contains(e)) {
        String[] f = e.split(" ");
        run("bridge", "fdb", "append", f[0], "dev", dev, "dst", f[1]);
      }
    }
  }

  /** The tunnel address of the L2 agent on {@code host}, from its reported configuration. */
  private String tunnelIp(String otherHost) {
    for (ObjectNode a : view.all(ResourceView.AGENT)) {
      if (a.path("host").asText().equals(otherHost)
          && a.path("agent_type").asText().equals(agentType())) {
        String ip = a.path("configurations").path("tunneling_ip").asText("");
        return ip.isEmpty() ? null : ip;
      }
    }
    return null;
  }

  /** Removes the network's bridge and segment devices, when this agent owns them. */
  private void removeNetwork(String networkId) {
    Set<String> devices = owned.of(networkId);
    if (devices.isEmpty()) {
      return;
    }
    String bridge = DeviceNames.bridge(networkId);
    if (view.network(networkId).isPresent()
        && Files.exists(PublicBridge.record(config.stateDir()).resolve(bridge))) {
      // the external network's bridge holds the host's gateway address: it stays while the
      // network exists, router gateways or not (the clean-up of a stopped cloud removes it)
      return;
    }
    Links links = Links.read(host, null);
    List<String> others = new ArrayList<>();
    for (Links.Link l : links.portsOf(bridge)) {
      if (!devices.contains(l.name()) && !config.physicalInterfaceMappings().containsValue(l.name())) {
        others.add(l.name());
      }
    }
    if (!others.isEmpty()) {
      LOG.debug("bridge {} kept while {} are on it", bridge, others);
      return; // a tap still there (its owner removes it); tried again at the next check
    }
    for (String iface : config.physicalInterfaceMappings().values()) {
      if (links.get(iface).map(l -> bridge.equals(l.master())).orElse(false)) {
        run("ip", "link", "set", "dev", iface, "nomaster");
      }
    }
    for (String dev : devices) {
      if (links.has(dev)) {
        run("ip", "link", "del", "dev", dev);
      }
      owned.remove(dev);
    }
    LOG.info("bridge {} of network {} removed", bridge, networkId);
  }

  @Override
  protected void check() {
    Links links = Links.read(host, null);
    Set<String> drifted = new HashSet<>();
    for (ObjectNode p : view.all(ResourceView.PORT)) {
      if (!local(p)) {
        continue;
      }
      String id = p.path("id").asText();
      String networkId = p.path("network_id").asText();
      Links.Link t = links.get(DeviceNames.tap(id)).orElse(null);
      boolean wired = t != null && DeviceNames.bridge(networkId).equals(t.master()) && t.up();
      boolean active = "ACTIVE".equals(reported.get(id));
      boolean ready = wired && p.path("admin_state_up").asBoolean(true) && dhcpReady.test(id)
          && firewall.ready(id);
      if (active != ready || t != null && !wired || !links.has(DeviceNames.bridge(networkId))) {
        drifted.add(networkId);
      }
    }
    if (!drifted.isEmpty()) {
      mark(drifted);
    }
  }

  /** The networks whose bridges and devices this agent made or adopted. */
  Set<String> ownedNetworks() {
    return owned.networks();
  }

  @Override
  protected void removeStale() {
    for (String networkId : owned.networks()) {
      if (view.network(networkId).isEmpty() || localPorts(networkId).isEmpty()) {
        removeNetwork(networkId);
      }
    }
  }

  private void warnOnce(String message) {
    if (warned.add(message)) {
      LOG.warn(message);
    }
  }

  private String run(String... argv) {
    return host.run(Command.of(argv)).orThrow().stdout();
  }
}
