package dev.altus.compute.api;

import java.util.Map;

/**
 * Nova's default rules for the admin side of compute: flavor management, extra specs and access;
 * availability zones; aggregates; quotas and limits; services; hypervisors; usage reports.
 */
public final class AdminPolicies {
  private AdminPolicies() {}

  public static Map<String, String> defaults() {
    return Map.ofEntries(
        Map.entry("os_compute_api:os-flavor-manage:create", "rule:admin_api"),
        Map.entry("os_compute_api:os-flavor-manage:update", "rule:admin_api"),
        Map.entry("os_compute_api:os-flavor-manage:delete", "rule:admin_api"),
        Map.entry("os_compute_api:os-flavor-extra-specs:index", "rule:project_reader_or_admin"),
        Map.entry("os_compute_api:os-flavor-extra-specs:show", "rule:project_reader_or_admin"),
        Map.entry("os_compute_api:os-flavor-extra-specs:create", "rule:admin_api"),
        Map.entry("os_compute_api:os-flavor-extra-specs:update", "rule:admin_api"),
        Map.entry("os_compute_api:os-flavor-extra-specs:delete", "rule:admin_api"),
        Map.entry("os_compute_api:os-flavor-access", "rule:admin_api"),
        Map.entry("os_compute_api:os-flavor-access:add_tenant_access", "rule:admin_api"),
        Map.entry("os_compute_api:os-flavor-access:remove_tenant_access", "rule:admin_api"),
        Map.entry("os_compute_api:os-availability-zone:list", "@"),
        Map.entry("os_compute_api:os-availability-zone:detail", "rule:admin_api"),
        Map.entry("os_compute_api:os-aggregates:index", "rule:admin_api"),
        Map.entry("os_compute_api:os-aggregates:create", "rule:admin_api"),
        Map.entry("os_compute_api:os-aggregates:show", "rule:admin_api"),
        Map.entry("os_compute_api:os-aggregates:update", "rule:admin_api"),
        Map.entry("os_compute_api:os-aggregates:delete", "rule:admin_api"),
        Map.entry("os_compute_api:os-aggregates:add_host", "rule:admin_api"),
        Map.entry("os_compute_api:os-aggregates:remove_host", "rule:admin_api"),
        Map.entry("os_compute_api:os-aggregates:set_metadata", "rule:admin_api"),
        Map.entry("os_compute_api:os-quota-sets:show", "rule:project_reader_or_admin"),
        Map.entry("os_compute_api:os-quota-sets:detail", "rule:project_reader_or_admin"),
        Map.entry("os_compute_api:os-quota-sets:defaults", "@"),
        Map.entry("os_compute_api:os-quota-sets:update", "rule:admin_api"),
        Map.entry("os_compute_api:os-quota-sets:delete", "rule:admin_api"),
        Map.entry("os_compute_api:os-quota-class-sets:show", "rule:admin_api"),
        Map.entry("os_compute_api:os-quota-class-sets:update", "rule:admin_api"),
        Map.entry("os_compute_api:limits", "@"),
        Map.entry("os_compute_api:limits:other_project", "rule:admin_api"),
        Map.entry("os_compute_api:os-services:list", "rule:admin_api"),
        Map.entry("os_compute_api:os-services:update", "rule:admin_api"),
        Map.entry("os_compute_api:os-services:delete", "rule:admin_api"),
        Map.entry("os_compute_api:os-hypervisors:list", "rule:admin_api"),
        Map.entry("os_compute_api:os-hypervisors:list-detail", "rule:admin_api"),
        Map.entry("os_compute_api:os-hypervisors:show", "rule:admin_api"),
        Map.entry("os_compute_api:os-hypervisors:statistics", "rule:admin_api"),
        Map.entry("os_compute_api:os-hypervisors:uptime", "rule:admin_api"),
        Map.entry("os_compute_api:os-hypervisors:search", "rule:admin_api"),
        Map.entry("os_compute_api:os-hypervisors:servers", "rule:admin_api"),
        Map.entry("os_compute_api:os-simple-tenant-usage:list", "rule:admin_api"),
        Map.entry("os_compute_api:os-instance-usage-audit-log:list", "rule:admin_api"),
        Map.entry("os_compute_api:os-instance-usage-audit-log:show", "rule:admin_api"),
        Map.entry("os_compute_api:os-hosts:list", "rule:admin_api"),
        Map.entry("os_compute_api:os-hosts:show", "rule:admin_api"),
        Map.entry("os_compute_api:os-hosts:update", "rule:admin_api"),
        Map.entry("os_compute_api:os-hosts:start", "rule:admin_api"),
        Map.entry("os_compute_api:os-hosts:shutdown", "rule:admin_api"),
        Map.entry("os_compute_api:os-hosts:reboot", "rule:admin_api"),
        Map.entry("os_compute_api:os-simple-tenant-usage:show", "rule:project_reader_or_admin"));
  }
}
