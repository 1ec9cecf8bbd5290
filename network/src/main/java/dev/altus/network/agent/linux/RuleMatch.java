package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.network.service.IpProtocols;

/**
 * One security group rule as an nftables match in its group's {@code inet} chain: ethertype,
 * protocol, ports or ICMP type/code, and the remote end (a prefix, or the set of a remote group's
 * member addresses). The chain it sits in says the direction. A match accepts: that ends only the
 * base chain of its direction (egress in prerouting, ingress in postrouting), so the other end's
 * port still filters a packet that crosses the bridge between two filtered ports.
 */
final class RuleMatch {
  private RuleMatch() {}

  /** The name of the set holding a remote group's member addresses of one IP version. */
  static String remoteSet(String groupId, int version) {
    return "rg-" + groupId + "-" + version;
  }

  /** The rule's match and verdict, e.g. {@code meta nfproto ipv4 ip saddr @rg-x-4 tcp dport 22 accept}. */
  static String of(ObjectNode rule) {
    int version = "IPv6".equalsIgnoreCase(rule.path("ethertype").asText("IPv4")) ? 6 : 4;
    boolean ingress = "ingress".equals(rule.path("direction").asText());
    String ip = version == 4 ? "ip" : "ip6";
    StringBuilder m = new StringBuilder("meta nfproto ipv").append(version);
    String prefix = text(rule, "remote_ip_prefix");
    String group = text(rule, "remote_group_id");
    String end = ingress ? "saddr" : "daddr";
    if (prefix != null && !prefix.endsWith("/0")) {
      m.append(' ').append(ip).append(' ').append(end).append(' ').append(prefix);
    } else if (group != null) {
      m.append(' ').append(ip).append(' ').append(end).append(" @").append(remoteSet(group, version));
    }
    int proto = IpProtocols.number(text(rule, "protocol"));
    Integer min = integer(rule, "port_range_min");
    Integer max = integer(rule, "port_range_max");
    if (proto == 1 || proto == 58) {
      // "icmp" in an IPv6 rule means ICMPv6, as Neutron reads it
      String icmp = version == 4 ? "icmp" : "icmpv6";
      m.append(" meta l4proto ").append(version == 4 ? "icmp" : "ipv6-icmp");
      if (min != null) {
        m.append(' ').append(icmp).append(" type ").append(min);
        if (max != null) {
          m.append(' ').append(icmp).append(" code ").append(max);
        }
      }
    } else if (proto >= 0) {
      m.append(" meta l4proto ").append(proto);
      if (min != null && max != null) {
        m.append(" th dport ").append(min.equals(max) ? String.valueOf(min) : min + "-" + max);
      }
    }
    return m.append(" accept").toString();
  }

  private static String text(ObjectNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  private static Integer integer(ObjectNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asInt();
  }
}
