package dev.altus.compute.api;

import java.util.Map;

/**
 * Nova's default policy rules, by the names Nova gives them ({@code os_compute_api:servers:create}
 * ...). Every resource class adds the rules of its own actions with {@link
 * dev.altus.common.policy.PolicyEngine#addDefaults}; these are the shared base rules.
 */
public final class ComputePolicies {
  private ComputePolicies() {}

  public static Map<String, String> base() {
    return Map.of(
        "context_is_admin", "role:admin",
        "admin_api", "role:admin",
        "project_member_api", "role:member and project_id:%(project_id)s",
        "project_reader_api", "role:reader and project_id:%(project_id)s",
        "project_member_or_admin", "rule:project_member_api or rule:context_is_admin",
        "project_reader_or_admin", "rule:project_reader_api or rule:context_is_admin",
        "admin_or_owner", "rule:context_is_admin or project_id:%(project_id)s");
  }
}
