package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.ipam.Cidr;
import dev.altus.network.ipam.Ip;
import dev.altus.network.store.ResourceStore;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Routers (the l3, ext-gw-mode and extraroute extensions): the external gateway with its
 * {@code network:router_gateway} port, interfaces as {@code network:router_interface} ports (one
 * router per subnet) and static routes whose next hops must be on a connected subnet.
 */
public final class RouterService {
  private static final Set<String> CREATE = Set.of("name", "description", "admin_state_up",
      "external_gateway_info", "tenant_id", "project_id", "routes", "distributed", "ha",
      "availability_zone_hints");
  private static final Set<String> UPDATE = Set.of("name", "description", "admin_state_up",
      "external_gateway_info", "routes");
  static final String KIND = "router";
  static final String IFACE = "network:router_interface";
  static final String GATEWAY = "network:router_gateway";
  private static final int MAX_ROUTES = 30;
  private final ResourceStore store;
  private final Access access;
  private final Quotas quotas;
  private final ChangeFeed feed;
  private final Clock clock;
  private final Locks locks;
  private final NetworkService networks;
  private final SubnetService subnets;
  private final PortService ports;

  public RouterService(ResourceStore store, Access access, Quotas quotas, ChangeFeed feed,
      Clock clock, Locks locks, NetworkService networks, SubnetService subnets, PortService ports) {
    this.store = store;
    this.access = access;
    this.quotas = quotas;
    this.feed = feed;
    this.clock = clock;
    this.locks = locks;
    this.networks = networks;
    this.subnets = subnets;
    this.ports = ports;
  }

  public ObjectNode create(RequestContext ctx, JsonNode in) {
    Docs.allowOnly(in, KIND, CREATE);
    ObjectNode target = Access.createTarget(in, Docs.owner(ctx, in));
    access.enforce("create_router", ctx, target);
    access.enforceAttributes("create_router", ctx, in, target, null);
    if (Boolean.TRUE.equals(Docs.bool(in, "distributed", false))
        || Boolean.TRUE.equals(Docs.bool(in, "ha", false))) {
      throw Errors.badRequest("Distributed and HA routers are not supported");
    }
    String project = Docs.owner(ctx, in);
    quotas.check(project, "router", 1);
    String id = Docs.newId();
    ObjectNode d = Docs.create(clock, id, project, in);
    d.put("admin_state_up", Docs.bool(in, "admin_state_up", true));
    d.put("status", "ACTIVE");
    d.putNull("external_gateway_info");
    d.put("distributed", false);
    d.put("ha", false);
    d.putNull("flavor_id");
    var az = d.putArray("availability_zone_hints");
    List<String> hints = Docs.strings(in, "availability_zone_hints");
    if (hints != null) {
      for (String h : hints) {
        if (!h.equals("nova")) {
          throw Errors.notFound("AvailabilityZoneNotFound", "AvailabilityZone " + h + " could not be found.");
        }
        az.add(h);
      }
    }
    d.putArray("availability_zones").add("nova");
    d.set("routes", Json.array());
    if (in.has("routes") && !Docs.list(in, "routes").isEmpty()) {
      throw Errors.badRequest("Invalid format for routes: " + in.get("routes")
          + ", the nexthop is not connected with router");
    }
    JsonNode gw = in.get("external_gateway_info");
    ObjectNode gwPort = null;
    if (gw != null && !gw.isNull() && !(gw.isObject() && gw.isEmpty())) {
      gwPort = setGateway(ctx, d, gw);
    }
    try {
      store.insert(KIND, d);
    } catch (RuntimeException e) {
      if (gwPort != null) {
        ports.deleteInternal(gwPort);
      }
      throw e;
    }
    feed.publish(KIND, "created", d);
    return d;
  }

  /** Validates the gateway request, creates the gateway port and fills external_gateway_info. */
  private ObjectNode setGateway(RequestContext ctx, ObjectNode router, JsonNode gw) {
    if (!gw.isObject()) {
      throw Errors.invalidInput("'" + gw + "' is not a dictionary for external_gateway_info");
    }
    gw.fieldNames().forEachRemaining(f -> {
      if (!Set.of("network_id", "enable_snat", "external_fixed_ips").contains(f)) {
        throw Errors.invalidInput("Unrecognized key '" + f + "' in external_gateway_info");
      }
    });
    String netId = Docs.nullableStr(gw, "network_id");
    if (netId == null) {
      throw Errors.invalidInput("network_id is required in external_gateway_info");
    }
    ObjectNode net = networks.find(netId).filter(n -> access.canSeeNetwork(ctx, n))
        .orElseThrow(() -> NetworkService.notFound(netId));
    if (!net.path("router:external").asBoolean()) {
      throw Errors.badRequest("Bad router request: Network " + netId
          + " is not an external network");
    }
    boolean snat = Docs.bool(gw, "enable_snat", true);
    ObjectNode portIn = Json.object();
    portIn.put("device_owner", GATEWAY);
    portIn.put("device_id", router.get("id").asText());
    ArrayNode fixed = Docs.list(gw, "external_fixed_ips");
    if (fixed != null && !fixed.isEmpty()) {
      portIn.set("fixed_ips", fixed.deepCopy());
    }
    ObjectNode port = ports.createInternal(net, null, portIn, ctx);
    ObjectNode info = Json.object();
    info.put("network_id", netId);
    info.put("enable_snat", snat);
    info.set("external_fixed_ips", port.get("fixed_ips").deepCopy());
    router.set("external_gateway_info", info);
    return port;
  }

  private Optional<ObjectNode> gatewayPort(String routerId) {
    return store.listByKey("port", "device_id", routerId).stream()
        .filter(p -> p.path("device_owner").asText().equals(GATEWAY)).findFirst();
  }

  /** The router's interface ports. */
  public List<ObjectNode> interfaces(String routerId) {
    return store.listByKey("port", "device_id", routerId).stream()
        .filter(p -> p.path("device_owner").asText().equals(IFACE)).toList();
  }

  public ObjectNode get(RequestContext ctx, String id) {
    ObjectNode d = store.get(KIND, id).orElse(null);
    if (d == null || !access.allowed("get_router", ctx, d)) {
      throw notFound(id);
    }
    return d;
  }

  static ApiException notFound(String id) {
    return Errors.notFound("RouterNotFound", "Router " + id + " could not be found");
  }

  public Optional<ObjectNode> find(String id) {
    return store.get(KIND, id);
  }

  public List<ObjectNode> all() {
    return store.list(KIND);
  }

  public List<ObjectNode> list(RequestContext ctx) {
    return store.list(KIND).stream()
        .filter(r -> access.allowed("get_router", ctx, r)).toList();
  }

  /** The router as the caller sees it: distributed and ha for admins only. */
  public ObjectNode view(RequestContext ctx, ObjectNode d) {
    return access.view("get_router", ctx, d.deepCopy(), Set.of("distributed", "ha"), null);
  }

  public ObjectNode update(RequestContext ctx, String id, JsonNode in) {
    Docs.allowOnly(in, KIND, UPDATE);
    return locks.with(id, () -> {
      ObjectNode d = get(ctx, id);
      access.enforceOn("get_router", "update_router", ctx, d, null, () -> notFound(id));
      access.enforceAttributes("update_router", ctx, in, d, null);
      for (String f : List.of("name", "description")) {
        if (in.has(f)) {
          d.put(f, Docs.str(in, f, ""));
        }
      }
      if (in.has("admin_state_up")) {
        d.put("admin_state_up", Docs.bool(in, "admin_state_up", null));
      }
      if (in.has("external_gateway_info")) {
        updateGateway(ctx, d, in.get("external_gateway_info"));
      }
      if (in.has("routes")) {
        d.set("routes", routes(d, Docs.list(in, "routes")));
      }
      Docs.touch(d, clock);
      store.update(KIND, d);
      feed.publish(KIND, "updated", d);
      return d;
    });
  }

  private void updateGateway(RequestContext ctx, ObjectNode d, JsonNode gw) {
    String id = d.get("id").asText();
    boolean clear = gw == null || gw.isNull() || gw.isObject() && gw.isEmpty();
    JsonNode current = d.get("external_gateway_info");
    if (!clear && current != null && !current.isNull()
        && current.get("network_id").asText().equals(Docs.nullableStr(gw, "network_id"))
        && !gw.has("external_fixed_ips")) {
      if (gw.has("enable_snat")) {
        ((ObjectNode) current).put("enable_snat", Docs.bool(gw, "enable_snat", true));
      }
      return;
    }
    if (current != null && !current.isNull()) {
      String extNet = current.get("network_id").asText();
      for (ObjectNode fip : store.listByKey("floatingip", "router_id", id)) {
        if (extNet.equals(Docs.text(fip, "floating_network_id"))) {
          throw Errors.conflict("RouterExternalGatewayInUseByFloatingIp", "Gateway cannot be"
              + " updated for router " + id + ", since a gateway to external network " + extNet
              + " is required by one or more floating IPs.");
        }
      }
    }
    ObjectNode oldPort = gatewayPort(id).orElse(null);
    if (clear) {
      d.putNull("external_gateway_info");
    } else {
      setGateway(ctx, d, gw);
    }
    if (oldPort != null) {
      ports.deleteInternal(oldPort);
    }
    if (!d.get("routes").isEmpty()) {
      d.set("routes", routes(d, (ArrayNode) d.get("routes")));
    }
  }

  /** Validates static routes: CIDR destinations, next hops on a subnet the router is on. */
  private ArrayNode routes(ObjectNode router, ArrayNode in) {
    return routes(router, in, null);
  }

  private ArrayNode routes(ObjectNode router, ArrayNode in, String withoutPort) {
    ArrayNode out = Json.array();
    if (in == null) {
      return out;
    }
    if (in.size() > MAX_ROUTES) {
      throw Errors.badRequest("Number of routes exceeds the maximum " + MAX_ROUTES);
    }
    List<Cidr> connected = new java.util.ArrayList<>();
    for (String sid : connectedSubnets(router, withoutPort)) {
      subnets.find(sid).ifPresent(s -> connected.add(Cidr.parse(s.get("cidr").asText(), false)));
    }
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode r : in) {
      if (!r.isObject() || !r.has("destination") || !r.has("nexthop") || r.size() != 2) {
        throw Errors.invalidInput("Invalid data format for hostroute: '" + r + "'");
      }
      Cidr dest;
      Ip hop;
      try {
        dest = Cidr.parse(r.get("destination").asText(), false);
        hop = Ip.parse(r.get("nexthop").asText());
      } catch (IllegalArgumentException e) {
        throw Errors.invalidInput("Invalid data format for hostroute: '" + r + "'");
      }
      if (dest.version() != hop.version()) {
        throw Errors.badRequest("Invalid format for routes: " + r + ", the nexthop IP version"
            + " does not match the destination");
      }
      if (connected.stream().noneMatch(c -> c.contains(hop))) {
        throw new ApiException(400, "InvalidRoutes", "Invalid format for routes: " + r
            + ", the nexthop is not connected with router");
      }
      for (ObjectNode p : interfaces(router.get("id").asText())) {
        for (JsonNode f : p.get("fixed_ips")) {
          if (f.get("ip_address").asText().equals(hop.toString())) {
            throw new ApiException(400, "InvalidRoutes", "Invalid format for routes: " + r
                + ", the nexthop is used by router");
          }
        }
      }
      if (seen.add(dest + "|" + hop)) {
        ObjectNode o = out.addObject();
        o.put("destination", dest.toString());
        o.put("nexthop", hop.toString());
      }
    }
    return out;
  }

  private Set<String> connectedSubnets(ObjectNode router, String withoutPort) {
    Set<String> out = new LinkedHashSet<>();
    for (ObjectNode p : interfaces(router.get("id").asText())) {
      if (p.get("id").asText().equals(withoutPort)) {
        continue;
      }
      p.get("fixed_ips").forEach(f -> out.add(f.get("subnet_id").asText()));
    }
    JsonNode gw = router.get("external_gateway_info");
    if (gw != null && !gw.isNull()) {
      gw.path("external_fixed_ips").forEach(f -> out.add(f.get("subnet_id").asText()));
    }
    return out;
  }

  public void delete(RequestContext ctx, String id) {
    locks.with(id, () -> {
      ObjectNode d = get(ctx, id);
      access.enforceOn("get_router", "delete_router", ctx, d, null, () -> notFound(id));
      if (!interfaces(id).isEmpty()) {
        throw Errors.conflict("RouterInUse", "Router " + id + " still has ports");
      }
      if (store.existsByKey("floatingip", "router_id", id)) {
        throw Errors.conflict("RouterInUse", "Router " + id + " still has floating IPs");
      }
      gatewayPort(id).ifPresent(ports::deleteInternal);
      store.delete(KIND, id);
      feed.publish(KIND, "deleted", d);
      return null;
    });
  }

  /** PUT add_router_interface: by subnet (the port takes the gateway IP) or by an unused port. */
  public ObjectNode addInterface(RequestContext ctx, String id, JsonNode in) {
    return locks.with(id, () -> {
      ObjectNode router = get(ctx, id);
      access.enforceOn("get_router", "add_router_interface", ctx, router, null, () -> notFound(id));
      String subnetId = interfaceArgs(in);
      String portId = Docs.nullableStr(in, "port_id");
      ObjectNode port;
      if (portId != null) {
        port = ports.get(ctx, portId);
        ObjectNode asked = port;
        if (!access.allowed("update_port", ctx, asked, () -> networks.find(
            asked.path("network_id").asText()).orElse(null))) {
          throw PortService.notFound(portId);
        }
        if (!port.path("device_owner").asText().isEmpty() || !port.path("device_id").asText().isEmpty()) {
          throw Errors.conflict("PortInUse", "Unable to complete operation on port " + portId
              + " for network " + port.get("network_id").asText() + ". Port already has an"
              + " attached device " + port.path("device_id").asText() + ".");
        }
        if (port.get("fixed_ips").isEmpty()) {
          throw Errors.badRequest("Bad router request: Router port must have at least one fixed IP.");
        }
        for (JsonNode f : port.get("fixed_ips")) {
          checkSubnetFree(router, subnets.find(f.get("subnet_id").asText()).orElseThrow());
        }
        ObjectNode fresh = ports.find(portId).orElseThrow();
        fresh.put("device_owner", IFACE);
        fresh.put("device_id", id);
        fresh.set("security_groups", Json.array());
        ports.save(fresh);
        port = fresh;
      } else {
        ObjectNode subnet = subnets.get(ctx, subnetId);
        if (!access.allowed("update_subnet", ctx, subnet, () -> networks.find(
            subnet.get("network_id").asText()).orElse(null))
            && !networks.find(subnet.get("network_id").asText()).orElseThrow().path("shared").asBoolean()) {
          throw SubnetService.notFound(subnetId);
        }
        if (subnet.get("gateway_ip").isNull()) {
          throw Errors.badRequest("Bad router request: Subnet " + subnetId
              + " does not have a gateway IP.");
        }
        checkSubnetFree(router, subnet);
        ObjectNode net = networks.find(subnet.get("network_id").asText()).orElseThrow();
        ObjectNode portIn = Json.object();
        portIn.put("device_owner", IFACE);
        portIn.put("device_id", id);
        ObjectNode fip = portIn.putArray("fixed_ips").addObject();
        fip.put("subnet_id", subnetId);
        fip.put("ip_address", subnet.get("gateway_ip").asText());
        port = ports.createInternal(net, Docs.text(router, "project_id"), portIn, ctx);
      }
      Docs.touch(router, clock);
      store.update(KIND, router);
      feed.publish(KIND, "updated", router);
      return interfaceInfo(router, port, subnetId);
    });
  }

  private static String interfaceArgs(JsonNode in) {
    if (!in.isObject()) {
      throw Errors.badRequest("Bad router request: Either subnet_id or port_id must be specified");
    }
    String subnetId = Docs.nullableStr(in, "subnet_id");
    String portId = Docs.nullableStr(in, "port_id");
    if (subnetId == null && portId == null) {
      throw Errors.badRequest("Bad router request: Either subnet_id or port_id must be specified");
    }
    if (subnetId != null && portId != null) {
      throw Errors.badRequest("Bad router request: Cannot specify both subnet-id and port-id");
    }
    return subnetId;
  }

  /** A subnet may be on a router once, and must not overlap another subnet on it. */
  private void checkSubnetFree(ObjectNode router, ObjectNode subnet) {
    String sid = subnet.get("id").asText();
    Cidr cidr = Cidr.parse(subnet.get("cidr").asText(), false);
    for (ObjectNode p : interfaces(router.get("id").asText())) {
      for (JsonNode f : p.get("fixed_ips")) {
        String other = f.get("subnet_id").asText();
        if (other.equals(sid)) {
          throw Errors.badRequest("Bad router request: Router already has a port on subnet " + sid + ".");
        }
        ObjectNode o = subnets.find(other).orElse(null);
        if (o != null && Cidr.parse(o.get("cidr").asText(), false).overlaps(cidr)) {
          throw Errors.badRequest("Bad router request: Cidr " + cidr + " of subnet " + sid
              + " overlaps with cidr " + o.get("cidr").asText() + " of subnet " + other + ".");
        }
      }
    }
    for (ObjectNode p : store.listByKey("port", "subnet_id", sid)) {
      if (p.path("device_owner").asText().equals(IFACE)
          && !p.path("device_id").asText().equals(router.get("id").asText())
          && p.get("fixed_ips").findValuesAsText("subnet_id").contains(sid)
          && subnet.path("ip_version").asInt() == 4) {
        throw Errors.conflict("SubnetInUse", "Unable to complete operation on subnet " + sid
            + ": Subnet is already attached to router " + p.path("device_id").asText() + ".");
      }
    }
  }

  private static ObjectNode interfaceInfo(ObjectNode router, ObjectNode port, String subnetId) {
    ObjectNode o = Json.object();
    o.put("id", router.get("id").asText());
    o.put("tenant_id", Docs.text(router, "project_id"));
    o.put("project_id", Docs.text(router, "project_id"));
    o.put("port_id", port.get("id").asText());
    o.put("network_id", port.get("network_id").asText());
    ArrayNode ids = o.putArray("subnet_ids");
    port.get("fixed_ips").forEach(f -> ids.add(f.get("subnet_id").asText()));
    o.put("subnet_id", subnetId != null ? subnetId : ids.isEmpty() ? null : ids.get(0).asText());
    o.putArray("tags");
    return o;
  }

  /** PUT remove_router_interface: by subnet or by port; refused while a floating IP needs it. */
  public ObjectNode removeInterface(RequestContext ctx, String id, JsonNode in) {
    return locks.with(id, () -> {
      ObjectNode router = get(ctx, id);
      access.enforceOn("get_router", "remove_router_interface", ctx, router, null, () -> notFound(id));
      if (!in.isObject()) {
        throw Errors.badRequest("Bad router request: Either subnet_id or port_id must be specified");
      }
      String subnetId = Docs.nullableStr(in, "subnet_id");
      String portId = Docs.nullableStr(in, "port_id");
      if (subnetId == null && portId == null) {
        throw Errors.badRequest("Bad router request: Either subnet_id or port_id must be specified");
      }
      ObjectNode port;
      if (portId != null) {
        port = interfaces(id).stream().filter(p -> p.get("id").asText().equals(portId)).findFirst()
            .orElseThrow(() -> Errors.notFound("RouterInterfaceNotFound", "Router " + id
                + " does not have an interface with id " + portId));
        if (subnetId != null && !port.get("fixed_ips").findValuesAsText("subnet_id").contains(subnetId)) {
          throw Errors.badRequest("Subnet " + subnetId + " could not be found on port " + portId);
        }
      } else {
        subnets.get(ctx, subnetId);
        port = interfaces(id).stream()
            .filter(p -> p.get("fixed_ips").findValuesAsText("subnet_id").contains(subnetId))
            .findFirst().orElseThrow(() -> Errors.notFound("RouterInterfaceNotFoundForSubnet",
                "Router " + id + " has no interface on subnet " + subnetId));
      }
      List<String> subs = port.get("fixed_ips").findValuesAsText("subnet_id");
      for (ObjectNode fip : store.listByKey("floatingip", "router_id", id)) {
        ObjectNode target = ports.find(Docs.text(fip, "port_id")).orElse(null);
        if (target != null && target.get("fixed_ips").findValuesAsText("subnet_id").stream()
            .anyMatch(subs::contains)) {
          throw Errors.conflict("RouterInterfaceInUseByFloatingIP", "Router interface for subnet "
              + subs.get(0) + " on router " + id + " cannot be deleted, as it is required by one"
              + " or more floating IPs.");
        }
      }
      ObjectNode info = interfaceInfo(router, port, subnetId);
      if (!router.get("routes").isEmpty()) {
        try {
          routes(router, (ArrayNode) router.get("routes"), port.get("id").asText());
        } catch (ApiException e) {
          throw Errors.conflict("RouterInterfaceInUseByRoute", "Router interface for subnet "
              + subs.get(0) + " on router " + id + " cannot be deleted, as it is required by one"
              + " or more routes.");
        }
      }
      ports.deleteInternal(port);
      Docs.touch(router, clock);
      store.update(KIND, router);
      feed.publish(KIND, "updated", router);
      return info;
    });
  }

  /**
   * The router that connects a subnet to an external network: it has its gateway on the network
   * and an interface on the subnet. Empty if no router does.
   */
  public Optional<ObjectNode> routerBetween(String subnetId, String externalNetworkId) {
    for (ObjectNode r : store.listByKey(KIND, "gateway_network_id", externalNetworkId)) {
      for (ObjectNode p : interfaces(r.get("id").asText())) {
        if (p.get("fixed_ips").findValuesAsText("subnet_id").contains(subnetId)) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }
}
