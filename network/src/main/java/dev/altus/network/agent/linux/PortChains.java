package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The three chains that filter one port, in the order of Neutron's iptables firewall:
 * <ul>
 *   <li>{@code spoof-<port>} ({@code bridge} family, on frames the guest sends, before connection
 *       tracking): a frame from another MAC, ARP for another address, an IP packet from another
 *       source address (unless an allowed address pair permits it), a DHCP or router advertisement
 *       <em>from</em> the guest, or any other ethertype is dropped. A DHCP request from 0.0.0.0
 *       passes before the source check, so a guest without an address can ask for one.
 *   <li>{@code egress-<port>} ({@code inet}, the guest's outgoing packets, stateful): DHCP requests,
 *       IPv6 neighbour discovery and the metadata service (tcp to 169.254.169.254:80) always pass;
 *       then invalid packets are dropped, replies pass, the port's groups' chains
 *       ({@code sg-egress-<group>}, shared by the group's ports) accept what their rules allow, and
 *       everything else drops.
 *   <li>{@code ingress-<port>} ({@code inet}, packets to the guest): DHCP replies from the
 *       network's DHCP port and neighbour discovery always pass; invalid drops, replies pass, the
 *       groups' {@code sg-ingress-<group>} chains, the rest drops.
 * </ul>
 * Whatever a group's rules say, DHCP and metadata keep working: they come before the rules.
 */
final class PortChains {
  static final String METADATA = "169.254.169.254";
  private static final String ND_OUT = "{ nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert,"
      + " mld-listener-report, mld2-listener-report }";
  private static final String ND_IN = "{ nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert,"
      + " nd-redirect, mld-listener-query }";

  private PortChains() {}

  static String spoofChain(String portId) {
    return "spoof-" + portId;
  }

  static String egressChain(String portId) {
    return "egress-" + portId;
  }

  static String ingressChain(String portId) {
    return "ingress-" + portId;
  }

  /** The anti-spoofing chain for the {@code bridge} table. */
  static NftRuleset.Chain spoof(String portId, PortAddresses a) {
    List<String> r = new ArrayList<>();
    r.add("ether saddr != " + braces(a.macs()) + " drop");
    List<String> v4 = a.sourceElements(4);
    List<String> arpIps = new ArrayList<>(List.of("0.0.0.0"));
    v4.forEach(e -> arpIps.add(e.substring(e.indexOf(" . ") + 3)));
    r.add("ether type arp arp saddr ip " + braces(arpIps.stream().distinct().toList()) + " return");
    r.add("ether type arp drop");
    r.add("ether type ip udp sport 67 udp dport 68 drop");
    r.add("ether type ip ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 return");
    if (!v4.isEmpty()) {
      r.add("ether type ip ether saddr . ip saddr " + braces(v4) + " return");
    }
    r.add("ether type ip drop");
    r.add("ether type ip6 udp sport 547 udp dport 546 drop");
    r.add("ether type ip6 icmpv6 type nd-router-advert drop");
    r.add("ether type ip6 ip6 saddr :: icmpv6 type " + ND_OUT + " return");
    List<String> v6 = a.sourceElements(6);
    if (!v6.isEmpty()) {
      r.add("ether type ip6 ether saddr . ip6 saddr " + braces(v6) + " return");
    }
    r.add("drop");
    return new NftRuleset.Chain("bridge", spoofChain(portId), null, r);
  }

  static String groupChain(String groupId, String direction) {
    return "sg-" + direction + "-" + groupId;
  }

  /**
   * A security group's rules of one direction, shared by every port of the group on this host: a
   * rule change touches this chain alone, however many ports use it: the rule added or deleted. A
   * match accepts (the port chain that jumped here ends in a drop).
   */
  static NftRuleset.Chain group(String groupId, String direction, List<ObjectNode> rules) {
    List<String> r = new ArrayList<>();
    for (ObjectNode rule : rules) {
      if (direction.equals(rule.path("direction").asText())) {
        // the rule's id as the comment lets one rule be found (by its handle) and deleted alone
        r.add(RuleMatch.of(rule) + " comment \"" + rule.path("id").asText() + "\"");
      }
    }
    return new NftRuleset.Chain("inet", groupChain(groupId, direction), null, r);
  }

  /** The guest's outgoing traffic, for the {@code inet} table. */
  static NftRuleset.Chain egress(String portId, List<String> groups) {
    List<String> r = new ArrayList<>();
    r.add("meta nfproto ipv4 udp sport 68 udp dport 67 return");
    r.add("meta nfproto ipv6 udp sport 546 udp dport 547 return");
    r.add("meta nfproto ipv6 icmpv6 type " + ND_OUT + " return");
    r.add("ct state invalid drop");
    r.add("ct state established,related return");
    r.add("meta nfproto ipv4 ip daddr " + METADATA + " tcp dport 80 return");
    groups.forEach(g -> r.add("jump " + groupChain(g, "egress")));
    r.add("drop");
    return new NftRuleset.Chain("inet", egressChain(portId), null, r);
  }

  /** Traffic to the guest, for the {@code inet} table; {@code dhcpServers} are the DHCP port's IPv4s. */
  static NftRuleset.Chain ingress(String portId, List<String> groups, List<String> dhcpServers) {
    List<String> r = new ArrayList<>();
    // until the network's DHCP port is known, a reply from anywhere passes: the lease comes first,
    // and no filtered guest can send one (its spoof chain drops them)
    r.add("meta nfproto ipv4 "
        + (dhcpServers.isEmpty() ? "" : "ip saddr " + braces(dhcpServers) + " ")
        + "udp sport 67 udp dport 68 return");
    r.add("meta nfproto ipv6 udp sport 547 udp dport 546 return");
    r.add("meta nfproto ipv6 icmpv6 type " + ND_IN + " return");
    r.add("ct state invalid drop");
    r.add("ct state established,related return");
    groups.forEach(g -> r.add("jump " + groupChain(g, "ingress")));
    r.add("drop");
    return new NftRuleset.Chain("inet", ingressChain(portId), null, r);
  }

  static String braces(List<String> items) {
    return "{ " + String.join(", ", items) + " }";
  }
}
