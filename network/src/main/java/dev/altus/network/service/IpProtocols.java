package dev.altus.network.service;

import java.util.Map;

/**
 * The IP protocol names a security group rule accepts, with their numbers, as Neutron knows them.
 * The API validates rules with it and the firewall turns a rule's protocol into a number with it.
 */
public final class IpProtocols {
  private IpProtocols() {}

  public static final Map<String, Integer> NUMBERS = Map.ofEntries(Map.entry("tcp", 6),
      Map.entry("udp", 17), Map.entry("icmp", 1), Map.entry("icmpv6", 58), Map.entry("ipv6-icmp", 58),
      Map.entry("sctp", 132), Map.entry("gre", 47), Map.entry("esp", 50), Map.entry("ah", 51),
      Map.entry("vrrp", 112), Map.entry("igmp", 2), Map.entry("dccp", 33), Map.entry("udplite", 136),
      Map.entry("pgm", 113), Map.entry("ospf", 89), Map.entry("rsvp", 46), Map.entry("egp", 8),
      Map.entry("encap", 98), Map.entry("ipip", 4), Map.entry("icmp6", 58));

  /** The number of a rule's protocol (a name above or a number 0-255), or -1 for "any" (null). */
  public static int number(String protocol) {
    if (protocol == null || protocol.equalsIgnoreCase("any")) {
      return -1;
    }
    Integer n = NUMBERS.get(protocol.toLowerCase());
    return n != null ? n : Integer.parseInt(protocol);
  }
}
