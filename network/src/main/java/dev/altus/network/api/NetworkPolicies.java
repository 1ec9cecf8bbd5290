package dev.altus.network.api;

import java.util.Map;

/** Neutron's default policy rules (admin, or the owning project). */
public final class NetworkPolicies {
  private NetworkPolicies() {}

  public static Map<String, String> defaults() {
    return Map.ofEntries(
        Map.entry("context_is_admin", "role:admin"),
        Map.entry("admin_only", "rule:context_is_admin"),
        Map.entry("get_network_ip_availability", "rule:admin_only"),
        Map.entry("create_metering_label", "rule:admin_only"),
        Map.entry("get_metering_label", "rule:admin_only"),
        Map.entry("delete_metering_label", "rule:admin_only"),
        Map.entry("create_metering_label_rule", "rule:admin_only"),
        Map.entry("get_metering_label_rule", "rule:admin_only"),
        Map.entry("delete_metering_label_rule", "rule:admin_only"),
        Map.entry("admin_or_owner", "rule:context_is_admin or project_id:%(project_id)s"),
        Map.entry("create_network", ""),
        Map.entry("update_network", "rule:admin_or_owner"),
        Map.entry("delete_network", "rule:admin_or_owner"));
  }
}
