package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends the tracked connections of ports whose filtering a transaction narrowed (a rule removed, a
 * remote group member gone, a group taken off the port), as Neutron does: otherwise a connection a
 * removed rule admitted would go on as {@code established}. Their next packet is tracked afresh as
 * new and meets the rules as they are now. Only the port's own addresses in its network's zone
 * are cleared.
 */
final class ConnectionFlush {
  private ConnectionFlush() {}

  /** The local filtered ports that {@code after} lets through less than {@code before} did. */
  static Set<ObjectNode> narrowed(NftRuleset before, NftRuleset after, FirewallInputs inputs) {
    Set<String> groups = new HashSet<>();
    for (NftRuleset.Chain old : before.chains.values()) {
      if (old.name().startsWith("sg-") && lost(old, after)) {
        groups.add(old.name().substring(old.name().indexOf('-', 3) + 1));
      }
    }
    for (NftRuleset.Named old : before.sets.values()) {
      NftRuleset.Named now = after.sets.get(old.key());
      if (old.name().startsWith("rg-") && (now == null
          || !now.elements().keySet().containsAll(old.elements().keySet()))) {
        String ref = "@" + old.name();
        for (NftRuleset.Chain c : before.chains.values()) {
          if (c.name().startsWith("sg-") && c.rules().stream().anyMatch(r -> r.contains(ref))) {
            groups.add(c.name().substring(c.name().indexOf('-', 3) + 1));
          }
        }
      }
    }
    Set<ObjectNode> ports = new LinkedHashSet<>();
    for (ObjectNode p : inputs.localPorts()) {
      if (!FirewallPlan.filtered(p)) {
        continue;
      }
      String id = p.path("id").asText();
      boolean hit = lost(before.chains.get("inet " + PortChains.egressChain(id)), after)
          || lost(before.chains.get("inet " + PortChains.ingressChain(id)), after);
      for (JsonNode g : p.path("security_groups")) {
        hit |= groups.contains(g.asText());
      }
      if (hit) {
        ports.add(p);
      }
    }
    return ports;
  }

  /** Deletes the port's tracked connections, both ways, in its network's zone. */
  static void flush(Host host, NftRuleset after, ObjectNode port) {
    NftRuleset.Named zones = after.sets.get("inet zones");
    String zone = zones == null ? null
        : zones.elements().get("\"" + DeviceNames.bridge(port.path("network_id").asText()) + "\"");
    if (zone == null) {
      return;
    }
    for (JsonNode ip : port.path("fixed_ips")) {
      String a = ip.path("ip_address").asText();
      String family = a.contains(":") ? "ipv6" : "ipv4";
      for (String end : List.of("-s", "-d")) {
        // exit 1 when there was nothing to delete: not a failure
        host.run(Command.of("conntrack", "-D", "-f", family, "-w", zone, end, a));
      }
    }
  }

  private static boolean lost(NftRuleset.Chain old, NftRuleset after) {
    if (old == null) {
      return false;
    }
    NftRuleset.Chain now = after.chains.get(old.key());
    return now == null || !now.rules().containsAll(old.rules());
  }
}
