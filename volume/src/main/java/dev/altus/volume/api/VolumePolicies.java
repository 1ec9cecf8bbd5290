package dev.altus.volume.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The block storage service's default policy rules under Cinder's rule names, in oslo.policy's
 * language. Project members act on their project's volumes (the target carries the volume's
 * project), readers read them, admins do everything; admin-only actions (reset_status, volume
 * types, quota updates, services) use {@code admin_api}.
 */
public final class VolumePolicies {
  private VolumePolicies() {}

  public static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("context_is_admin", "role:admin");
    m.put("admin_api", "rule:context_is_admin");
    m.put("admin_or_owner", "rule:context_is_admin or project_id:%(project_id)s");
    m.put("project_member_api", "rule:context_is_admin or (role:member and project_id:%(project_id)s)");
    m.put("project_reader_api", "rule:context_is_admin or (role:reader and project_id:%(project_id)s)");
    for (String a : new String[] {"volume:get", "volume:get_all", "volume:get_volume_metadata",
        "volume:get_snapshot", "volume:get_all_snapshots", "volume:get_snapshot_metadata",
        "volume_extension:volume_tenant_attribute", "volume_extension:availability_zone_list",
        "volume_extension:quotas:show", "limits_extension:used_limits",
        "volume_extension:type_get", "volume_extension:type_get_all", "message:get",
        "message:get_all", "volume_extension:volume_image_metadata:show",
        // a project's readers see its transfers, as Cinder's defaults let them
        "volume:get_transfer", "volume:get_all_transfers"}) {
      m.put(a, "rule:project_reader_api");
    }
    for (String a : new String[] {"volume:create", "volume:update", "volume:delete", "message:delete",
        "snapshot_extension:snapshot_actions:update_snapshot_status",
        "volume:extend", "volume:extend_attached_volume", "volume:create_volume_metadata",
        "volume:update_volume_metadata", "volume:delete_volume_metadata",
        "volume:update_readonly_flag", "volume:create_snapshot", "volume:update_snapshot",
        "volume:delete_snapshot", "volume:update_snapshot_metadata",
        "volume:delete_snapshot_metadata",
        "volume_extension:volume_actions:reserve", "volume_extension:volume_actions:unreserve",
        "volume_extension:volume_actions:begin_detaching",
        "volume_extension:volume_actions:roll_detaching",
        "volume_extension:volume_actions:initialize_connection",
        "volume_extension:volume_actions:terminate_connection",
        "volume_extension:volume_actions:attach", "volume_extension:volume_actions:detach",
        "volume_extension:volume_actions:upload_image",
        "volume_extension:volume_image_metadata:set",
        "volume_extension:volume_image_metadata:remove", "volume:retype",
        "volume:revert_to_snapshot", "volume:attachment_create", "volume:attachment_update",
        "volume:attachment_delete", "volume:attachment_complete", "volume:create_transfer",
        "volume:delete_transfer",
        "volume:accept_transfer"}) {
      m.put(a, "rule:project_member_api");
    }
    for (String a : new String[] {"volume_extension:volume_admin_actions:reset_status",
        "volume_extension:volume_admin_actions:force_delete",
        "volume_extension:volume_admin_actions:force_detach",
        "volume_extension:snapshot_admin_actions:reset_status",
        "volume_extension:snapshot_admin_actions:force_delete",
        "volume_extension:volume_host_attribute", "volume_extension:volume_mig_status_attribute",
        "volume_extension:type_create", "volume_extension:type_update",
        "volume_extension:type_delete", "volume_extension:access_types_extra_specs",
        "volume_extension:types_extra_specs:index", "volume_extension:types_extra_specs:show",
        "volume_extension:types_extra_specs:create", "volume_extension:types_extra_specs:update",
        "volume_extension:types_extra_specs:delete", "volume_extension:volume_type_access",
        "volume_extension:volume_type_access:addProjectAccess",
        "volume_extension:volume_type_access:removeProjectAccess",
        "volume_extension:volume_type_access:get_all_for_type",
        "volume_extension:quotas:update", "volume_extension:quotas:delete",
        "volume_extension:services:index", "volume_extension:services:update", "volume:get_all_for_all_tenants",
        "scheduler_extension:scheduler_stats:get_pools", "volume_extension:capabilities",
        "volume_extension:quota_classes", "volume_extension:quota_classes:update",
        "volume_extension:volume_actions:upload_public",
        "volume_extension:qos_specs_manage:create", "volume_extension:qos_specs_manage:get",
        "volume_extension:qos_specs_manage:get_all",
        "volume_extension:qos_specs_manage:update",
        "volume_extension:qos_specs_manage:delete"}) {
      m.put(a, "rule:admin_api");
    }
    return m;
  }
}
