package dev.altus.identity.api;

import java.util.Map;

/**
 * The shared base rules of the identity policy. They follow Keystone's defaults with scope
 * enforcement off: an admin (in any scope) may do everything, readers may read within their scope,
 * and users may manage what is theirs.
 */
public final class IdentityPolicies {
  private IdentityPolicies() {}

  public static final Map<String, String> BASE = Map.of(
      "admin_required", "role:admin or is_admin:1",
      "service_role", "role:service",
      "service_or_admin", "rule:admin_required or rule:service_role",
      "owner", "user_id:%(user_id)s",
      "admin_or_owner", "rule:admin_required or rule:owner",
      "system_reader", "role:reader and system_scope:all",
      "token_subject", "user_id:%(target.token.user_id)s",
      "admin_or_token_subject", "rule:admin_required or rule:token_subject",
      "service_admin_or_token_subject", "rule:service_or_admin or rule:token_subject");
}
