package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import dev.altus.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Host firewall rules that would drop the cloud's own ports: read with {@code nft -j list
 * ruleset}, which also shows what iptables (nft backend) added. A drop or reject rule in a chain of
 * an input or output hook's table whose TCP destination port matches one of the cloud's ports
 * (and whose destination address, when it has one, is the cloud's) is a FAIL naming the rule; an
 * input chain whose policy drops, with no rule accepting the port, is a WARN.
 */
final class FirewallCheck implements DoctorCheck {
  private final Host host;
  private final String address;
  private final Map<Integer, String> ports;

  /**
   * @param address the address the cloud listens on
   * @param ports each port the cloud's services need, to what listens there ("compute API")
   */
  FirewallCheck(Host host, String address, Map<Integer, String> ports) {
    this.host = host;
    this.address = address;
    this.ports = new TreeMap<>(ports);
  }

  @Override
  public String name() {
    return "firewall";
  }

  @Override
  public List<Finding> run() {
    if (!host.available("nft")) {
      return List.of(Finding.warn(name(), "nft is not installed: the host's firewall rules"
          + " were not read", "apt-get install nftables"));
    }
    CommandResult r = host.run(Command.of("nft", "-j", "list", "ruleset"));
    if (!r.ok()) {
      return List.of(Finding.warn(name(), "nft -j list ruleset failed: " + r.stderr().strip(),
          "run altus doctor as root to read the host's firewall"));
    }
    return examine(Json.parse(r.stdout()));
  }

  List<Finding> examine(JsonNode ruleset) {
    List<Finding> out = new ArrayList<>();
    Set<String> hookedTables = new java.util.HashSet<>();
    Map<String, JsonNode> dropPolicyChains = new TreeMap<>();
    for (JsonNode item : ruleset.path("nftables")) {
      JsonNode c = item.path("chain");
      if (!c.isMissingNode() && Set.of("input", "output").contains(c.path("hook").asText())) {
        hookedTables.add(table(c));
        if (c.path("hook").asText().equals("input") && c.path("policy").asText().equals("drop")) {
          dropPolicyChains.put(table(c) + " " + c.path("name").asText(), c);
        }
      }
    }
    Map<Integer, Boolean> accepted = new TreeMap<>();
    for (JsonNode item : ruleset.path("nftables")) {
      JsonNode rule = item.path("rule");
      if (rule.isMissingNode() || !hookedTables.contains(table(rule))) {
        continue;
      }
      RuleMatch m = RuleMatch.of(rule.path("expr"));
      if (m.daddr() != null && !m.daddr().contains(address)) {
        continue;
      }
      for (var p : ports.entrySet()) {
        if (!m.matchesPort(p.getKey())) {
          continue;
        }
        if (m.verdict().equals("accept")) {
          accepted.put(p.getKey(), true);
        } else if (m.verdict().equals("drop") || m.verdict().equals("reject")) {
          String where = table(rule) + " chain " + rule.path("chain").asText() + " handle "
              + rule.path("handle").asText();
          out.add(Finding.fail(name(), "a rule in " + where + " " + m.verdict() + "s tcp port "
              + p.getKey() + " (" + p.getValue() + ") at " + address + ": " + m.text(),
              "nft delete rule " + table(rule) + " " + rule.path("chain").asText() + " handle "
                  + rule.path("handle").asText() + " (or accept tcp dport " + p.getKey()
                  + " before it)"));
        }
      }
    }
    for (String chain : dropPolicyChains.keySet()) {
      List<String> open = ports.keySet().stream().filter(p -> !accepted.containsKey(p))
          .map(String::valueOf).toList();
      if (!open.isEmpty()) {
        out.add(Finding.warn(name(), "the input chain " + chain + " drops by policy and no rule"
            + " seen accepts tcp ports " + String.join(", ", open) + " explicitly",
            "add: nft add rule " + chain + " tcp dport { " + String.join(", ", open)
                + " } accept"));
      }
    }
    if (out.isEmpty()) {
      out.add(Finding.ok(name(), "no nftables/iptables-nft rule drops the cloud's ports ("
          + String.join(", ", ports.keySet().stream().map(String::valueOf).toList()) + ") at "
          + address));
    }
    return out;
  }

  private static String table(JsonNode o) {
    return o.path("family").asText() + " " + o.path("table").asText(o.path("name").asText());
  }
}
