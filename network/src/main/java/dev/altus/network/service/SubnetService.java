package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.ipam.Cidr;
import dev.altus.network.ipam.Ip;
import dev.altus.network.store.AllocationStore;
import dev.altus.network.store.ResourceStore;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Subnets: CIDR, gateway and pool rules, DNS servers, host routes, IPv6 modes, the DHCP port. */
public final class SubnetService {
  private static final Set<String> CREATE = Set.of("name", "description", "network_id",
      "ip_version", "cidr", "gateway_ip", "allocation_pools", "enable_dhcp", "dns_nameservers",
      "host_routes", "ipv6_ra_mode", "ipv6_address_mode", "tenant_id", "project_id",
      "subnetpool_id", "prefixlen", "use_default_subnetpool", "segment_id", "service_types");
  private static final Set<String> UPDATE = Set.of("name", "description", "gateway_ip",
      "allocation_pools", "enable_dhcp", "dns_nameservers", "host_routes", "service_types");
  private static final Set<String> V6_MODES = Set.of("slaac", "dhcpv6-stateful", "dhcpv6-stateless");
  static final String KIND = "subnet";
  private final ResourceStore store;
  private final AllocationStore alloc;
  private final Access access;
  private final Quotas quotas;
  private final ChangeFeed feed;
  private final Clock clock;
  private final Locks locks;
  private final NetworkService networks;
  private final SubnetPoolService pools;
  private PortService ports;

  public SubnetService(ResourceStore store, AllocationStore alloc, Access access, Quotas quotas,
      ChangeFeed feed, Clock clock, Locks locks, NetworkService networks, SubnetPoolService pools) {
    this.store = store;
    this.alloc = alloc;
    this.access = access;
    this.quotas = quotas;
    this.feed = feed;
    this.clock = clock;
    this.locks = locks;
    this.networks = networks;
    this.pools = pools;
  }

  void wire(PortService ports) {
    this.ports = ports;
  }

  public ObjectNode create(RequestContext ctx, JsonNode in) {
    Docs.allowOnly(in, KIND, CREATE);
    String networkId = Docs.nullableStr(in, "network_id");
    if (networkId == null) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'network_id' not specified");
    }
    ObjectNode net = networks.get(ctx, networkId);
    ObjectNode target = Access.createTarget(in, Docs.owner(ctx, in));
    access.enforce("create_subnet", ctx, target, () -> net);
    access.enforceAttributes("create_subnet", ctx, in, target, () -> net);
    Integer version = Docs.integer(in, "ip_version");
    if (version == null) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'ip_version' not specified");
    }
    if (version != 4 && version != 6) {
      throw Errors.invalidInput("'" + version + "' is not in [4, 6]");
    }
    String cidrText = Docs.nullableStr(in, "cidr");
    Integer prefixlen = Docs.integer(in, "prefixlen");
    if (prefixlen != null && prefixlen < 0) {
      throw Errors.invalidInput("'" + prefixlen + "' should be non-negative");
    }
    if (cidrText != null && prefixlen != null) {
      throw Errors.badRequest("Bad subnets request: cidr and prefixlen must not be supplied together.");
    }
    ObjectNode pool = pool(ctx, in, version);
    if (pool == null && cidrText == null) {
      throw Errors.badRequest("A cidr must be specified in the absence of a subnet pool");
    }
    if (pool != null && cidrText == null && in.hasNonNull("allocation_pools")) {
      throw Errors.badRequest("Bad subnets request: allocation_pools allowed only for specific"
          + " subnet requests.");
    }
    Cidr cidr = cidrText == null ? null : cidr(cidrText, version);
    int length = cidr != null ? cidr.prefix()
        : prefixlen != null ? prefixlen : pool.get("default_prefixlen").asInt();
    if (version == 4 && length > 30 || version == 6 && length > 126) {
      throw Errors.invalidInput("a /" + length + " prefix is too small for a subnet");
    }
    String project = Docs.owner(ctx, in);
    quotas.check(project, "subnet", 1);
    String ra = Docs.nullableStr(in, "ipv6_ra_mode");
    String am = Docs.nullableStr(in, "ipv6_address_mode");
    checkV6Modes(version, ra, am);
    String poolId = pool == null ? null : pool.get("id").asText();
    for (ObjectNode other : store.listByNetwork(KIND, networkId)) {
      if (other.path("ip_version").asInt() == version
          && !java.util.Objects.equals(poolId, Docs.text(other, "subnetpool_id"))) {
        throw new dev.altus.common.error.ApiException(400, "NetworkSubnetPoolAffinityError",
            "Subnets hosted on the same network must be allocated from the same subnet pool.");
      }
    }
    String id = Docs.newId();
    if (pool != null) {
      cidr = pools.allocate(pool, id, project, cidr, length);
    }
    ObjectNode d;
    try {
      d = build(in, id, project, net, version, cidr, ra, am, poolId);
    } catch (RuntimeException e) {
      if (pool != null) {
        pools.release(id);
      }
      throw e;
    }
    feed.publish(KIND, "created", d);
    if (d.get("enable_dhcp").asBoolean()) {
      ports.ensureDhcpPort(net, d);
    }
    ports.addAutoAddressToPorts(d);
    return d;
  }

  /** The pool a create request names (subnetpool_id, or use_default_subnetpool), or null. */
  private ObjectNode pool(RequestContext ctx, JsonNode in, int version) {
    String poolId = Docs.nullableStr(in, "subnetpool_id");
    boolean useDefault = Docs.bool(in, "use_default_subnetpool", false);
    if (useDefault && poolId != null) {
      throw Errors.badRequest("Bad subnets request: subnetpool_id and use_default_subnetpool"
          + " cannot both be specified.");
    }
    ObjectNode pool;
    if (poolId != null) {
      pool = pools.get(ctx, poolId);
    } else if (useDefault) {
      pool = pools.defaultPool(ctx, version).orElseThrow(() -> Errors.badRequest(
          "Bad subnets request: No default subnetpool found for IPv" + version + "."));
    } else {
      return null;
    }
    int poolVersion = pool.get("ip_version").asInt();
    if (poolVersion != version) {
      throw Errors.badRequest("Bad subnets request: Cannot allocate IPv" + version
          + " subnet from IPv" + poolVersion + " subnet pool.");
    }
    return pool;
  }

  private static Cidr cidr(String text, int version) {
    Cidr cidr;
    try {
      cidr = Cidr.parse(text, true);
    } catch (IllegalArgumentException e) {
      throw Errors.invalidInput(e.getMessage());
    }
    if (cidr.version() != version) {
      throw Errors.invalidInput("Cannot use IPv" + cidr.version() + " cidr " + text
          + " with ip_version " + version);
    }
    if (version == 4 && cidr.prefix() == 0) {
      throw Errors.invalidInput("0.0.0.0/0 is not allowed as a subnet cidr");
    }
    return cidr;
  }

  private static void checkV6Modes(int version, String ra, String am) {
    if (ra == null && am == null) {
      return;
    }
    if (version == 4) {
      throw Errors.invalidInput("ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp"
          + " is set to False or ip_version is 4");
    }
    for (String m : new String[] {ra, am}) {
      if (m != null && !V6_MODES.contains(m)) {
        throw Errors.invalidInput("'" + m + "' is not in " + V6_MODES);
      }
    }
    if (ra != null && am != null && !ra.equals(am)) {
      throw Errors.invalidInput("ipv6_ra_mode set to '" + ra + "' with ipv6_address_mode set to '"
          + am + "' is not valid. If both attributes are set, they must be the same value");
    }
  }

  /** Validates the rest of the request against the CIDR and stores the subnet. */
  private ObjectNode build(JsonNode in, String id, String project, ObjectNode net, int version,
      Cidr cidr, String ra, String am, String poolId) {
    String networkId = net.get("id").asText();
    if (("slaac".equals(am) || "dhcpv6-stateless".equals(am)) && cidr.prefix() != 64) {
      throw Errors.invalidInput("Invalid CIDR " + cidr + " for IPv6 address mode. OpenStack uses"
          + " the EUI-64 address format, which requires the prefix to be /64");
    }
    for (ObjectNode other : store.listByNetwork(KIND, networkId)) {
      Cidr oc = Cidr.parse(other.get("cidr").asText(), false);
      if (oc.overlaps(cidr)) {
        throw Errors.invalidInput("Requested subnet with cidr: " + cidr + " for network: "
            + networkId + " overlaps with another subnet");
      }
    }
    ObjectNode d = Docs.create(clock, id, project, in);
    d.put("network_id", networkId);
    d.put("ip_version", version);
    d.put("cidr", cidr.toString());
    Ip gateway = gateway(in, cidr, true);
    if (gateway == null) {
      d.putNull("gateway_ip");
    } else {
      d.put("gateway_ip", gateway.toString());
    }
    ArrayNode pools = in.has("allocation_pools") && !in.get("allocation_pools").isNull()
        ? pools(Docs.list(in, "allocation_pools"), cidr, gateway)
        : defaultPools(cidr, gateway);
    d.set("allocation_pools", pools);
    d.put("enable_dhcp", Docs.bool(in, "enable_dhcp", true));
    d.set("dns_nameservers", nameservers(in, version));
    d.set("host_routes", hostRoutes(in, version));
    putNullable(d, "ipv6_ra_mode", ra);
    putNullable(d, "ipv6_address_mode", am);
    putNullable(d, "subnetpool_id", poolId);
    d.putNull("segment_id");
    d.set("service_types", Json.array());
    store.insert(KIND, d);
    return d;
  }

  private static void putNullable(ObjectNode d, String f, String v) {
    if (v == null) {
      d.putNull(f);
    } else {
      d.put(f, v);
    }
  }

  /** The gateway: given, null for none, or by default the first host address. */
  private static Ip gateway(JsonNode in, Cidr cidr, boolean defaulted) {
    if (!in.has("gateway_ip")) {
      return defaulted ? cidr.first().plus(1) : null;
    }
    String g = Docs.nullableStr(in, "gateway_ip");
    if (g == null) {
      return null;
    }
    Ip ip;
    try {
      ip = Ip.parse(g);
    } catch (IllegalArgumentException e) {
      throw Errors.invalidInput("'" + g + "' is not a valid IP address");
    }
    if (ip.version() != cidr.version()) {
      throw Errors.invalidInput("Gateway IP version inconsistent with subnet IP version");
    }
    if (cidr.version() == 4 && (ip.equals(cidr.first()) || ip.equals(cidr.last()))
        && cidr.prefix() < 31) {
      throw Errors.invalidInput("Gateway is not valid on subnet: " + g);
    }
    if (cidr.version() == 6 && ip.equals(cidr.first())) {
      throw Errors.invalidInput("Gateway is not valid on subnet: " + g);
    }
    return ip;
  }

  private static ArrayNode defaultPools(Cidr cidr, Ip gateway) {
    Ip first = cidr.first().plus(1);
    Ip last = cidr.version() == 4 ? new Ip(4, cidr.last().value().subtract(BigInteger.ONE)) : cidr.last();
    ArrayNode out = Json.array();
    if (gateway != null && cidr.contains(gateway) && gateway.compareTo(first) >= 0
        && gateway.compareTo(last) <= 0) {
      if (gateway.compareTo(first) > 0) {
        addPool(out, first, new Ip(gateway.version(), gateway.value().subtract(BigInteger.ONE)));
      }
      if (gateway.compareTo(last) < 0) {
        addPool(out, gateway.plus(1), last);
      }
    } else if (first.compareTo(last) <= 0) {
      addPool(out, first, last);
    }
    return out;
  }

  private static void addPool(ArrayNode out, Ip start, Ip end) {
    ObjectNode p = out.addObject();
    p.put("start", start.toString());
    p.put("end", end.toString());
  }

  private static ArrayNode pools(ArrayNode in, Cidr cidr, Ip gateway) {
    List<Ip[]> ranges = new ArrayList<>();
    for (JsonNode p : in) {
      String s = p.isObject() ? Docs.nullableStr(p, "start") : null;
      String e = p.isObject() ? Docs.nullableStr(p, "end") : null;
      if (s == null || e == null || p.size() != 2) {
        throw Errors.badRequest("Invalid data format for IP pool: '" + p + "'");
      }
      Ip start;
      Ip end;
      try {
        start = Ip.parse(s);
        end = Ip.parse(e);
      } catch (IllegalArgumentException x) {
        throw Errors.badRequest("Invalid data format for IP pool: '" + p + "'");
      }
      if (start.version() != cidr.version() || end.version() != cidr.version()
          || start.compareTo(end) > 0) {
        throw Errors.badRequest("The allocation pool " + s + "-" + e + " spans beyond the subnet"
            + " cidr " + cidr + " or is not valid");
      }
      boolean v4edge = cidr.version() == 4 && cidr.prefix() < 31
          && (start.equals(cidr.first()) || end.equals(cidr.last()));
      if (!cidr.contains(start) || !cidr.contains(end) || v4edge || start.equals(cidr.first())) {
        throw new dev.altus.common.error.ApiException(400, "OutOfBoundsAllocationPool",
            "The allocation pool " + s + "-" + e + " spans beyond the subnet cidr " + cidr + ".");
      }
      ranges.add(new Ip[] {start, end});
    }
    for (int i = 0; i < ranges.size(); i++) {
      for (int j = i + 1; j < ranges.size(); j++) {
        Ip[] a = ranges.get(i);
        Ip[] b = ranges.get(j);
        if (a[0].compareTo(b[1]) <= 0 && b[0].compareTo(a[1]) <= 0) {
          throw new dev.altus.common.error.ApiException(400, "OverlappingAllocationPools",
              "Found overlapping allocation pools: " + a[0] + "-" + a[1] + " and " + b[0] + "-" + b[1]
                  + " for subnet " + cidr + ".");
        }
      }
    }
    if (gateway != null) {
      for (Ip[] r : ranges) {
        if (gateway.compareTo(r[0]) >= 0 && gateway.compareTo(r[1]) <= 0) {
          throw Errors.conflict("GatewayConflictWithAllocationPools", "Gateway ip " + gateway
              + " conflicts with allocation pool " + r[0] + "-" + r[1] + ".");
        }
      }
    }
    ArrayNode out = Json.array();
    ranges.sort((a, b) -> a[0].compareTo(b[0]));
    for (Ip[] r : ranges) {
      addPool(out, r[0], r[1]);
    }
    return out;
  }

  private static ArrayNode nameservers(JsonNode in, int version) {
    ArrayNode out = Json.array();
    List<String> ns = Docs.strings(in, "dns_nameservers");
    if (ns == null) {
      return out;
    }
    if (ns.size() > 5) {
      throw Errors.badRequest("Number of DNS nameservers exceeds the limit 5");
    }
    Set<String> seen = new HashSet<>();
    for (String s : ns) {
      if (!Ip.isValid(s)) {
        throw Errors.invalidInput("'" + s + "' is not a valid nameserver. '" + s
            + "' is not a valid IP address");
      }
      if (!seen.add(s)) {
        throw Errors.invalidInput("'" + s + "' is a duplicate nameserver");
      }
      out.add(s);
    }
    return out;
  }

  private static ArrayNode hostRoutes(JsonNode in, int version) {
    ArrayNode out = Json.array();
    ArrayNode routes = Docs.list(in, "host_routes");
    if (routes == null) {
      return out;
    }
    if (routes.size() > 20) {
      throw Errors.badRequest("Number of host routes exceeds the limit 20");
    }
    for (JsonNode r : routes) {
      String dest = r.isObject() ? Docs.nullableStr(r, "destination") : null;
      String hop = r.isObject() ? Docs.nullableStr(r, "nexthop") : null;
      if (dest == null || hop == null || r.size() != 2) {
        throw Errors.invalidInput("Invalid data format for hostroute: '" + r + "'");
      }
      Cidr c;
      Ip h;
      try {
        c = Cidr.parse(dest, false);
        h = Ip.parse(hop);
      } catch (IllegalArgumentException e) {
        throw Errors.invalidInput("Invalid data format for hostroute: '" + r + "'");
      }
      if (c.version() != version || h.version() != version) {
        throw Errors.badRequest("Invalid route: " + r + " - IP version must match the subnet");
      }
      ObjectNode o = out.addObject();
      o.put("destination", c.toString());
      o.put("nexthop", h.toString());
    }
    return out;
  }

  public ObjectNode get(RequestContext ctx, String id) {
    ObjectNode d = store.get(KIND, id).orElse(null);
    if (d == null || !visible(ctx, d)) {
      throw notFound(id);
    }
    return d;
  }

  static dev.altus.common.error.ApiException notFound(String id) {
    return Errors.notFound("SubnetNotFound", "Subnet " + id + " could not be found.");
  }

  /**
   * Admins, the subnet's owner, the network's owner, and everyone when the network is shared:
   * the subnets of an external network that is not shared stay hidden, as in Neutron.
   */
  private boolean visible(RequestContext ctx, ObjectNode s) {
    return access.allowed("get_subnet", ctx, s, network(s));
  }

  private java.util.function.Supplier<JsonNode> network(JsonNode s) {
    return () -> networks.find(s.path("network_id").asText()).orElse(null);
  }

  public java.util.Optional<ObjectNode> find(String id) {
    return store.get(KIND, id);
  }

  public List<ObjectNode> list(RequestContext ctx) {
    return store.list(KIND).stream().filter(s -> visible(ctx, s)).toList();
  }

  public List<ObjectNode> onNetwork(String networkId) {
    return store.listByNetwork(KIND, networkId);
  }

  public ObjectNode update(RequestContext ctx, String id, JsonNode in) {
    for (String immutable : List.of("cidr", "ip_version", "network_id", "ipv6_ra_mode",
        "ipv6_address_mode", "subnetpool_id", "prefixlen", "use_default_subnetpool")) {
      if (in.has(immutable)) {
        throw Errors.badRequest("Cannot update read-only attribute " + immutable);
      }
    }
    Docs.allowOnly(in, KIND, UPDATE);
    return locks.with(id, () -> {
      ObjectNode d = get(ctx, id);
      access.enforceOn("get_subnet", "update_subnet", ctx, d, network(d), () -> notFound(id));
      access.enforceAttributes("update_subnet", ctx, in, d, network(d));
      Cidr cidr = Cidr.parse(d.get("cidr").asText(), false);
      if (in.has("name")) {
        d.put("name", Docs.str(in, "name", ""));
      }
      if (in.has("description")) {
        d.put("description", Docs.str(in, "description", ""));
      }
      Ip gateway = d.get("gateway_ip").isNull() ? null : Ip.parse(d.get("gateway_ip").asText());
      if (in.has("gateway_ip")) {
        gateway = gateway(in, cidr, false);
      }
      if (in.has("allocation_pools")) {
        d.set("allocation_pools", pools(Docs.list(in, "allocation_pools"), cidr, gateway));
      } else if (in.has("gateway_ip") && gateway != null) {
        for (JsonNode p : d.get("allocation_pools")) {
          if (gateway.compareTo(Ip.parse(p.get("start").asText())) >= 0
              && gateway.compareTo(Ip.parse(p.get("end").asText())) <= 0) {
            throw Errors.conflict("GatewayConflictWithAllocationPools", "Gateway ip " + gateway
                + " conflicts with allocation pool " + p.get("start").asText() + "-"
                + p.get("end").asText() + ".");
          }
        }
      }
      if (in.has("gateway_ip")) {
        if (gateway == null) {
          d.putNull("gateway_ip");
        } else {
          d.put("gateway_ip", gateway.toString());
        }
      }
      if (in.has("dns_nameservers")) {
        d.set("dns_nameservers", nameservers(in, cidr.version()));
      }
      if (in.has("host_routes")) {
        d.set("host_routes", hostRoutes(in, cidr.version()));
      }
      boolean dhcpBefore = d.path("enable_dhcp").asBoolean();
      if (in.has("enable_dhcp")) {
        d.put("enable_dhcp", Docs.bool(in, "enable_dhcp", null));
      }
      Docs.touch(d, clock);
      store.update(KIND, d);
      feed.publish(KIND, "updated", d);
      if (!dhcpBefore && d.get("enable_dhcp").asBoolean()) {
        networks.find(d.get("network_id").asText()).ifPresent(n -> ports.ensureDhcpPort(n, d));
      }
      return d;
    });
  }

  public void delete(RequestContext ctx, String id) {
    ObjectNode d = get(ctx, id);
    access.enforceOn("get_subnet", "delete_subnet", ctx, d, network(d), () -> notFound(id));
    for (String portId : alloc.portsOnSubnet(id)) {
      ObjectNode p = store.get("port", portId).orElse(null);
      if (p != null && !p.path("device_owner").asText().equals("network:dhcp")
          && !autoAddress(d)) {
        throw Errors.conflict("SubnetInUse", "Unable to complete operation on subnet " + id
            + ": One or more ports have an IP allocation from this subnet.");
      }
    }
    deleteInternal(d);
  }

  static boolean autoAddress(JsonNode subnet) {
    String m = Docs.text(subnet, "ipv6_address_mode");
    return "slaac".equals(m) || "dhcpv6-stateless".equals(m);
  }

  /** Removes the subnet and every address on it (from DHCP and auto-address ports). */
  void deleteInternal(ObjectNode d) {
    String id = d.get("id").asText();
    for (String portId : alloc.portsOnSubnet(id)) {
      ports.removeSubnetFromPort(portId, id);
    }
    store.delete(KIND, id);
    pools.release(id);
    feed.publish(KIND, "deleted", d);
  }
}
