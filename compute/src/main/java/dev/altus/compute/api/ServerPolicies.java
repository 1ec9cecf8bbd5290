package dev.altus.compute.api;

import java.util.HashMap;
import java.util.Map;

/** Nova's default rules for servers and their sub-resources and actions. */
public final class ServerPolicies {
  static final String MEMBER = "rule:project_member_or_admin";
  static final String READER = "rule:project_reader_or_admin";
  static final String ADMIN = "rule:context_is_admin";

  private ServerPolicies() {}

  public static Map<String, String> defaults() {
    Map<String, String> m = new HashMap<>();
    String s = "os_compute_api:servers:";
    for (String r : new String[] {"index", "detail", "show", "show:flavor-extra-specs"}) {
      m.put(s + r, READER);
    }
    for (String a : new String[] {"index:get_all_tenants", "detail:get_all_tenants",
        "allow_all_filters", "show:host_status", "show:host_status:unknown-only",
        "create:forced_host", "create:requested_destination", "create:zero_disk_flavor"}) {
      m.put(s + a, ADMIN);
    }
    for (String w : new String[] {"create", "create:attach_network", "create:attach_volume",
        "create:trusted_certs", "update", "delete", "confirm_resize", "revert_resize", "reboot",
        "resize", "rebuild", "rebuild:trusted_certs", "create_image",
        "create_image:allow_volume_backed", "start", "stop", "trigger_crash_dump"}) {
      m.put(s + w, MEMBER);
    }
    m.put("os_compute_api:os-extended-server-attributes", ADMIN);
    m.put("os_compute_api:os-pause-server:pause", MEMBER);
    m.put("os_compute_api:os-pause-server:unpause", MEMBER);
    m.put("os_compute_api:os-suspend-server:suspend", MEMBER);
    m.put("os_compute_api:os-suspend-server:resume", MEMBER);
    m.put("os_compute_api:os-lock-server:lock", MEMBER);
    m.put("os_compute_api:os-lock-server:unlock", MEMBER);
    m.put("os_compute_api:os-lock-server:unlock:unlock_override", ADMIN);
    m.put("os_compute_api:os-rescue", MEMBER);
    m.put("os_compute_api:os-unrescue", MEMBER);
    m.put("os_compute_api:os-console-output", MEMBER);
    m.put("os_compute_api:os-remote-consoles", MEMBER);
    m.put("os_compute_api:os-instance-actions:list", READER);
    m.put("os_compute_api:os-instance-actions:show", READER);
    m.put("os_compute_api:os-instance-actions:events", READER);
    m.put("os_compute_api:os-instance-actions:events:details", ADMIN);
    m.put("os_compute_api:os-attach-interfaces:list", READER);
    m.put("os_compute_api:os-attach-interfaces:show", READER);
    m.put("os_compute_api:os-attach-interfaces:create", MEMBER);
    m.put("os_compute_api:os-attach-interfaces:delete", MEMBER);
    m.put("os_compute_api:os-security-groups:list", READER);
    m.put("os_compute_api:os-security-groups:add", MEMBER);
    m.put("os_compute_api:os-security-groups:remove", MEMBER);
    for (String r : new String[] {"index", "show"}) {
      m.put("os_compute_api:server-metadata:" + r, READER);
      m.put("os_compute_api:os-server-tags:" + r, READER);
      m.put("os_compute_api:ips:" + r, READER);
    }
    for (String w : new String[] {"create", "update", "update_all", "delete"}) {
      m.put("os_compute_api:server-metadata:" + w, MEMBER);
    }
    for (String w : new String[] {"update", "update_all", "delete", "delete_all"}) {
      m.put("os_compute_api:os-server-tags:" + w, MEMBER);
    }
    m.put("os_compute_api:os-admin-actions:reset_state", ADMIN);
    m.put("os_compute_api:os-admin-actions:inject_network_info", ADMIN);
    m.put("os_compute_api:os-deferred-delete:restore", MEMBER);
    m.put("os_compute_api:os-deferred-delete:force", MEMBER);
    m.put("os_compute_api:os-admin-password", MEMBER);
    m.put("os_compute_api:os-create-backup", MEMBER);
    m.put("os_compute_api:os-server-diagnostics", ADMIN);
    m.put("os_compute_api:os-migrations:index", ADMIN);
    m.put("os_compute_api:os-server-external-events:create", ADMIN);
    // the network proxies (up to 2.35)
    m.put("os_compute_api:os-security-groups:get", READER);
    m.put("os_compute_api:os-security-groups:show", READER);
    m.put("os_compute_api:os-security-groups:create", MEMBER);
    m.put("os_compute_api:os-security-groups:update", MEMBER);
    m.put("os_compute_api:os-security-groups:delete", MEMBER);
    m.put("os_compute_api:os-security-groups:rule:create", MEMBER);
    m.put("os_compute_api:os-security-groups:rule:delete", MEMBER);
    m.put("os_compute_api:os-floating-ips:list", READER);
    m.put("os_compute_api:os-floating-ips:show", READER);
    m.put("os_compute_api:os-floating-ips:create", MEMBER);
    m.put("os_compute_api:os-floating-ips:delete", MEMBER);
    m.put("os_compute_api:os-floating-ips:add", MEMBER);
    m.put("os_compute_api:os-floating-ips:remove", MEMBER);
    m.put("os_compute_api:os-floating-ip-pools:list", "");
    m.put("os_compute_api:os-server-password:show", MEMBER);
    m.put("os_compute_api:os-server-password:clear", MEMBER);
    m.put("os_compute_api:os-shelve:shelve", MEMBER);
    m.put("os_compute_api:os-shelve:unshelve", MEMBER);
    m.put("os_compute_api:os-shelve:shelve_offload", ADMIN);
    m.put("os_compute_api:os-shelve:unshelve_to_host", ADMIN);
    return m;
  }
}
