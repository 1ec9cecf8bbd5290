package dev.altus.network.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.network.store.QuotaStore;
import dev.altus.network.store.ResourceStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Neutron's quotas: defaults, per-project limits, usage, and 409 OverQuota on create. */
public final class Quotas {
  /** Quota resource name to resource kind in the store. */
  public static final Map<String, String> RESOURCES = orderedResources();
  private final Map<String, Integer> defaults;
  private final QuotaStore store;
  private final ResourceStore resources;

  private static Map<String, String> orderedResources() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("network", "network");
    m.put("subnet", "subnet");
    m.put("subnetpool", "subnetpool");
    m.put("port", "port");
    m.put("router", "router");
    m.put("floatingip", "floatingip");
    m.put("security_group", "security_group");
    m.put("security_group_rule", "security_group_rule");
    return m;
  }

  public Quotas(Map<String, Integer> defaults, QuotaStore store, ResourceStore resources) {
    this.defaults = defaults;
    this.store = store;
    this.resources = resources;
  }

  public Map<String, Integer> defaults() {
    return defaults;
  }

  public Map<String, Integer> limits(String projectId) {
    Map<String, Integer> m = new LinkedHashMap<>(defaults);
    m.putAll(store.limits(projectId));
    return m;
  }

  public int used(String projectId, String resource) {
    return resources.countByProject(RESOURCES.get(resource), projectId);
  }

  /** 409 OverQuota when creating {@code count} more would pass the project's limit. */
  public void check(String projectId, String resource, int count) {
    if (projectId == null) {
      return;
    }
    int limit = limits(projectId).getOrDefault(resource, -1);
    if (limit < 0) {
      return;
    }
    if (used(projectId, resource) + count > limit) {
      throw Errors.conflict("OverQuota", "Quota exceeded for resources: ['" + resource + "'].");
    }
  }

  public List<String> projectsWithLimits() {
    return store.projects();
  }

  public void set(String projectId, Map<String, Integer> limits) {
    for (var e : limits.entrySet()) {
      if (!RESOURCES.containsKey(e.getKey())) {
        throw Errors.badRequest("Unrecognized attribute(s) '" + e.getKey() + "'");
      }
      if (e.getValue() < -1) {
        throw Errors.invalidInput("'" + e.getValue() + "' should be larger or equal to -1");
      }
    }
    store.set(projectId, limits);
  }

  public void reset(String projectId) {
    store.reset(projectId);
  }

  public ObjectNode details(String projectId) {
    ObjectNode q = Json.object();
    limits(projectId).forEach((k, v) -> {
      ObjectNode d = q.putObject(k);
      d.put("limit", v);
      d.put("used", used(projectId, k));
      d.put("reserved", 0);
    });
    return q;
  }
}
