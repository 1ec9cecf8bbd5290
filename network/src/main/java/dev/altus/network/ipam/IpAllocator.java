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
 * another free address is tried. In pools of up to {@value #SMALL_POOL} addresses, candidates are
 * picked at random among the first {@value #WINDOW} free ones from the start of the pools (as
 * Neutron's IPAM does), so concurrent requests rarely collide. In larger pools reading every
 * taken address would make each allocation cost as much as the subnet holds (100,000 ports: a
 * whole-subnet read per port): there, random addresses of the pools are claimed directly (the key
 * refuses a taken one), up to {@value #PROBES} of them; only a pool so full that none of those is
 * free falls back to reading what is taken.
 */
public final class IpAllocator {
  private static final int WINDOW = 512;
  static final int SMALL_POOL = 4096;
  private static final int PROBES = 16;
  private final AllocationStore store;
  private final int smallPool;

  public IpAllocator(AllocationStore store) {
    this(store, SMALL_POOL);
  }

  /** With another bound between small and large pools (tests fill a "large" pool quickly). */
  IpAllocator(AllocationStore store, int smallPool) {
    this.store = store;
    this.smallPool = smallPool;
  }

  /** Claims a free address in the subnet's pools for the port, or empty if the pools are exhausted. */
  public Optional<String> allocate(JsonNode subnet, String portId) {
    String subnetId = subnet.get("id").asText();
    String networkId = subnet.get("network_id").asText();
    if (poolSize(subnet).compareTo(BigInteger.valueOf(smallPool)) > 0) {
      // each claim is an insert on the (subnet, address) key: a taken address fails it alone
      for (String ip : randomAddresses(subnet, PROBES)) {
        if (store.claimIp(subnetId, ip, networkId, portId)) {
          return Optional.of(ip);
        }
      }
    }
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

  /** How many addresses the subnet's allocation pools hold. */
  static BigInteger poolSize(JsonNode subnet) {
    BigInteger n = BigInteger.ZERO;
    for (JsonNode pool : subnet.path("allocation_pools")) {
      n = n.add(Ip.parse(pool.get("end").asText()).value()
          .subtract(Ip.parse(pool.get("start").asText()).value()).add(BigInteger.ONE));
    }
    return n;
  }

  /** Up to {@code n} distinct addresses drawn uniformly from the pools. */
  private static Set<String> randomAddresses(JsonNode subnet, int n) {
    BigInteger size = poolSize(subnet);
    Set<String> out = new java.util.LinkedHashSet<>();
    var rnd = ThreadLocalRandom.current();
    for (int i = 0; i < n * 2 && out.size() < n; i++) {
      BigInteger k = new BigInteger(size.bitLength() + 8, rnd).mod(size);
      for (JsonNode pool : subnet.path("allocation_pools")) {
        Ip start = Ip.parse(pool.get("start").asText());
        BigInteger len = Ip.parse(pool.get("end").asText()).value().subtract(start.value())
            .add(BigInteger.ONE);
        if (k.compareTo(len) < 0) {
          out.add(new Ip(start.version(), start.value().add(k)).toString());
          break;
        }
        k = k.subtract(len);
      }
    }
    return out;
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
