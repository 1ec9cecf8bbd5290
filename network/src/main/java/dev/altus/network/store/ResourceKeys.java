package dev.altus.network.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which attributes of which kind of document are indexed, and how their values are read: the
 * attributes that request paths look resources up by (Neutron's list filters and the service's own
 * lookups), so that none of them reads every document of a kind.
 */
public final class ResourceKeys {
  /** A key's attribute names, per kind. */
  public static final Map<String, List<String>> INDEXED = Map.of(
      "port", List.of("device_id", "device_owner", "mac_address", "ip_address", "subnet_id",
          "security_group", "binding:host_id", "network_id"),
      "security_group_rule", List.of("security_group_id", "remote_group_id"),
      "floatingip", List.of("port_id", "router_id", "floating_network_id", "floating_ip_address"),
      "router", List.of("gateway_network_id"),
      "subnet", List.of("subnetpool_id", "network_id"),
      "network", List.of("router:external"),
      "agent", List.of("agent_type", "host"));

  /** Values longer than this are not indexed (no lookup uses them): the column's width. */
  static final int MAX_VALUE = 255;

  private ResourceKeys() {}

  public static boolean indexed(String kind) {
    return INDEXED.containsKey(kind);
  }

  /** The (attribute, value) pairs of a document; empty for a kind that is not indexed. */
  static Set<Map.Entry<String, String>> of(String kind, ObjectNode doc) {
    Set<Map.Entry<String, String>> keys = new LinkedHashSet<>();
    List<String> attrs = INDEXED.get(kind);
    if (attrs == null) {
      return keys;
    }
    for (String attr : attrs) {
      switch (attr) {
        case "ip_address", "subnet_id" -> {
          for (JsonNode ip : doc.path("fixed_ips")) {
            add(keys, attr, ip.path(attr));
          }
        }
        case "security_group" -> {
          for (JsonNode g : doc.path("security_groups")) {
            add(keys, attr, g);
          }
        }
        case "gateway_network_id" -> add(keys, attr, doc.path("external_gateway_info").path("network_id"));
        default -> add(keys, attr, doc.path(attr));
      }
    }
    return keys;
  }

  private static void add(Set<Map.Entry<String, String>> keys, String attr, JsonNode v) {
    if (v.isMissingNode() || v.isNull() || v.isContainerNode()) {
      return;
    }
    String s = v.asText();
    if (!s.isEmpty() && s.length() <= MAX_VALUE) {
      keys.add(Map.entry(attr, s));
    }
  }
}
