package dev.altus.network.ipam;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A set of addresses held as disjoint CIDRs of one IP version: what a subnet pool's prefixes
 * cover, minus what its subnets already hold. Subnet pools hand out blocks from it.
 */
public final class PrefixSet {
  private final List<Cidr> blocks;

  private PrefixSet(List<Cidr> blocks) {
    this.blocks = blocks;
  }

  /** The smallest list of CIDRs covering exactly the given ones, in address order. */
  public static List<Cidr> compact(List<Cidr> cidrs) {
    List<Cidr> sorted = new ArrayList<>(cidrs);
    sorted.sort(Comparator.comparing(Cidr::first).thenComparingInt(Cidr::prefix));
    List<Cidr> out = new ArrayList<>();
    for (Cidr c : sorted) {
      if (!out.isEmpty() && out.get(out.size() - 1).contains(c.first())) {
        continue; // inside the previous block (sorted by start, wider first)
      }
      out.add(c);
      // join sibling halves into their parent as long as possible
      while (out.size() >= 2) {
        Cidr b = out.get(out.size() - 1);
        Cidr a = out.get(out.size() - 2);
        Cidr parent = parent(a);
        if (a.prefix() == b.prefix() && a.prefix() > 0 && parent.first().equals(a.first())
            && parent.last().equals(b.last())) {
          out.remove(out.size() - 1);
          out.set(out.size() - 1, parent);
        } else {
          break;
        }
      }
    }
    return out;
  }

  /** The free space: {@code prefixes} minus {@code taken}. */
  public static PrefixSet free(List<Cidr> prefixes, List<Cidr> taken) {
    List<Cidr> out = new ArrayList<>();
    for (Cidr p : compact(prefixes)) {
      subtract(p, taken, out);
    }
    return new PrefixSet(compact(out));
  }

  private static void subtract(Cidr block, List<Cidr> taken, List<Cidr> out) {
    boolean overlapped = false;
    for (Cidr t : taken) {
      if (t.overlaps(block)) {
        if (t.prefix() <= block.prefix()) {
          return; // wholly taken
        }
        overlapped = true;
      }
    }
    if (!overlapped) {
      out.add(block);
      return;
    }
    for (Cidr half : halves(block)) {
      subtract(half, taken, out);
    }
  }

  public List<Cidr> blocks() {
    return List.copyOf(blocks);
  }

  /**
   * The first block of {@code prefixlen} from the smallest free block that can hold it (so big
   * free blocks stay whole for big requests), or empty when none is large enough.
   */
  public Optional<Cidr> allocate(int prefixlen) {
    return blocks.stream()
        .filter(b -> b.prefix() <= prefixlen)
        .max(Comparator.comparingInt(Cidr::prefix).thenComparing(Cidr::first, Comparator.reverseOrder()))
        .map(b -> new Cidr(b.first(), prefixlen));
  }

  /** True if the CIDR lies wholly inside one free block. */
  public boolean fits(Cidr c) {
    return blocks.stream().anyMatch(b -> b.prefix() <= c.prefix() && b.contains(c.first()));
  }

  private static Cidr parent(Cidr c) {
    int bits = c.first().bits();
    int prefix = Math.max(0, c.prefix() - 1);
    BigInteger host = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).xor(host);
    return new Cidr(new Ip(c.version(), c.first().value().and(mask)), prefix);
  }

  private static List<Cidr> halves(Cidr c) {
    int prefix = c.prefix() + 1;
    BigInteger half = BigInteger.ONE.shiftLeft(c.first().bits() - prefix);
    return List.of(new Cidr(c.first(), prefix),
        new Cidr(new Ip(c.version(), c.first().value().add(half)), prefix));
  }

  /** How many addresses the set holds. */
  public BigInteger size() {
    return blocks.stream().map(Cidr::size).reduce(BigInteger.ZERO, BigInteger::add);
  }
}
