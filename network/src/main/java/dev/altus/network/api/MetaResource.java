package dev.altus.network.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.network.service.Errors;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET / (API versions) and /v2.0/extensions: exactly the extensions this service implements. */
public final class MetaResource {
  /** Alias to (name, description) of every extension implemented here. */
  public static final Map<String, String[]> EXTENSIONS = extensions();
  private final String baseUrl;

  public MetaResource(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  private static Map<String, String[]> extensions() {
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("binding", new String[] {"Port Binding", "Expose port bindings of a virtual port to external application"});
    m.put("external-net", new String[] {"Neutron external network", "Adds external network attribute to network resource."});
    m.put("provider", new String[] {"Provider Network", "Expose mapping of virtual networks to physical networks"});
    m.put("net-mtu", new String[] {"Network MTU", "Provides MTU attribute for a network resource."});
    m.put("security-group", new String[] {"security-group", "The security groups extension."});
    m.put("stateful-security-group", new String[] {"Stateful security group", "Indicates if the security group is stateful or not"});
    m.put("quotas", new String[] {"Quota management support", "Expose functions for quotas management per tenant"});
    m.put("quota_details", new String[] {"Quota details management support", "Expose functions for quotas usage statistics per project"});
    m.put("allowed-address-pairs", new String[] {"Allowed Address Pairs", "Provides allowed address pairs"});
    m.put("port-security", new String[] {"Port Security", "Provides port security"});
    m.put("standard-attr-description", new String[] {"standard-attr-description", "Extension to add descriptions to standard attributes"});
    m.put("standard-attr-revisions", new String[] {"Resource revision numbers", "This extension will display the revision number of neutron resources."});
    m.put("standard-attr-timestamp", new String[] {"Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."});
    m.put("availability_zone", new String[] {"Availability Zone", "The availability zone extension."});
    m.put("network_availability_zone", new String[] {"Network Availability Zone", "Availability zone support for network."});
    m.put("project-id", new String[] {"project_id field enabled", "Extension that indicates that project_id field is enabled."});
    m.put("sorting", new String[] {"Sorting support", "Enabling sorting feature."});
    m.put("pagination", new String[] {"Pagination support", "Enabling pagination feature."});
    m.put("router", new String[] {"Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."});
    m.put("ext-gw-mode", new String[] {"Neutron L3 Configurable external gateway mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway"});
    m.put("extraroute", new String[] {"Neutron Extra Route", "Extra routes configuration for L3 router"});
    m.put("agent", new String[] {"agent", "The agent management extension."});
    m.put("dhcp_agent_scheduler", new String[] {"DHCP Agent Scheduler", "Schedule networks among dhcp agents"});
    m.put("standard-attr-tag", new String[] {"Tag support for resources with standard attribute", "Enables to set tag on resources with standard attribute."});
    m.put("subnet_allocation", new String[] {"Subnet Allocation", "Enables allocation of subnets from a subnet pool"});
    m.put("default-subnetpools", new String[] {"Default Subnetpools", "Provides ability to mark and use a subnetpool as the default."});
    m.put("network-ip-availability", new String[] {"Network IP Availability", "Provides IP availability data for each network and subnet."});
    m.put("extra_dhcp_opt", new String[] {"Neutron Extra DHCP options", "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can be specified (e.g. tftp-server, server-ip-address, bootfile-name)"});
    m.put("ip-substring-filtering", new String[] {"IP address substring filtering", "Provides IP address substring filtering when listing ports"});
    m.put("metering", new String[] {"Neutron Metering", "Neutron Metering extension."});
    m.put("metering_source_and_destination_fields", new String[] {"Neutron Metering with source and destination filtering", "Provides source and destination filtering for metering label rules."});
    m.put("auto-allocated-topology", new String[] {"Auto Allocated Topology Services", "Auto Allocated Topology Services."});
    m.put("service-type", new String[] {"Neutron Service Type Management", "API for retrieving service providers for Neutron advanced services"});
    return m;
  }

  public void routes(Router r) {
    r.markPublic("GET", "/").get("/", req -> {
      ObjectNode body = Json.object();
      ObjectNode v = body.putArray("versions").addObject();
      v.put("id", "v2.0");
      v.put("status", "CURRENT");
      ObjectNode link = v.putArray("links").addObject();
      link.put("href", baseUrl + "/v2.0/");
      link.put("rel", "self");
      return ApiResponse.ok(body);
    });
    r.get("/v2.0", req -> {
      req.context();
      ObjectNode body = Json.object();
      ArrayNode res = body.putArray("resources");
      for (String[] c : new String[][] {{"network", "networks"}, {"subnet", "subnets"}, {"port", "ports"}, {"router", "routers"},
          {"floatingip", "floatingips"}, {"agent", "agents"}, {"subnetpool", "subnetpools"}}) {
        ObjectNode o = res.addObject();
        o.put("name", c[0]);
        o.put("collection", c[1]);
        ObjectNode l = o.putArray("links").addObject();
        l.put("href", baseUrl + "/v2.0/" + c[1]);
        l.put("rel", "self");
      }
      return ApiResponse.ok(body);
    });
    // the providers behind the services here: routers are served by the single-node
    // (centralized) L3 implementation and nothing else
    r.get("/v2.0/service-providers", req -> {
      req.context();
      ObjectNode p = Json.object();
      p.put("service_type", "L3_ROUTER_NAT");
      p.put("name", "single_node");
      p.put("default", false);
      return ApiResponse.ok(ListQuery.render(req, "service_providers", java.util.List.of(p), baseUrl));
    });
    r.get("/v2.0/extensions", req -> {
      req.context();
      ObjectNode body = Json.object();
      ArrayNode arr = body.putArray("extensions");
      EXTENSIONS.forEach((alias, d) -> arr.add(extension(alias, d)));
      return ApiResponse.ok(body);
    });
    r.get("/v2.0/extensions/{alias}", req -> {
      req.context();
      String[] d = EXTENSIONS.get(req.param("alias"));
      if (d == null) {
        throw Errors.notFound("HTTPNotFound", "Extension with alias " + req.param("alias") + " does not exist");
      }
      return ApiResponse.ok(Bodies.wrap("extension", extension(req.param("alias"), d)));
    });
  }

  private static ObjectNode extension(String alias, String[] d) {
    ObjectNode e = Json.object();
    e.put("alias", alias);
    e.put("name", d[0]);
    e.put("description", d[1]);
    e.put("updated", "2013-01-01T00:00:00-00:00");
    e.putArray("links");
    return e;
  }
}
