package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.network.agent.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the L3 and metadata agents know of the network service's state, kept from the change feed:
 * networks, subnets, ports, routers and floating IPs as the API last showed them. Safe to read from
 * any thread (the metadata agent reads it while the feed writes it).
 */
public final class L3State {
  private final Map<String, Map<String, ObjectNode>> byKind = new ConcurrentHashMap<>();

  /**
   * Records a change; returns the ids of the routers whose data plane it may affect (the router
   * itself, the router a port belongs to, the router a floating IP goes through, before and after).
   */
  public Set<String> apply(ResourceChange c) {
    Map<String, ObjectNode> m = byKind.computeIfAbsent(c.kind(), k -> new ConcurrentHashMap<>());
    ObjectNode before = m.get(c.id());
    if (c.action().equals("deleted")) {
      m.remove(c.id());
    } else {
      m.put(c.id(), c.resource());
    }
    Set<String> routers = new LinkedHashSet<>();
    for (ObjectNode r : new ObjectNode[] {before, c.action().equals("deleted") ? null : c.resource()}) {
      if (r != null) {
        routers.addAll(routersOf(c.kind(), r));
      }
    }
    return routers;
  }

  private Set<String> routersOf(String kind, ObjectNode r) {
    Set<String> out = new LinkedHashSet<>();
    switch (kind) {
      case "router" -> out.add(r.path("id").asText());
      case "port" -> {
        String owner = r.path("device_owner").asText();
        if (owner.equals(L3Names.IFACE) || owner.equals(L3Names.GATEWAY)) {
          out.add(r.path("device_id").asText());
        }
      }
      case "floatingip" -> {
        String router = text(r, "router_id");
        if (router != null) {
          out.add(router);
        }
      }
      case "subnet", "network" -> {
        // a gateway or MTU change: every router with a port on the network
        String net = kind.equals("network") ? r.path("id").asText() : r.path("network_id").asText();
        for (ObjectNode p : all("port")) {
          String owner = p.path("device_owner").asText();
          if (net.equals(p.path("network_id").asText())
              && (owner.equals(L3Names.IFACE) || owner.equals(L3Names.GATEWAY))) {
            out.add(p.path("device_id").asText());
          }
        }
      }
      default -> { }
    }
    return out;
  }

  Optional<ObjectNode> get(String kind, String id) {
    return Optional.ofNullable(byKind.getOrDefault(kind, Map.of()).get(id));
  }

  List<ObjectNode> all(String kind) {
    return new ArrayList<>(byKind.getOrDefault(kind, Map.of()).values());
  }

  /** The router's interface ports, or its gateway port, as recorded. */
  List<ObjectNode> routerPorts(String routerId, String owner) {
    return all("port").stream().filter(p -> owner.equals(p.path("device_owner").asText())
        && routerId.equals(p.path("device_id").asText())).toList();
  }

  /** Floating IPs associated through the router. */
  List<ObjectNode> floatingIps(String routerId) {
    return all("floatingip").stream().filter(f -> routerId.equals(text(f, "router_id"))
        && text(f, "fixed_ip_address") != null).toList();
  }

  /**
   * The port on one of {@code networkIds} that holds fixed address {@code ip}: who a request to
   * the metadata proxy comes from. Router and DHCP ports are not instances.
   */
  Optional<ObjectNode> instancePort(Set<String> networkIds, String ip) {
    for (ObjectNode p : all("port")) {
      if (!networkIds.contains(p.path("network_id").asText())
          || p.path("device_owner").asText().startsWith("network:")) {
        continue;
      }
      for (JsonNode f : p.path("fixed_ips")) {
        if (ip.equals(f.path("ip_address").asText())) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
