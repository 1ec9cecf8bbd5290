package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.DeviceNames;
import dev.altus.network.ipam.Cidr;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Renders the whole state the firewall wants from the agents' view: the two tables' fixed base
 * chains and maps; per filtered port its three chains (see {@link PortChains}) and its tags in the
 * dispatch maps; per security group of those ports its two rule chains; and the sets of the remote
 * groups those rules name.
 *
 * <p>How a bridged packet meets a port's chains. The {@code bridge} family sees which bridge port
 * (tap) a frame enters and leaves by, but has no connection tracking on this kernel; the
 * {@code inet} family has connection tracking (bridged IP traffic reaches it through
 * {@code br_netfilter}) but sees only the bridge. So the {@code bridge} table tags the packet
 * mark with the port it came from (prerouting) and the port it goes to (postrouting), and the
 * {@code inet} table dispatches on the tag to the port's stateful chains: egress in prerouting
 * (after conntrack), ingress in postrouting. Each network's bridge is its own conntrack zone so
 * that overlapping tenant addresses never share connection state.
 *
 * <p>Tags are kept for as long as the port is filtered, so an unrelated change never rewrites a
 * map element.
 *
 * <p>A tag is {@code <cloud (15 bits)><direction (1 bit)><port index (16 bits)>}: every cloud's
 * tables on a host see every bridged packet, so the high bits, derived from the cloud's table
 * name, keep one cloud's dispatch maps from ever matching the tag another cloud's bridge table
 * wrote into a packet of its own port.
 */
final class FirewallPlan {
  private static final int TO_BIT = 1 << 16;
  private static final int MAX_PORTS = 0xffff;

  /** The high bits of this cloud's tags. */
  private final int cloud;
  private final Map<String, Integer> tags = new HashMap<>();
  private final BitSet used = new BitSet();

  /** The plan of the cloud whose tables are named {@code table}. */
  FirewallPlan(String table) {
    this.cloud = cloudBits(table);
  }

  /** The tag bits of the cloud whose tables are named {@code table}. */
  static int cloudBits(String table) {
    CRC32 crc = new CRC32();
    crc.update(table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return (int) (crc.getValue() & 0x7fff) << 17;
  }

  /** Whether the firewall filters this port: bound here, a guest's, with port security on. */
  static boolean filtered(ObjectNode port) {
    return port.path("port_security_enabled").asBoolean(true)
        && !port.path("device_owner").asText("").startsWith("network:")
        && !port.path("mac_address").asText("").isEmpty();
  }

  /** The state wanted for {@code inputs}; empty (no tables at all) when no port is filtered. */
  NftRuleset render(FirewallInputs inputs) {
    Map<String, ObjectNode> ports = new TreeMap<>();
    for (ObjectNode p : inputs.localPorts()) {
      if (filtered(p)) {
        ports.put(p.path("id").asText(), p);
      }
    }
    tags.keySet().retainAll(ports.keySet());
    used.clear();
    tags.values().forEach(used::set);
    NftRuleset out = new NftRuleset();
    if (ports.isEmpty()) {
      return out;
    }
    Map<String, String> fromTag = new LinkedHashMap<>();
    Map<String, String> toTag = new LinkedHashMap<>();
    Map<String, String> spoof = new LinkedHashMap<>();
    Map<String, String> egress = new LinkedHashMap<>();
    Map<String, String> ingress = new LinkedHashMap<>();
    Set<String> networks = new LinkedHashSet<>();
    Set<String> localGroups = new java.util.TreeSet<>();
    Set<String> remoteGroups = new LinkedHashSet<>();
    List<NftRuleset.Chain> chains = new ArrayList<>();
    for (ObjectNode p : ports.values()) {
      String id = p.path("id").asText();
      int tag = tag(id);
      String tap = quote(DeviceNames.tap(id));
      fromTag.put(tap, hex(cloud | tag));
      toTag.put(tap, hex(cloud | TO_BIT | tag));
      spoof.put(tap, "jump " + PortChains.spoofChain(id));
      egress.put(hex(cloud | tag), "jump " + PortChains.egressChain(id));
      ingress.put(hex(cloud | TO_BIT | tag), "jump " + PortChains.ingressChain(id));
      String net = p.path("network_id").asText();
      networks.add(net);
      List<String> groups = new ArrayList<>();
      p.path("security_groups").forEach(g -> groups.add(g.asText()));
      localGroups.addAll(groups);
      chains.add(PortChains.spoof(id, PortAddresses.of(p)));
      chains.add(PortChains.egress(id, groups));
      chains.add(PortChains.ingress(id, groups, dhcpServers(inputs, net)));
    }
    for (String g : localGroups) {
      List<ObjectNode> rules = inputs.rules(g);
      for (ObjectNode r : rules) {
        String rg = r.path("remote_group_id").asText("");
        if (!rg.isEmpty() && r.path("remote_ip_prefix").asText("").isEmpty()) {
          remoteGroups.add(rg);
        }
      }
      chains.add(PortChains.group(g, "egress", rules));
      chains.add(PortChains.group(g, "ingress", rules));
    }
    base(out, fromTag, toTag, spoof, egress, ingress, zones(networks));
    for (String g : remoteGroups) {
      for (int v : new int[] {4, 6}) {
        List<Cidr> members = new ArrayList<>();
        for (ObjectNode m : inputs.members(g)) {
          members.addAll(PortAddresses.of(m).addresses(v));
        }
        Map<String, String> el = new LinkedHashMap<>();
        PortAddresses.minimal(members).forEach(e -> el.put(e, ""));
        out.add(new NftRuleset.Named("inet", "set", RuleMatch.remoteSet(g, v),
            "type " + (v == 4 ? "ipv4_addr" : "ipv6_addr") + "; flags interval;", el));
      }
    }
    chains.forEach(out::add);
    return out;
  }

  private static void base(NftRuleset out, Map<String, String> fromTag, Map<String, String> toTag,
      Map<String, String> spoof, Map<String, String> egress, Map<String, String> ingress,
      Map<String, String> zones) {
    out.add(new NftRuleset.Named("bridge", "map", "from-port", "type ifname : mark;", fromTag));
    out.add(new NftRuleset.Named("bridge", "map", "to-port", "type ifname : mark;", toTag));
    out.add(new NftRuleset.Named("bridge", "map", "spoof", "type ifname : verdict;", spoof));
    hook(out, "bridge", "port-prerouting", "prerouting", -300,
        "meta mark set iifname map @from-port", "iifname vmap @spoof");
    hook(out, "bridge", "port-postrouting", "postrouting", 0, "meta mark set oifname map @to-port");
    out.add(new NftRuleset.Named("inet", "map", "zones", "typeof iifname : ct zone;", zones));
    out.add(new NftRuleset.Named("inet", "map", "egress", "type mark : verdict;", egress));
    out.add(new NftRuleset.Named("inet", "map", "ingress", "type mark : verdict;", ingress));
    hook(out, "inet", "zone-prerouting", "prerouting", -300, "ct zone set iifname map @zones");
    hook(out, "inet", "zone-output", "output", -300, "ct zone set oifname map @zones");
    // after conntrack (-200) and before destination NAT (-100)
    hook(out, "inet", "port-egress", "prerouting", -150, "meta mark vmap @egress");
    hook(out, "inet", "port-ingress", "postrouting", 0, "meta mark vmap @ingress");
  }

  private static void hook(NftRuleset out, String family, String name, String hook, int priority,
      String... rules) {
    out.add(new NftRuleset.Chain(family, name,
        "type filter hook " + hook + " priority " + priority + "; policy accept;", List.of(rules)));
  }

  /**
   * A conntrack zone per network with a filtered port, from a hash of its id so that it stays the
   * same across restarts (connections in flight survive one), probing on a clash.
   */
  static Map<String, String> zones(Set<String> networks) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<Integer> taken = new java.util.HashSet<>();
    for (String net : new java.util.TreeSet<>(networks)) {
      CRC32 crc = new CRC32();
      crc.update(net.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      int z = (int) (crc.getValue() % 65000) + 100;
      while (!taken.add(z)) {
        z = z >= 65099 ? 100 : z + 1;
      }
      out.put(quote(DeviceNames.bridge(net)), String.valueOf(z));
    }
    return out;
  }

  private static List<String> dhcpServers(FirewallInputs inputs, String networkId) {
    List<String> ips = new ArrayList<>();
    for (ObjectNode d : inputs.dhcpPorts(networkId)) {
      for (JsonNode ip : d.path("fixed_ips")) {
        String a = ip.path("ip_address").asText();
        if (!a.contains(":") && !ips.contains(a)) {
          ips.add(a);
        }
      }
    }
    return ips;
  }

  private int tag(String portId) {
    Integer t = tags.get(portId);
    if (t == null) {
      t = used.nextClearBit(1);
      if (t > MAX_PORTS) {
        throw new IllegalStateException("more than " + MAX_PORTS + " filtered ports of one cloud"
            + " on one host");
      }
      used.set(t);
      tags.put(portId, t);
    }
    return t;
  }

  private static String hex(int v) {
    return String.format("0x%08x", v);
  }

  private static String quote(String name) {
    return "\"" + name + "\"";
  }
}
