package dev.altus.network.ipam;

import java.math.BigInteger;

/** An IP network: its first address and prefix length. */
public record Cidr(Ip network, int prefix) {

  /**
   * Parses {@code 10.0.0.0/24} or {@code 2001:db8::/64}. With {@code strict}, host bits must be
   * zero (Neutron refuses {@code 10.0.0.1/24} as a subnet CIDR).
   */
  public static Cidr parse(String s, boolean strict) {
    if (s == null) {
      throw new IllegalArgumentException("a CIDR is required");
    }
    int slash = s.indexOf('/');
    Ip ip = Ip.parse(slash < 0 ? s : s.substring(0, slash));
    int prefix;
    if (slash < 0) {
      prefix = ip.bits();
    } else {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is not a valid CIDR");
      }
    }
    if (prefix < 0 || prefix > ip.bits()) {
      throw new IllegalArgumentException("'" + s + "' is not a valid CIDR");
    }
    BigInteger mask = mask(ip.bits(), prefix);
    BigInteger net = ip.value().and(mask);
    if (strict && !net.equals(ip.value())) {
      throw new IllegalArgumentException("'" + s + "' isn't a recognized IP subnet cidr, '"
          + new Ip(ip.version(), net) + "/" + prefix + "' is recommended");
    }
    return new Cidr(new Ip(ip.version(), net), prefix);
  }

  private static BigInteger mask(int bits, int prefix) {
    BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger host = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    return all.xor(host);
  }

  public int version() {
    return network.version();
  }

  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(network.bits() - prefix);
  }

  public Ip first() {
    return network;
  }

  public Ip last() {
    return new Ip(network.version(), network.value().add(size()).subtract(BigInteger.ONE));
  }

  public boolean contains(Ip ip) {
    return ip.version() == version() && ip.value().compareTo(network.value()) >= 0
        && ip.value().compareTo(last().value()) <= 0;
  }

  public boolean overlaps(Cidr o) {
    return o.version() == version() && (contains(o.first()) || o.contains(first()));
  }

  @Override
  public String toString() {
    return network + "/" + prefix;
  }
}
