package dev.altus.network.agent.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code nft -f} script that takes the firewall's tables from one state to another in a
 * single transaction: only chains whose rules changed are flushed and refilled, only elements that
 * came or went are added or deleted, and the order keeps every reference valid (chains and sets
 * exist before anything points at them; map elements go before the chains they jump to).
 */
final class NftDiff {
  private static final List<String> FAMILIES = List.of("bridge", "inet");

  private NftDiff() {}

  /** The handles of an unordered chain's rules on the host, by their comment. */
  interface Handles {
    Map<String, Long> of(NftRuleset.Chain chain);

    Handles NONE = c -> Map.of();
  }

  /**
   * The script from {@code from} to {@code to} in the tables named {@code table}; empty when they
   * are the same.
   */
  static String between(String table, NftRuleset from, NftRuleset to) {
    return between(table, from, to, Handles.NONE);
  }

  /**
   * The script from {@code from} to {@code to}, deleting single rules of unordered chains by the
   * handles {@code handles} finds (a chain whose handles it cannot all find is rewritten).
   */
  static String between(String table, NftRuleset from, NftRuleset to, Handles handles) {
    StringBuilder s = new StringBuilder();
    for (String family : FAMILIES) {
      if (!has(from, family) && has(to, family)) {
        line(s, "add table " + family + " " + table);
      }
    }
    for (NftRuleset.Chain c : to.chains.values()) {
      if (!from.chains.containsKey(c.key())) {
        line(s, "add chain " + c.family() + " " + table + " " + c.name()
            + (c.hook() == null ? "" : " { " + c.hook() + " }"));
      }
    }
    for (NftRuleset.Named n : to.sets.values()) {
      NftRuleset.Named old = from.sets.get(n.key());
      if (old != null && !old.sameShape(n)) {
        // a name says what a set holds (rg-<group>-4 is always IPv4 prefixes), so this is a bug
        throw new IllegalStateException(n.key() + " changed its declaration");
      }
      if (old == null) {
        line(s, "add " + n.kind() + " " + n.family() + " " + table + " " + n.name()
            + " { " + n.declaration() + " }");
      }
    }
    for (NftRuleset.Named n : to.sets.values()) {
      NftRuleset.Named old = from.sets.get(n.key());
      if (old != null) {
        elements(s, table, "delete", n, changed(old, n), false);
      }
    }
    for (NftRuleset.Named n : to.sets.values()) {
      NftRuleset.Named old = from.sets.get(n.key());
      elements(s, table, "add", n,
          old == null ? List.copyOf(n.elements().keySet()) : changed(n, old), true);
    }
    for (NftRuleset.Chain c : to.chains.values()) {
      NftRuleset.Chain old = from.chains.get(c.key());
      if (old != null && old.rules().equals(c.rules())) {
        continue;
      }
      if (old != null && c.unordered() && ruleByRule(s, table, old, c, handles)) {
        continue;
      }
      if (old != null) {
        line(s, "flush chain " + c.family() + " " + table + " " + c.name());
      }
      for (String r : c.rules()) {
        line(s, "add rule " + c.family() + " " + table + " " + c.name() + " " + r);
      }
    }
    for (NftRuleset.Chain c : from.chains.values()) {
      if (!to.chains.containsKey(c.key()) && has(to, c.family())) {
        // its rules may name sets that go below; a chain is deleted empty
        line(s, "flush chain " + c.family() + " " + table + " " + c.name());
      }
    }
    for (NftRuleset.Chain c : from.chains.values()) {
      if (!to.chains.containsKey(c.key()) && has(to, c.family())) {
        line(s, "delete chain " + c.family() + " " + table + " " + c.name());
      }
    }
    for (NftRuleset.Named n : from.sets.values()) {
      if (!to.sets.containsKey(n.key()) && has(to, n.family())) {
        line(s, "delete " + n.kind() + " " + n.family() + " " + table + " " + n.name());
      }
    }
    for (String family : FAMILIES) {
      if (has(from, family) && !has(to, family)) {
        line(s, "delete table " + family + " " + table);
      }
    }
    return s.toString();
  }

  /**
   * The script that replaces whatever the host has in the firewall's tables {@code table} (from
   * an earlier run, or left half-written by a failure) with {@code to}, in one transaction.
   */
  static String replace(String table, NftRuleset to) {
    StringBuilder s = new StringBuilder();
    for (String family : FAMILIES) {
      // "add" first so that "delete" cannot fail on a host that has no such table yet
      line(s, "add table " + family + " " + table);
      line(s, "delete table " + family + " " + table);
    }
    s.append(between(table, new NftRuleset(), to));
    return s.toString();
  }

  /** Adds and deletes single rules of an unordered chain; false when a handle is missing. */
  private static boolean ruleByRule(StringBuilder s, String table, NftRuleset.Chain old,
      NftRuleset.Chain now, Handles handles) {
    java.util.Set<String> was = new java.util.HashSet<>(old.rules());
    java.util.Set<String> is = new java.util.HashSet<>(now.rules());
    List<String> gone = old.rules().stream().filter(r -> !is.contains(r)).toList();
    Map<String, Long> found = gone.isEmpty() ? Map.of() : handles.of(old);
    List<Long> delete = new ArrayList<>();
    for (String r : gone) {
      Long h = found.get(comment(r));
      if (h == null) {
        return false;
      }
      delete.add(h);
    }
    for (long h : delete) {
      line(s, "delete rule " + now.family() + " " + table + " " + now.name() + " handle " + h);
    }
    for (String r : now.rules()) {
      if (!was.contains(r)) {
        line(s, "add rule " + now.family() + " " + table + " " + now.name() + " " + r);
      }
    }
    return true;
  }

  /** The comment a rule ends with, or "" for none. */
  static String comment(String rule) {
    int i = rule.lastIndexOf(" comment \"");
    return i < 0 ? "" : rule.substring(i + 10, rule.length() - 1);
  }

  /** Keys of {@code a} that {@code b} lacks or maps to another value. */
  private static List<String> changed(NftRuleset.Named a, NftRuleset.Named b) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, String> e : a.elements().entrySet()) {
      if (!e.getValue().equals(b.elements().get(e.getKey()))) {
        keys.add(e.getKey());
      }
    }
    return keys;
  }

  private static void elements(StringBuilder s, String table, String verb, NftRuleset.Named n,
      List<String> keys, boolean withValues) {
    if (keys.isEmpty()) {
      return;
    }
    StringBuilder e = new StringBuilder();
    for (String k : keys) {
      if (!e.isEmpty()) {
        e.append(", ");
      }
      e.append(k);
      String v = n.elements().get(k);
      if (withValues && v != null && !v.isEmpty()) {
        e.append(" : ").append(v);
      }
    }
    line(s, verb + " element " + n.family() + " " + table + " " + n.name() + " { " + e + " }");
  }

  private static boolean has(NftRuleset r, String family) {
    return r.chains.values().stream().anyMatch(c -> c.family().equals(family))
        || r.sets.values().stream().anyMatch(n -> n.family().equals(family));
  }

  private static void line(StringBuilder s, String l) {
    s.append(l).append('\n');
  }
}
