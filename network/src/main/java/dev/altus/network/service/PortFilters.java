package dev.altus.network.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.network.store.ResourceStore;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** A port list query answered through the network store's index of port attributes. */
final class PortFilters {
  private final ResourceStore store;
  private final BiPredicate<RequestContext, ObjectNode> visible;

  PortFilters(ResourceStore store, BiPredicate<RequestContext, ObjectNode> visible) {
    this.store = store;
    this.visible = visible;
  }

  /**
   * List filters answered from the index: query parameter to indexed attribute (not
   * binding:host_id, a filter that is ignored for callers who do not see the attribute).
   */
  private static final Map<String, String> INDEXED_FILTERS = Map.of("device_id", "device_id",
      "mac_address", "mac_address", "network_id", "network_id", "device_owner", "device_owner");

  /**
   * The ports that may match a list query, read through the index when the query filters on an
   * indexed attribute (device, MAC, network, owner, host, or {@code fixed_ips=ip_address=} /
   * {@code subnet_id=}); empty when it does not, and the caller reads the kind. Every port that
   * matches the query is among them (the full filter still runs on them); the caller's visibility
   * is applied.
   */
  public java.util.Optional<List<ObjectNode>> candidates(RequestContext ctx,
      Map<String, List<String>> query) {
    for (var e : INDEXED_FILTERS.entrySet()) {
      List<String> values = query.get(e.getKey());
      if (values != null && !values.isEmpty() && values.stream().noneMatch(String::isEmpty)) {
        return java.util.Optional.of(union(ctx, e.getValue(), values));
      }
    }
    List<String> fixed = query.get("fixed_ips");
    if (fixed != null && !fixed.isEmpty()) {
      for (String attr : List.of("ip_address", "subnet_id")) {
        List<String> values = fixed.stream().filter(f -> f.startsWith(attr + "="))
            .map(f -> f.substring(attr.length() + 1)).toList();
        if (values.size() == fixed.size() && values.stream().noneMatch(String::isEmpty)) {
          return java.util.Optional.of(union(ctx, attr, values));
        }
      }
    }
    return java.util.Optional.empty();
  }

  private List<ObjectNode> union(RequestContext ctx, String attr, List<String> values) {
    java.util.Map<String, ObjectNode> byId = new java.util.TreeMap<>();
    for (String v : values) {
      for (ObjectNode p : store.listByKey(PortService.KIND, attr, v)) {
        if (visible.test(ctx, p)) {
          byId.put(p.get("id").asText(), p);
        }
      }
    }
    return List.copyOf(byId.values());
  }
}
