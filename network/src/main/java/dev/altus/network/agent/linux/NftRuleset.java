package dev.altus.network.agent.linux;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A state of the firewall's nftables tables held in memory: chains with their rules and named
 * sets/maps with their elements, keyed by {@code "<family> <name>"}. The firewall renders the
 * state it wants, and {@link NftDiff} turns the difference from the state it last applied into one
 * {@code nft -f} transaction.
 */
final class NftRuleset {
  /**
   * A chain.
   *
   * @param family {@code bridge} or {@code inet}
   * @param name its name
   * @param hook for a base chain {@code "type filter hook <hook> priority <p>; policy accept;"},
   *     null for a regular chain
   * @param rules its rules in order, as {@code nft add rule} takes them after the chain name
   */
  record Chain(String family, String name, String hook, List<String> rules) {
    Chain {
      rules = List.copyOf(rules);
    }

    String key() {
      return family + " " + name;
    }

    /**
     * Whether the order of its rules means nothing: a security group's chain, whose rules all
     * accept, so one rule can be added or deleted alone instead of rewriting the chain.
     */
    boolean unordered() {
      return name.startsWith("sg-");
    }
  }

  /**
   * A named set or map.
   *
   * @param family {@code bridge} or {@code inet}
   * @param kind {@code set} or {@code map}
   * @param name its name
   * @param declaration what goes between the braces of {@code add set}, e.g.
   *     {@code "type ipv4_addr; flags interval;"}
   * @param elements key to value ({@code ""} for a set's elements), in a stable order
   */
  record Named(String family, String kind, String name, String declaration,
      Map<String, String> elements) {
    Named {
      elements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(elements));
    }

    String key() {
      return family + " " + name;
    }

    boolean sameShape(Named o) {
      return kind.equals(o.kind) && declaration.equals(o.declaration);
    }
  }

  final Map<String, Chain> chains = new LinkedHashMap<>();
  final Map<String, Named> sets = new LinkedHashMap<>();

  void add(Chain c) {
    chains.put(c.key(), c);
  }

  void add(Named n) {
    sets.put(n.key(), n);
  }

  boolean isEmpty() {
    return chains.isEmpty() && sets.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NftRuleset r && chains.equals(r.chains) && sets.equals(r.sets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(chains, sets);
  }
}
