package dev.altus.network.ipam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.network.store.AllocationStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out addresses from a subnet's allocation pools. The database's primary key on (subnet,
 * address) is what guarantees that no address is given twice: a claim that loses a race fails and
 * another free address is tried. Candidates are picked at random among the free ones (within a
 * window for very large pools), so concurrent requests rarely collide.
 */
public final class IpAllocator {
  private static final int WINDOW = 512;
  private final AllocationStore store;

  public IpAllocator(AllocationStore store) {
    this.store = store;
  }

  /** Claims a free address in the subnet's pools for the port, or empty if the pools are exhausted. */
  public Optional<String> allocate(JsonNode subnet, String portId) {
    String subnetId = subnet.get("id").asText();
    String networkId = subnet.get("network_id").asText();
    for (int attempt = 0; attempt < 1000; attempt++) {
      Set<String> taken = store.allocatedIps(subnetId);
      List<String> free = candidates(subnet, taken);
      if (free.isEmpty()) {
        return Optional.empty();
      }
      // A few tries from this snapshot before re-reading what is taken.
      for (int i = 0; i < 4 && !free.isEmpty(); i++) {
        String ip = free.remove(ThreadLocalRandom.current().nextInt(free.size()));
        if (store.claimIp(subnetId, ip, networkId, portId)) {
          return Optional.of(ip);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The lowest address of the pools no port holds, not claimed: where a subnet's DHCP port goes,
   * at the start of the pool as operators expect, out of the way of addresses users pick.
   */
  public Optional<String> lowestFree(JsonNode subnet) {
    return candidates(subnet, store.allocatedIps(subnet.get("id").asText())).stream().findFirst();
  }

  /** Claims a specific address; false if another port holds it. */
  public boolean claim(JsonNode subnet, String ip, String portId) {
    return store.claimIp(subnet.get("id").asText(), ip, subnet.get("network_id").asText(), portId);
  }

  private static List<String> candidates(JsonNode subnet, Set<String> taken) {
    List<String> out = new ArrayList<>();
    for (JsonNode pool : subnet.path("allocation_pools")) {
      Ip start = Ip.parse(pool.get("start").asText());
      Ip end = Ip.parse(pool.get("end").asText());
      BigInteger v = start.value();
      while (v.compareTo(end.value()) <= 0 && out.size() < WINDOW) {
        String s = new Ip(start.version(), v).toString();
        if (!taken.contains(s)) {
          out.add(s);
        }
        v = v.add(BigInteger.ONE);
      }
      if (out.size() >= WINDOW) {
        break;
      }
    }
    return out;
  }

  /** The EUI-64 address of a MAC in a /64 (SLAAC and DHCPv6-stateless subnets). */
  public static String eui64(Cidr cidr, String mac) {
    String[] p = mac.split(":");
    int[] b = new int[6];
    for (int i = 0; i < 6; i++) {
      b[i] = Integer.parseInt(p[i], 16);
    }
    long iid = ((long) (b[0] ^ 0x02) << 56) | ((long) b[1] << 48) | ((long) b[2] << 40)
        | (0xffL << 32) | (0xfeL << 24) | ((long) b[3] << 16) | ((long) b[4] << 8) | b[5];
    BigInteger v = cidr.first().value().or(new BigInteger(Long.toUnsignedString(iid)));
    return new Ip(6, v).toString();
  }
}
