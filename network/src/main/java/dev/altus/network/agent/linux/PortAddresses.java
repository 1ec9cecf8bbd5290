package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.network.ipam.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The (MAC, prefix) pairs a port may send from: its MAC with each fixed IP and with the IPv6
 * link-local address made from that MAC, and each allowed address pair (a prefix, with the port's
 * MAC when the pair names none).
 */
record PortAddresses(String mac, List<Pair> pairs) {
  record Pair(String mac, Cidr prefix) {}

  static PortAddresses of(ObjectNode port) {
    String mac = port.path("mac_address").asText().toLowerCase();
    List<Pair> pairs = new ArrayList<>();
    for (JsonNode ip : port.path("fixed_ips")) {
      add(pairs, mac, ip.path("ip_address").asText());
    }
    List<String> macs = new ArrayList<>(List.of(mac));
    for (JsonNode p : port.path("allowed_address_pairs")) {
      String m = p.path("mac_address").asText("");
      m = m.isEmpty() ? mac : m.toLowerCase();
      if (!macs.contains(m)) {
        macs.add(m);
      }
      add(pairs, m, p.path("ip_address").asText());
    }
    for (String m : macs) {
      add(pairs, m, linkLocal(m));
    }
    return new PortAddresses(mac, List.copyOf(pairs));
  }

  /** The MACs it may send from, its own first. */
  List<String> macs() {
    List<String> out = new ArrayList<>(List.of(mac));
    pairs.stream().map(Pair::mac).filter(m -> !out.contains(m)).forEach(out::add);
    return out;
  }

  /** {@code mac . prefix} elements of one IP version, without overlaps within one MAC. */
  List<String> sourceElements(int version) {
    Map<String, List<Cidr>> byMac = new LinkedHashMap<>();
    for (Pair p : pairs) {
      if (p.prefix().version() == version) {
        byMac.computeIfAbsent(p.mac(), k -> new ArrayList<>()).add(p.prefix());
      }
    }
    List<String> out = new ArrayList<>();
    byMac.forEach((m, cidrs) -> minimal(cidrs).forEach(c -> out.add(m + " . " + c)));
    return out;
  }

  /** The addresses of one IP version others see it by (no link-local), for remote group sets. */
  List<Cidr> addresses(int version) {
    return pairs.stream().map(Pair::prefix)
        .filter(c -> c.version() == version && !(version == 6 && isLinkLocal(c))).toList();
  }

  /**
   * The prefixes as nftables writes them (a bare address for a host prefix), dropping any that a
   * wider one covers: an interval set refuses overlapping elements, and two prefixes that overlap
   * always nest.
   */
  static List<String> minimal(Collection<Cidr> cidrs) {
    List<Cidr> sorted = cidrs.stream().distinct()
        .sorted(Comparator.comparingInt(Cidr::prefix)).toList();
    List<Cidr> kept = new ArrayList<>();
    for (Cidr c : sorted) {
      if (kept.stream().noneMatch(k -> k.overlaps(c))) {
        kept.add(c);
      }
    }
    return kept.stream().map(c -> c.prefix() == c.network().bits() ? c.network().toString()
        : c.toString()).toList();
  }

  private static void add(List<Pair> pairs, String mac, String address) {
    if (address == null || address.isBlank()) {
      return;
    }
    Pair p = new Pair(mac, Cidr.parse(address.trim(), false));
    if (!pairs.contains(p)) {
      pairs.add(p);
    }
  }

  private static boolean isLinkLocal(Cidr c) {
    return Cidr.parse("fe80::/10", false).contains(c.first());
  }

  /** The EUI-64 link-local address of {@code mac}, which IPv6 guests send neighbour discovery from. */
  static String linkLocal(String mac) {
    String[] b = mac.split(":");
    if (b.length != 6) {
      return null;
    }
    int[] o = new int[6];
    for (int i = 0; i < 6; i++) {
      o[i] = Integer.parseInt(b[i], 16);
    }
    return String.format("fe80::%x:%x:%x:%x", ((o[0] ^ 0x02) << 8) | o[1], (o[2] << 8) | 0xff,
        0xfe00 | o[3], (o[4] << 8) | o[5]);
  }
}
