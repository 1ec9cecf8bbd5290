package dev.altus.network.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Neutron's policy rules by Neutron's names, with defaults that follow its project-scoped
 * defaults: readers of a project see its resources, members change them, admins do everything,
 * and the owner of a network decides what others do on it (fixed IPs, MACs, address pairs).
 * Attribute rules ({@code create_port:binding:host_id}) guard the attributes Neutron guards.
 */
public final class NetworkPolicies {
  private NetworkPolicies() {}

  private static final String ADMIN = "rule:admin_only";
  private static final String MEMBER = "rule:admin_or_project_member";
  private static final String READER = "rule:admin_or_project_reader";
  private static final String NET_OWNER = "rule:admin_or_network_owner_member";

  /** Rule name to default rule, in the order a sample file lists them. */
  public static Map<String, String> defaults() {
    Map<String, String> m = new LinkedHashMap<>();
    all().forEach((k, v) -> m.put(k, v[0]));
    return m;
  }

  /** Rule name to what it guards. */
  public static Map<String, String> descriptions() {
    Map<String, String> m = new LinkedHashMap<>();
    all().forEach((k, v) -> m.put(k, v[1]));
    return m;
  }

  private static Map<String, String[]> all() {
    Map<String, String[]> m = new LinkedHashMap<>();
    Rules r = new Rules(m);
    r.add("context_is_admin", "role:admin", "Rule for cloud admin access");
    r.add("admin_only", "rule:context_is_admin", "Rule for admin access only");
    r.add("regular_user", "", "Rule for any authenticated user");
    r.add("admin_or_owner", "rule:context_is_admin or project_id:%(project_id)s",
        "Rule for admin or the owning project, any role");
    r.add("project_member", "role:member and project_id:%(project_id)s",
        "Rule for a member of the owning project");
    r.add("project_reader", "role:reader and project_id:%(project_id)s",
        "Rule for a reader of the owning project");
    r.add("admin_or_project_member", "rule:admin_only or rule:project_member",
        "Rule for admin or a member of the owning project");
    r.add("admin_or_project_reader", "rule:admin_only or rule:project_reader",
        "Rule for admin or a reader of the owning project");
    r.add("network_owner_member", "role:member and project_id:%(network:project_id)s",
        "Rule for a member of the project owning the resource's network");
    r.add("network_owner_reader", "role:reader and project_id:%(network:project_id)s",
        "Rule for a reader of the project owning the resource's network");
    r.add("admin_or_network_owner_member", "rule:admin_only or rule:network_owner_member",
        "Rule for admin or a member of the project owning the resource's network");
    r.add("shared", "field:networks:shared=True", "Rule for a shared network");
    r.add("external", "field:networks:router:external=True", "Rule for an external network");
    r.add("network_device", "field:port:device_owner=~^network:",
        "Rule for a port owned by the network service (DHCP, router, floating IP)");
    r.add("shared_subnetpools", "field:subnetpools:shared=True", "Rule for a shared subnet pool");

    r.add("create_network", MEMBER, "Create a network");
    for (String a : new String[] {"shared", "router:external", "provider:network_type",
        "provider:physical_network", "provider:segmentation_id"}) {
      r.add("create_network:" + a, ADMIN, "Create a network with the " + a + " attribute");
    }
    r.add("create_network:is_default", ADMIN, "Create a network that is the default external one");
    r.add("create_network:port_security_enabled", MEMBER,
        "Create a network with the port_security_enabled attribute");
    r.add("get_network", READER + " or rule:shared or rule:external", "Get a network");
    r.add("get_network:router:external", "rule:regular_user",
        "Get the router:external attribute of a network");
    for (String a : new String[] {"provider:network_type", "provider:physical_network",
        "provider:segmentation_id"}) {
      r.add("get_network:" + a, ADMIN, "Get the " + a + " attribute of a network");
    }
    r.add("update_network", MEMBER, "Update a network");
    for (String a : new String[] {"shared", "router:external", "provider:network_type",
        "provider:physical_network", "provider:segmentation_id"}) {
      r.add("update_network:" + a, ADMIN, "Update the " + a + " attribute of a network");
    }
    r.add("update_network:is_default", ADMIN,
        "Update whether an external network is the default one");
    r.add("update_network:port_security_enabled", MEMBER,
        "Update the port_security_enabled attribute of a network");
    r.add("delete_network", MEMBER, "Delete a network");

    r.add("create_subnet", NET_OWNER, "Create a subnet (on a network of one's project)");
    r.add("create_subnet:service_types", ADMIN, "Create a subnet with service types");
    r.add("get_subnet", READER + " or rule:shared or rule:network_owner_reader",
        "Get a subnet");
    r.add("update_subnet", NET_OWNER, "Update a subnet");
    r.add("update_subnet:service_types", ADMIN, "Update the service types of a subnet");
    r.add("delete_subnet", NET_OWNER, "Delete a subnet");

    r.add("create_subnetpool", MEMBER, "Create a subnet pool");
    r.add("create_subnetpool:shared", ADMIN, "Create a shared subnet pool");
    r.add("create_subnetpool:is_default", ADMIN, "Create a default subnet pool");
    r.add("get_subnetpool", READER + " or rule:shared_subnetpools", "Get a subnet pool");
    r.add("update_subnetpool", MEMBER, "Update a subnet pool");
    r.add("update_subnetpool:is_default", ADMIN, "Update the is_default attribute of a subnet pool");
    r.add("delete_subnetpool", MEMBER, "Delete a subnet pool");

    r.add("create_port", MEMBER, "Create a port");
    portAttributes(r, "create_port", "on create", NET_OWNER);
    r.add("get_port", READER + " or rule:network_owner_reader", "Get a port");
    for (String a : new String[] {"binding:vif_type", "binding:vif_details", "binding:host_id",
        "binding:profile"}) {
      r.add("get_port:" + a, ADMIN, "Get the " + a + " attribute of a port");
    }
    r.add("update_port", MEMBER + " or rule:network_owner_member", "Update a port");
    portAttributes(r, "update_port", "on update", ADMIN);
    r.add("delete_port", MEMBER + " or rule:network_owner_member", "Delete a port");

    r.add("create_router", MEMBER, "Create a router");
    routerAttributes(r, "create_router", "on create");
    r.add("get_router", READER, "Get a router");
    r.add("get_router:distributed", ADMIN, "Get the distributed attribute of a router");
    r.add("get_router:ha", ADMIN, "Get the ha attribute of a router");
    r.add("update_router", MEMBER, "Update a router");
    routerAttributes(r, "update_router", "on update");
    r.add("delete_router", MEMBER, "Delete a router");
    r.add("add_router_interface", MEMBER, "Add an interface to a router");
    r.add("remove_router_interface", MEMBER, "Remove an interface from a router");

    r.add("create_floatingip", MEMBER, "Create a floating IP");
    r.add("create_floatingip:floating_ip_address", ADMIN, "Create a floating IP with a chosen address");
    r.add("get_floatingip", READER, "Get a floating IP");
    r.add("update_floatingip", MEMBER, "Update a floating IP");
    r.add("delete_floatingip", MEMBER, "Delete a floating IP");

    r.add("create_security_group", MEMBER, "Create a security group");
    r.add("get_security_group", READER, "Get a security group");
    r.add("update_security_group", MEMBER, "Update a security group");
    r.add("delete_security_group", MEMBER, "Delete a security group");
    r.add("create_security_group_rule", MEMBER, "Create a security group rule");
    r.add("get_security_group_rule", READER, "Get a security group rule");
    r.add("delete_security_group_rule", MEMBER, "Delete a security group rule");

    for (String kind : new String[] {"network", "subnet", "port", "router", "security_group",
        "floatingip", "subnetpool"}) {
      r.add("update_" + kind + ":tags", MEMBER, "Set, add or remove the tags of a " + kind);
    }

    r.add("get_quota", READER, "Get the quotas of a project");
    r.add("update_quota", ADMIN, "Update the quotas of a project");
    r.add("delete_quota", ADMIN, "Reset the quotas of a project to the defaults");

    r.add("get_network_ip_availability", ADMIN, "Get the IP availability of networks");
    r.add("get_auto_allocated_topology", READER,
        "Get (and on first ask make) a project's auto-allocated topology");
    r.add("delete_auto_allocated_topology", MEMBER, "Delete a project's auto-allocated topology");
    for (String a : new String[] {"create_metering_label", "get_metering_label",
        "delete_metering_label", "create_metering_label_rule", "get_metering_label_rule",
        "delete_metering_label_rule"}) {
      r.add(a, ADMIN, a.replace('_', ' ').replaceFirst("^get", "Get").replaceFirst("^create",
          "Create").replaceFirst("^delete", "Delete"));
    }
    r.add("get_agent", ADMIN, "Get an agent");
    r.add("update_agent", ADMIN, "Update an agent");
    r.add("delete_agent", ADMIN, "Delete an agent");
    r.add("create_dhcp-network", ADMIN, "Add a network to a DHCP agent");
    r.add("get_dhcp-networks", ADMIN, "List the networks of a DHCP agent");
    r.add("delete_dhcp-network", ADMIN, "Remove a network from a DHCP agent");
    r.add("get_dhcp-agents", ADMIN, "List the DHCP agents hosting a network");
    r.add("create_l3-router", ADMIN, "Add a router to an L3 agent");
    r.add("get_l3-routers", ADMIN, "List the routers of an L3 agent");
    r.add("delete_l3-router", ADMIN, "Remove a router from an L3 agent");
    r.add("get_l3-agents", ADMIN, "List the L3 agents hosting a router");
    return m;
  }

  /**
   * The attribute rules create_port and update_port share; only the MAC address differs (the
   * network's owner may choose it on create, only an admin may change it).
   */
  private static void portAttributes(Rules r, String action, String when, String macRule) {
    r.add(action + ":device_owner", "not rule:network_device or " + NET_OWNER,
        "A port's device_owner of the network service (network:*), set " + when);
    r.add(action + ":mac_address", macRule, "A port's MAC address, set " + when);
    r.add(action + ":fixed_ips", NET_OWNER + " or rule:shared", "A port's fixed IPs, set " + when);
    r.add(action + ":fixed_ips:ip_address", NET_OWNER,
        "An IP address chosen in a port's fixed_ips, " + when);
    r.add(action + ":fixed_ips:subnet_id", NET_OWNER + " or rule:shared",
        "A subnet chosen in a port's fixed_ips, " + when);
    r.add(action + ":port_security_enabled", NET_OWNER,
        "A port's port_security_enabled, set " + when);
    r.add(action + ":binding:host_id", ADMIN, "The host a port is bound to, set " + when);
    r.add(action + ":binding:profile", ADMIN, "A port's binding profile, set " + when);
    r.add(action + ":binding:vnic_type", MEMBER, "A port's binding vnic_type, set " + when);
    r.add(action + ":allowed_address_pairs", NET_OWNER,
        "A port's allowed address pairs, set " + when);
  }

  /** The attribute rules create_router and update_router share. */
  private static void routerAttributes(Rules r, String action, String when) {
    r.add(action + ":external_gateway_info", MEMBER, "A router's gateway, set " + when);
    r.add(action + ":external_gateway_info:network_id", MEMBER,
        "The network of a router's gateway, set " + when);
    r.add(action + ":external_gateway_info:enable_snat", ADMIN,
        "Whether a router's gateway does SNAT, set " + when);
    r.add(action + ":external_gateway_info:external_fixed_ips", ADMIN,
        "The addresses of a router's gateway, set " + when);
    r.add(action + ":distributed", ADMIN, "Whether a router is distributed, set " + when);
    r.add(action + ":ha", ADMIN, "Whether a router is highly available, set " + when);
  }

  private record Rules(Map<String, String[]> m) {
    void add(String name, String rule, String description) {
      m.put(name, new String[] {rule, description});
    }
  }
}
