package dev.altus.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configuration a domain may override ({@code identity} and {@code ldap} groups, as Keystone
 * allows) and the cloud-wide default of each option. Sensitive options (the LDAP bind password)
 * may be set but are never shown and have no readable default.
 */
public final class DomainConfigOptions {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Map<String, Map<String, JsonNode>> DEFAULTS = new LinkedHashMap<>();
  private static final Map<String, Set<String>> SENSITIVE = Map.of("ldap", Set.of("password"));

  static {
    Map<String, JsonNode> identity = new LinkedHashMap<>();
    identity.put("driver", F.textNode("sql"));
    identity.put("list_limit", F.nullNode());
    DEFAULTS.put("identity", identity);

    Map<String, JsonNode> ldap = new LinkedHashMap<>();
    ldap.put("url", F.textNode("ldap://localhost"));
    ldap.put("user", F.nullNode());
    ldap.put("suffix", F.textNode("cn=example,cn=com"));
    ldap.put("query_scope", F.textNode("one"));
    ldap.put("page_size", F.numberNode(0));
    ldap.put("alias_dereferencing", F.textNode("default"));
    ldap.put("debug_level", F.nullNode());
    ldap.put("chase_referrals", F.nullNode());
    ldap.put("user_tree_dn", F.nullNode());
    ldap.put("user_filter", F.nullNode());
    ldap.put("user_objectclass", F.textNode("inetOrgPerson"));
    ldap.put("user_id_attribute", F.textNode("cn"));
    ldap.put("user_name_attribute", F.textNode("sn"));
    ldap.put("user_description_attribute", F.textNode("description"));
    ldap.put("user_mail_attribute", F.textNode("mail"));
    ldap.put("user_pass_attribute", F.textNode("userPassword"));
    ldap.put("user_enabled_attribute", F.textNode("enabled"));
    ldap.put("user_enabled_invert", F.booleanNode(false));
    ldap.put("user_enabled_mask", F.numberNode(0));
    ldap.put("user_enabled_default", F.textNode("True"));
    ldap.put("user_attribute_ignore", list("default_project_id"));
    ldap.put("user_default_project_id_attribute", F.nullNode());
    ldap.put("user_enabled_emulation", F.booleanNode(false));
    ldap.put("user_enabled_emulation_dn", F.nullNode());
    ldap.put("user_enabled_emulation_use_group_config", F.booleanNode(false));
    ldap.put("user_additional_attribute_mapping", list());
    ldap.put("group_tree_dn", F.nullNode());
    ldap.put("group_filter", F.nullNode());
    ldap.put("group_objectclass", F.textNode("groupOfNames"));
    ldap.put("group_id_attribute", F.textNode("cn"));
    ldap.put("group_name_attribute", F.textNode("ou"));
    ldap.put("group_member_attribute", F.textNode("member"));
    ldap.put("group_members_are_ids", F.booleanNode(false));
    ldap.put("group_desc_attribute", F.textNode("description"));
    ldap.put("group_attribute_ignore", list());
    ldap.put("group_additional_attribute_mapping", list());
    ldap.put("tls_cacertfile", F.nullNode());
    ldap.put("tls_cacertdir", F.nullNode());
    ldap.put("use_tls", F.booleanNode(false));
    ldap.put("tls_req_cert", F.textNode("demand"));
    ldap.put("use_pool", F.booleanNode(true));
    ldap.put("pool_size", F.numberNode(10));
    ldap.put("pool_retry_max", F.numberNode(3));
    ldap.put("pool_retry_delay", F.numberNode(0.1));
    ldap.put("pool_connection_timeout", F.numberNode(-1));
    ldap.put("pool_connection_lifetime", F.numberNode(600));
    ldap.put("use_auth_pool", F.booleanNode(true));
    ldap.put("auth_pool_size", F.numberNode(100));
    ldap.put("auth_pool_connection_lifetime", F.numberNode(60));
    DEFAULTS.put("ldap", ldap);
  }

  private DomainConfigOptions() {}

  private static ArrayNode list(String... items) {
    ArrayNode a = F.arrayNode();
    for (String i : items) {
      a.add(i);
    }
    return a;
  }

  /** The groups a domain may configure. */
  public static Set<String> groups() {
    return DEFAULTS.keySet();
  }

  public static boolean isGroup(String group) {
    return DEFAULTS.containsKey(group);
  }

  /** A readable (non-sensitive) option. */
  public static boolean isPublic(String group, String option) {
    return DEFAULTS.containsKey(group) && DEFAULTS.get(group).containsKey(option);
  }

  public static boolean isSensitive(String group, String option) {
    return SENSITIVE.getOrDefault(group, Set.of()).contains(option);
  }

  /** The defaults of a group's readable options, in a stable order. */
  public static Map<String, JsonNode> defaults(String group) {
    return DEFAULTS.getOrDefault(group, Map.of());
  }
}
