package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one nftables rule (its JSON {@code expr} list) matches, as far as the firewall check needs:
 * TCP destination ports (a value, a set, a range; none means any port only when the rule matches
 * nothing else), the destination address, and the verdict. A rule with a match this reader does
 * not understand (a connection state, an interface) is treated as not matching the cloud's traffic
 * in general: the check names only rules that certainly stand in the way.
 */
record RuleMatch(List<int[]> portRanges, Addresses daddr, boolean otherMatches, boolean udpOnly,
    String verdict, String text) {

  /** Destination addresses a rule matches: exact ones and IPv4 prefixes. */
  record Addresses(List<String> exact, List<String[]> prefixes) {
    boolean contains(String address) {
      if (exact.contains(address)) {
        return true;
      }
      for (String[] p : prefixes) {
        if (inPrefix(address, p[0], Integer.parseInt(p[1]))) {
          return true;
        }
      }
      return false;
    }
  }

  static RuleMatch of(JsonNode exprs) {
    List<int[]> ports = null;
    Addresses daddr = null;
    boolean other = false;
    boolean udpOnly = false;
    String verdict = "";
    List<String> text = new ArrayList<>();
    for (JsonNode e : exprs) {
      if (e.has("match")) {
        JsonNode m = e.get("match");
        JsonNode left = m.path("left");
        String op = m.path("op").asText("==");
        JsonNode right = m.path("right");
        String field = left.path("payload").path("field").asText("");
        String proto = left.path("payload").path("protocol").asText("");
        text.add(proto + " " + field + " " + op + " " + right);
        if (!op.equals("==") && !op.equals("in")) {
          other = true;
        } else if (proto.equals("tcp") && field.equals("dport")) {
          ports = ports(right);
        } else if (proto.equals("udp")) {
          udpOnly = true;
        } else if ((proto.equals("ip") || proto.equals("ip6")) && field.equals("daddr")) {
          daddr = addresses(right);
        } else if (left.path("meta").path("key").asText().equals("l4proto")) {
          udpOnly |= !right.asText().equals("tcp");
        } else {
          other = true;
        }
      } else {
        for (String v : List.of("accept", "drop", "reject")) {
          if (e.has(v)) {
            verdict = v;
            text.add(v);
          }
        }
        if (e.has("jump") || e.has("goto") || e.has("queue")) {
          verdict = "other";
        }
      }
    }
    return new RuleMatch(ports, daddr, other, udpOnly, verdict, String.join(" ", text));
  }

  /** The rule applies to TCP traffic to {@code port} (at an address already checked). */
  boolean matchesPort(int port) {
    if (otherMatches || udpOnly) {
      return false;
    }
    if (portRanges == null) {
      return false; // a rule for every port is the policy's business, not a rule naming ours
    }
    return portRanges.stream().anyMatch(r -> port >= r[0] && port <= r[1]);
  }

  private static List<int[]> ports(JsonNode right) {
    List<int[]> out = new ArrayList<>();
    if (right.isInt()) {
      out.add(new int[] {right.asInt(), right.asInt()});
    } else if (right.has("range")) {
      out.add(new int[] {right.get("range").get(0).asInt(), right.get("range").get(1).asInt()});
    } else if (right.has("set")) {
      for (JsonNode v : right.get("set")) {
        out.addAll(ports(v));
      }
    }
    return out;
  }

  private static Addresses addresses(JsonNode right) {
    List<String> exact = new ArrayList<>();
    List<String[]> prefixes = new ArrayList<>();
    List<JsonNode> values = new ArrayList<>();
    if (right.has("set")) {
      right.get("set").forEach(values::add);
    } else {
      values.add(right);
    }
    for (JsonNode v : values) {
      if (v.isTextual()) {
        exact.add(v.asText());
      } else if (v.has("prefix")) {
        prefixes.add(new String[] {v.get("prefix").path("addr").asText(),
            v.get("prefix").path("len").asText()});
      }
    }
    return new Addresses(exact, prefixes);
  }

  static boolean inPrefix(String address, String net, int len) {
    long a = ipv4(address);
    long n = ipv4(net);
    if (a < 0 || n < 0) {
      return false;
    }
    long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
    return (a & mask) == (n & mask);
  }

  private static long ipv4(String s) {
    String[] p = s.split("\\.");
    if (p.length != 4) {
      return -1;
    }
    long v = 0;
    try {
      for (String x : p) {
        v = (v << 8) | Integer.parseInt(x);
      }
    } catch (NumberFormatException e) {
      return -1;
    }
    return v;
  }
}
