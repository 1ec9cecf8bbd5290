package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.ipam.Cidr;
import dev.altus.network.ipam.Ip;
import dev.altus.network.ipam.IpAllocator;
import dev.altus.network.store.AllocationStore;
import dev.altus.network.store.ResourceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Ports: addresses (IPAM), MACs, bindings, security groups, address pairs and status. */
public final class PortService {
  private static final Set<String> CREATE = Set.of("name", "description", "network_id",
      "admin_state_up", "mac_address", "fixed_ips", "device_id", "device_owner", "tenant_id",
      "project_id", "security_groups", "allowed_address_pairs", "port_security_enabled",
      "binding:host_id", "binding:profile", "binding:vnic_type", "extra_dhcp_opts");
  private static final Set<String> UPDATE = Set.of("name", "description", "admin_state_up",
      "mac_address", "fixed_ips", "device_id", "device_owner", "security_groups",
      "allowed_address_pairs", "port_security_enabled", "binding:host_id", "binding:profile",
      "binding:vnic_type", "extra_dhcp_opts");
  private static final Pattern MAC = Pattern.compile("([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}");
  static final String KIND = "port";
  /**
   * Attributes every stored port has, as a string or null: a list filter on one of them can be
   * pre-tested on the stored text (binding attributes are left out: filters on them are ignored
   * for callers who cannot see them).
   */
  public static final Set<String> TEXT_ATTRIBUTES = Set.of("id", "name", "description",
      "network_id", "tenant_id", "project_id", "mac_address", "device_id", "device_owner", "status");
  private final ResourceStore store;
  private final AllocationStore alloc;
  private final IpAllocator ipam;
  private final Access access;
  private final Quotas quotas;
  private final ChangeFeed feed;
  private final Clock clock;
  private final Locks locks;
  private final NetworkService networks;
  private final SubnetService subnets;
  private SecurityGroupService groups;
  private Predicate<String> l2AgentOnHost = h -> false;

  public PortService(ResourceStore store, AllocationStore alloc, Access access, Quotas quotas,
      ChangeFeed feed, Clock clock, Locks locks, NetworkService networks, SubnetService subnets) {
    this.store = store;
    this.alloc = alloc;
    this.ipam = new IpAllocator(alloc);
    this.access = access;
    this.quotas = quotas;
    this.feed = feed;
    this.clock = clock;
    this.locks = locks;
    this.networks = networks;
    this.subnets = subnets;
    networks.wire(this, subnets);
    subnets.wire(this);
  }

  private java.util.function.Consumer<String> dhcpNeeded = id -> {};

  /** Told the network id whenever a network gets its DHCP port (to schedule a DHCP agent). */
  public void onDhcpNeeded(java.util.function.Consumer<String> hook) {
    this.dhcpNeeded = hook;
  }

  void wire(SecurityGroupService groups) {
    this.groups = groups;
  }

  /** Tells whether a live Linux bridge agent runs on a host (decides binding:vif_type). */
  public void l2AgentOnHost(Predicate<String> p) {
    this.l2AgentOnHost = p;
  }

  public ObjectNode create(RequestContext ctx, JsonNode in) {
    Docs.allowOnly(in, KIND, CREATE);
    String networkId = Docs.nullableStr(in, "network_id");
    if (networkId == null) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'network_id' not specified");
    }
    ObjectNode net = networks.get(ctx, networkId);
    String project = Docs.owner(ctx, in);
    ObjectNode target = Access.createTarget(in, project);
    access.enforce("create_port", ctx, target, () -> net);
    access.enforceAttributes("create_port", ctx, in, target, () -> net);
    quotas.check(project, "port", 1);
    return createInternal(net, project, in, ctx);
  }

  /** Creates a port for the API or for the service itself (DHCP, router, floating IP ports). */
  ObjectNode createInternal(ObjectNode net, String project, JsonNode in, RequestContext ctx) {
    String networkId = net.get("id").asText();
    String id = Docs.newId();
    ObjectNode d = Docs.create(clock, id, project, in);
    if (project == null) {
      d.put("tenant_id", "");
      d.put("project_id", "");
    }
    d.put("network_id", networkId);
    d.put("admin_state_up", Docs.bool(in, "admin_state_up", true));
    d.put("status", "DOWN");
    d.put("device_id", limited(in, "device_id"));
    d.put("device_owner", limited(in, "device_owner"));
    boolean portSecurity = Docs.bool(in, "port_security_enabled",
        net.path("port_security_enabled").asBoolean(true));
    d.put("port_security_enabled", portSecurity);
    d.put("binding:vnic_type", vnicType(in));
    d.set("binding:profile", profile(in));
    d.put("binding:host_id", Docs.str(in, "binding:host_id", ""));
    d.set("extra_dhcp_opts", ExtraDhcpOptions.create(in));
    String mac = Docs.nullableStr(in, "mac_address");
    List<String> claimedMac = new ArrayList<>();
    List<String[]> claimedIps = new ArrayList<>();
    try {
      mac = claimMac(networkId, mac, id);
      claimedMac.add(mac);
      d.put("mac_address", mac);
      d.set("fixed_ips", allocate(net, in.has("fixed_ips") ? Docs.list(in, "fixed_ips") : null, id,
          mac, d.get("device_owner").asText(), claimedIps, Set.of()));
      d.set("allowed_address_pairs", addressPairs(in, mac, portSecurity));
      d.set("security_groups", securityGroups(ctx, in, project, portSecurity,
          d.get("device_owner").asText()));
      bind(d);
      store.insert(KIND, d);
    } catch (RuntimeException e) {
      for (String[] c : claimedIps) {
        alloc.releaseIp(c[0], c[1], id);
      }
      for (String m : claimedMac) {
        alloc.releaseMac(networkId, m, id);
      }
      throw e;
    }
    feed.publish(KIND, "created", d);
    return d;
  }

  private static String limited(JsonNode in, String f) {
    String v = Docs.str(in, f, "");
    if (v.length() > 255) {
      throw Errors.invalidInput("'" + v + "' exceeds maximum length of 255");
    }
    return v;
  }

  private static String vnicType(JsonNode in) {
    String v = Docs.str(in, "binding:vnic_type", "normal");
    if (!Set.of("normal", "direct", "macvtap", "baremetal", "direct-physical", "virtio-forwarder",
        "smart-nic", "remote-managed", "vdpa").contains(v)) {
      throw Errors.invalidInput("'" + v + "' is not a valid binding:vnic_type");
    }
    return v;
  }

  private static ObjectNode profile(JsonNode in) {
    JsonNode p = in.get("binding:profile");
    if (p == null || p.isNull()) {
      return Json.object();
    }
    if (!p.isObject()) {
      throw Errors.invalidInput("'" + p + "' is not a dictionary for binding:profile");
    }
    return (ObjectNode) p.deepCopy();
  }

  private String claimMac(String networkId, String mac, String portId) {
    if (mac != null) {
      if (!MAC.matcher(mac).matches() || mac.equals("00:00:00:00:00:00")
          || (Integer.parseInt(mac.substring(0, 2), 16) & 1) == 1) {
        throw Errors.invalidInput("'" + mac + "' is not a valid MAC address");
      }
      mac = mac.toLowerCase();
      if (!alloc.claimMac(networkId, mac, portId)) {
        throw Errors.conflict("MacAddressInUse", "Unable to complete operation for network "
            + networkId + ". The mac address " + mac + " is in use.");
      }
      return mac;
    }
    for (int i = 0; i < 16; i++) {
      var r = ThreadLocalRandom.current();
      String m = String.format("fa:16:3e:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
      if (alloc.claimMac(networkId, m, portId)) {
        return m;
      }
    }
    throw Errors.conflict("MacAddressGenerationFailure",
        "Unable to generate unique mac on network " + networkId + ".");
  }

  /**
   * Allocates the port's addresses: the requested ones (each checked against its subnet and
   * claimed), or one from an IPv4 subnet, one from a stateful IPv6 subnet and the EUI-64 address
   * on every SLAAC subnet. Claimed pairs are added to {@code claimed} so the caller can undo them.
   */
  private ArrayNode allocate(ObjectNode net, ArrayNode requested, String portId, String mac,
      String owner, List<String[]> claimed, Set<String> keep) {
    String networkId = net.get("id").asText();
    List<ObjectNode> subs = subnets.onNetwork(networkId);
    ArrayNode out = Json.array();
    if (requested != null) {
      Set<String> seen = new LinkedHashSet<>();
      for (JsonNode r : requested) {
        if (!r.isObject()) {
          throw Errors.invalidInput("Invalid data format for fixed IP: '" + r + "'");
        }
        String subnetId = Docs.nullableStr(r, "subnet_id");
        String ipText = Docs.nullableStr(r, "ip_address");
        ObjectNode subnet = null;
        Ip ip = null;
        if (ipText != null) {
          try {
            ip = Ip.parse(ipText);
          } catch (IllegalArgumentException e) {
            throw Errors.invalidInput("'" + ipText + "' is not a valid IP address");
          }
        }
        if (subnetId != null) {
          subnet = subs.stream().filter(s -> s.get("id").asText().equals(subnetId)).findFirst()
              .orElse(null);
          if (subnet == null) {
            if (subnets.find(subnetId).isEmpty()) {
              throw SubnetService.notFound(subnetId);
            }
            throw Errors.invalidInput("Failed to create port on network " + networkId
                + ", because fixed_ips included invalid subnet " + subnetId + ".");
          }
          if (ip != null && !Cidr.parse(subnet.get("cidr").asText(), false).contains(ip)) {
            throw new dev.altus.common.error.ApiException(400, "InvalidIpForSubnet",
                "IP address " + ipText + " is not a valid IP for the specified subnet.");
          }
        } else if (ip != null) {
          for (ObjectNode s : subs) {
            if (Cidr.parse(s.get("cidr").asText(), false).contains(ip)) {
              subnet = s;
            }
          }
          if (subnet == null) {
            throw new dev.altus.common.error.ApiException(400, "InvalidIpForNetwork",
                "IP address " + ipText + " is not a valid IP for any of the subnets on the specified network.");
          }
        } else {
          throw Errors.invalidInput("Invalid data format for fixed IP: '" + r + "'");
        }
        String sid = subnet.get("id").asText();
        String value;
        if (ip != null) {
          Cidr c = Cidr.parse(subnet.get("cidr").asText(), false);
          if (c.version() == 4 && c.prefix() < 31 && (ip.equals(c.first()) || ip.equals(c.last()))
              || c.version() == 6 && ip.equals(c.first()) && !owner.startsWith("network:router")) {
            throw new dev.altus.common.error.ApiException(400, "InvalidIpForSubnet",
                "IP address " + ipText + " is not a valid IP for the specified subnet.");
          }
          value = ip.toString();
          if (!seen.add(sid + "|" + value)) {
            throw Errors.invalidInput("Duplicate IP address '" + value + "'");
          }
          if (!keep.contains(sid + "|" + value)) {
            if (!ipam.claim(subnet, value, portId)) {
              throw Errors.conflict("IpAddressAlreadyAllocated", "IP address " + value
                  + " already allocated in subnet " + sid);
            }
            claimed.add(new String[] {sid, value});
          }
        } else if (SubnetService.autoAddress(subnet)) {
          value = IpAllocator.eui64(Cidr.parse(subnet.get("cidr").asText(), false), mac);
          if (!keep.contains(sid + "|" + value)) {
            if (!ipam.claim(subnet, value, portId)) {
              throw Errors.conflict("IpAddressAlreadyAllocated", "IP address " + value
                  + " already allocated in subnet " + sid);
            }
            claimed.add(new String[] {sid, value});
          }
        } else {
          value = ipam.allocate(subnet, portId).orElseThrow(() -> Errors.conflict(
              "IpAddressGenerationFailure", "No more IP addresses available for subnet " + sid + "."));
          claimed.add(new String[] {sid, value});
        }
        ObjectNode f = out.addObject();
        f.put("subnet_id", sid);
        f.put("ip_address", value);
      }
      return out;
    }
    boolean v4Done = false;
    boolean v6Done = false;
    boolean v4Exists = false;
    for (ObjectNode s : subs) {
      String sid = s.get("id").asText();
      int v = s.get("ip_version").asInt();
      String value = null;
      if (v == 6 && SubnetService.autoAddress(s)) {
        if (owner.startsWith("network:router_interface")) {
          continue;
        }
        value = IpAllocator.eui64(Cidr.parse(s.get("cidr").asText(), false), mac);
        if (!ipam.claim(s, value, portId)) {
          throw Errors.conflict("IpAddressAlreadyAllocated", "IP address " + value
              + " already allocated in subnet " + sid);
        }
      } else if (v == 4 && !v4Done || v == 6 && !v6Done) {
        v4Exists |= v == 4;
        value = ipam.allocate(s, portId).orElse(null);
        if (value != null) {
          if (v == 4) {
            v4Done = true;
          } else {
            v6Done = true;
          }
        }
      }
      if (value != null) {
        claimed.add(new String[] {sid, value});
        ObjectNode f = out.addObject();
        f.put("subnet_id", sid);
        f.put("ip_address", value);
      }
    }
    if (v4Exists && !v4Done || !subs.isEmpty() && out.isEmpty()) {
      throw Errors.conflict("IpAddressGenerationFailure",
          "No more IP addresses available on network " + networkId + ".");
    }
    return out;
  }

  private static ArrayNode addressPairs(JsonNode in, String mac, boolean portSecurity) {
    ArrayNode out = Json.array();
    ArrayNode pairs = Docs.list(in, "allowed_address_pairs");
    if (pairs == null) {
      return out;
    }
    if (!portSecurity && !pairs.isEmpty()) {
      throw Errors.conflict("AddressPairAndPortSecurityRequired", "Port Security must be enabled"
          + " in order to have allowed address pairs on a port.");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode p : pairs) {
      String ip = p.isObject() ? Docs.nullableStr(p, "ip_address") : null;
      if (ip == null) {
        throw new dev.altus.common.error.ApiException(400, "AllowedAddressPairsMissingIP",
            "AllowedAddressPair must contain ip_address");
      }
      p.fieldNames().forEachRemaining(f -> {
        if (!f.equals("ip_address") && !f.equals("mac_address")) {
          throw Errors.badRequest("Unrecognized attribute(s) '" + f + "'");
        }
      });
      try {
        Cidr.parse(ip, false);
      } catch (IllegalArgumentException e) {
        throw Errors.invalidInput("'" + ip + "' is not a valid IP address");
      }
      String m = Docs.nullableStr(p, "mac_address");
      if (m != null && !MAC.matcher(m).matches()) {
        throw Errors.invalidInput("'" + m + "' is not a valid MAC address");
      }
      m = m == null ? mac : m.toLowerCase();
      if (!seen.add(ip + "|" + m)) {
        throw new dev.altus.common.error.ApiException(400, "DuplicateAddressPairInRequest",
            "Request contains duplicate address pair: mac_address " + m + " ip_address " + ip + ".");
      }
      ObjectNode o = out.addObject();
      o.put("ip_address", ip);
      o.put("mac_address", m);
    }
    return out;
  }

  private ArrayNode securityGroups(RequestContext ctx, JsonNode in, String project,
      boolean portSecurity, String owner) {
    ArrayNode out = Json.array();
    List<String> ids = Docs.strings(in, "security_groups");
    if (ids == null) {
      if (portSecurity && !owner.startsWith("network:") && project != null && !project.isEmpty()) {
        out.add(groups.ensureDefault(project));
      }
      return out;
    }
    if (!portSecurity && !ids.isEmpty()) {
      throw Errors.badRequest("Port security must be enabled and port must have an IP address in"
          + " order to use security groups.");
    }
    for (String sg : new LinkedHashSet<>(ids)) {
      groups.get(ctx, sg);
      out.add(sg);
    }
    return out;
  }

  /** Fills in binding:vif_type and vif_details from the host and the agents alive on it. */
  private void bind(ObjectNode d) {
    String host = d.path("binding:host_id").asText("");
    if (host.isEmpty()) {
      d.put("binding:vif_type", "unbound");
      d.set("binding:vif_details", Json.object());
    } else if (l2AgentOnHost.test(host)) {
      d.put("binding:vif_type", "bridge");
      ObjectNode det = Json.object();
      det.put("connectivity", "l2");
      det.put("port_filter", true);
      d.set("binding:vif_details", det);
    } else {
      d.put("binding:vif_type", "binding_failed");
      ObjectNode det = Json.object();
      det.put("reason", "no live Linux bridge agent on host " + host + ": the port cannot be"
          + " wired there (start the cloud's network agents on that host, or check that they"
          + " heartbeat: openstack network agent list --host " + host + ")");
      d.set("binding:vif_details", det);
    }
  }

  public ObjectNode get(RequestContext ctx, String id) {
    ObjectNode d = store.get(KIND, id).orElse(null);
    if (d == null || !visible(ctx, d)) {
      throw notFound(id);
    }
    return d;
  }

  static dev.altus.common.error.ApiException notFound(String id) {
    return Errors.notFound("PortNotFound", "Port " + id + " could not be found.");
  }

  private boolean visible(RequestContext ctx, ObjectNode p) {
    return access.allowed("get_port", ctx, p, network(p));
  }

  private java.util.function.Supplier<JsonNode> network(JsonNode p) {
    return () -> networks.find(p.path("network_id").asText()).orElse(null);
  }

  /** Attributes with their own get_port:* rule. */
  private static final Set<String> GUARDED = Set.of("binding:host_id", "binding:profile",
      "binding:vif_type", "binding:vif_details");

  public java.util.Optional<ObjectNode> find(String id) {
    return store.get(KIND, id);
  }

  public List<ObjectNode> list(RequestContext ctx) {
    return store.list(KIND).stream().filter(p -> visible(ctx, p)).toList();
  }

  /**
   * The ports the caller may see among those whose stored JSON text passes {@code text} (a cheap
   * test that rules out ports before they are parsed).
   */
  public List<ObjectNode> list(RequestContext ctx, Predicate<String> text) {
    return store.list(KIND, text).stream().filter(p -> visible(ctx, p)).toList();
  }

  /**
   * Every port as its stored JSON text, in id order, if the caller sees every port as stored (an
   * admin sees all ports, and {@link #view} gives an admin the document itself); empty for anyone
   * else. Lets a full list be answered without parsing thousands of ports: whatever {@link #view}
   * ever adds for admins must be stored or added here too.
   */
  public java.util.Optional<List<String>> allAsStored(RequestContext ctx) {
    return ctx != null && access.seesAll("get_port", ctx, GUARDED)
        ? java.util.Optional.of(store.texts(KIND))
        : java.util.Optional.empty();
  }

  /** Whether the port exists and the caller may see it. */
  public boolean visible(RequestContext ctx, String id) {
    return store.get(KIND, id).map(p -> visible(ctx, p)).orElse(false);
  }

  /**
   * Up to {@code n} ports the caller may see, with ids after {@code afterId} (from the first when
   * null), in id order: a page read from the database without reading every port.
   */
  public List<ObjectNode> page(RequestContext ctx, String afterId, int n) {
    List<ObjectNode> out = new ArrayList<>();
    String cursor = afterId;
    while (out.size() < n) {
      List<ObjectNode> batch = store.listAfter(KIND, cursor, n);
      for (ObjectNode p : batch) {
        if (out.size() < n && visible(ctx, p)) {
          out.add(p);
        }
      }
      if (batch.size() < n) {
        break;
      }
      cursor = batch.get(batch.size() - 1).get("id").asText();
    }
    return out;
  }

  public List<ObjectNode> all() {
    return store.list(KIND);
  }

  /** The ports of a device (a server, router, DHCP server, floating IP), through the index. */
  public List<ObjectNode> ofDevice(String deviceId) {
    return store.listByKey(KIND, "device_id", deviceId);
  }

  /**
   * The ports that may match a list query, read through the index when it filters on an indexed
   * attribute ({@link PortFilters}); empty when it does not, and the caller reads the kind.
   */
  public java.util.Optional<List<ObjectNode>> candidates(RequestContext ctx,
      Map<String, List<String>> query) {
    return new PortFilters(store, this::visible).candidates(ctx, query);
  }

  public List<ObjectNode> onNetwork(String networkId) {
    return store.listByNetwork(KIND, networkId);
  }

  /**
   * The port as the caller sees it: binding details for admins only. An admin gets the document
   * itself (documents are read fresh from the store for each request, and a copy of each of
   * thousands of ports in a list costs as much as reading them); others get a copy without them.
   */
  public ObjectNode view(RequestContext ctx, ObjectNode d) {
    if (ctx == null || access.seesAll("get_port", ctx, GUARDED)) {
      return d;
    }
    return access.view("get_port", ctx, d, GUARDED, network(d));
  }

  public ObjectNode update(RequestContext ctx, String id, JsonNode in) {
    Docs.allowOnly(in, KIND, UPDATE);
    return locks.with(id, () -> {
      ObjectNode d = get(ctx, id);
      access.enforceOn("get_port", "update_port", ctx, d, network(d), () -> notFound(id));
      ObjectNode target = d.deepCopy();
      in.fields().forEachRemaining(e -> {
        if (!e.getValue().isContainerNode()) {
          target.set(e.getKey(), e.getValue());
        }
      });
      access.enforceAttributes("update_port", ctx, in, target, network(d));
      ObjectNode net = networks.find(d.get("network_id").asText()).orElseThrow(() -> notFound(id));
      for (String f : List.of("name", "description")) {
        if (in.has(f)) {
          d.put(f, Docs.str(in, f, ""));
        }
      }
      for (String f : List.of("device_id", "device_owner")) {
        if (in.has(f)) {
          d.put(f, limited(in, f));
        }
      }
      if (in.has("admin_state_up")) {
        d.put("admin_state_up", Docs.bool(in, "admin_state_up", null));
      }
      if (in.has("port_security_enabled")) {
        d.put("port_security_enabled", Docs.bool(in, "port_security_enabled", null));
      }
      if (in.has("extra_dhcp_opts")) {
        d.set("extra_dhcp_opts", ExtraDhcpOptions.update(d.get("extra_dhcp_opts"), in));
      }
      boolean ps = d.get("port_security_enabled").asBoolean();
      if (in.has("security_groups")) {
        d.set("security_groups", securityGroups(ctx, in, Docs.text(d, "project_id"), ps,
            d.get("device_owner").asText()));
      } else if (!ps && !d.get("security_groups").isEmpty()) {
        throw Errors.conflict("PortSecurityPortHasSecurityGroup", "Port has security group"
            + " associated. Cannot disable port security or ip address until security group is removed");
      }
      if (in.has("allowed_address_pairs")) {
        d.set("allowed_address_pairs", addressPairs(in, d.get("mac_address").asText(), ps));
      } else if (!ps && !d.get("allowed_address_pairs").isEmpty()) {
        throw Errors.conflict("AddressPairAndPortSecurityRequired", "Port Security must be enabled"
            + " in order to have allowed address pairs on a port.");
      }
      if (in.has("binding:vnic_type")) {
        d.put("binding:vnic_type", vnicType(in));
      }
      if (in.has("binding:profile")) {
        d.set("binding:profile", profile(in));
      }
      if (in.has("binding:host_id")) {
        d.put("binding:host_id", Docs.str(in, "binding:host_id", ""));
      }
      if (in.has("mac_address")) {
        String mac = Docs.nullableStr(in, "mac_address");
        if (mac != null && !mac.equalsIgnoreCase(d.get("mac_address").asText())) {
          String old = d.get("mac_address").asText();
          d.put("mac_address", claimMac(net.get("id").asText(), mac, id));
          alloc.releaseMac(net.get("id").asText(), old, id);
        }
      }
      if (in.has("fixed_ips")) {
        replaceIps(d, net, Docs.list(in, "fixed_ips"));
      }
      bind(d);
      if (d.path("binding:host_id").asText("").isEmpty()) {
        d.put("status", "DOWN");
      }
      Docs.touch(d, clock);
      store.update(KIND, d);
      feed.publish(KIND, "updated", d);
      return d;
    });
  }

  private void replaceIps(ObjectNode d, ObjectNode net, ArrayNode requested) {
    String id = d.get("id").asText();
    Set<String> held = new LinkedHashSet<>();
    for (JsonNode f : d.get("fixed_ips")) {
      held.add(f.get("subnet_id").asText() + "|" + f.get("ip_address").asText());
    }
    List<String[]> claimed = new ArrayList<>();
    ArrayNode next;
    try {
      next = allocate(net, requested == null ? Json.array() : requested, id,
          d.get("mac_address").asText(), d.get("device_owner").asText(), claimed, held);
    } catch (RuntimeException e) {
      for (String[] c : claimed) {
        alloc.releaseIp(c[0], c[1], id);
      }
      throw e;
    }
    Set<String> kept = new LinkedHashSet<>();
    for (JsonNode f : next) {
      kept.add(f.get("subnet_id").asText() + "|" + f.get("ip_address").asText());
    }
    for (String h : held) {
      if (!kept.contains(h)) {
        String[] p = h.split("\\|");
        alloc.releaseIp(p[0], p[1], id);
      }
    }
    d.set("fixed_ips", next);
  }

  public void delete(RequestContext ctx, String id) {
    ObjectNode d = get(ctx, id);
    access.enforceOn("get_port", "delete_port", ctx, d, network(d), () -> notFound(id));
    String owner = d.path("device_owner").asText();
    if (owner.equals("network:router_interface") || owner.equals("network:router_gateway")
        || owner.equals("network:floatingip")) {
      throw Errors.conflict("PortInUse", "Port " + id + " cannot be deleted directly via the port"
          + " API: has device owner " + owner + ".");
    }
    deleteInternal(d);
  }

  /** Removes a port and frees its addresses and MAC; floating IPs on it are disassociated. */
  void deleteInternal(ObjectNode d) {
    String id = d.get("id").asText();
    for (ObjectNode fip : store.listByKey("floatingip", "port_id", id)) {
      locks.with(fip.get("id").asText(), () -> {
        ObjectNode f = store.get("floatingip", fip.get("id").asText()).orElse(null);
        if (f != null) {
          f.putNull("port_id");
          f.putNull("fixed_ip_address");
          f.putNull("router_id");
          f.put("status", "DOWN");
          Docs.touch(f, clock);
          store.update("floatingip", f);
          feed.publish("floatingip", "updated", f);
        }
        return null;
      });
    }
    store.delete(KIND, id);
    alloc.releasePort(id);
    feed.publish(KIND, "deleted", d);
  }

  /** Gives the network a DHCP port with an address on the subnet (creating the port if needed). */
  void ensureDhcpPort(ObjectNode net, ObjectNode subnet) {
    String networkId = net.get("id").asText();
    dhcpNeeded.accept(networkId);
    ObjectNode existing = onNetwork(networkId).stream()
        .filter(p -> p.path("device_owner").asText().equals("network:dhcp")).findFirst().orElse(null);
    if (existing == null) {
      ObjectNode in = Json.object();
      in.put("device_owner", "network:dhcp");
      in.put("device_id", "dhcp-" + networkId);
      ArrayNode fips = in.putArray("fixed_ips");
      ObjectNode fip = fips.addObject().put("subnet_id", subnet.get("id").asText());
      // the pool's first free address, unless a port takes it meanwhile: then any free one
      ipam.lowestFree(subnet).ifPresent(ip -> fip.put("ip_address", ip));
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          createInternal(net, Docs.text(net, "project_id"), in.deepCopy(), null);
          return;
        } catch (dev.altus.common.error.ApiException e) {
          if (!fip.has("ip_address")) {
            return; // an exhausted pool leaves the subnet without DHCP, as Neutron's agent would
          }
          fip.remove("ip_address");
        }
      }
      return;
    }
    addAddress(existing.get("id").asText(), subnet);
  }

  /** Adds an address on a new SLAAC subnet to every port of its network, as Neutron does. */
  void addAutoAddressToPorts(ObjectNode subnet) {
    if (!SubnetService.autoAddress(subnet)) {
      return;
    }
    for (ObjectNode p : onNetwork(subnet.get("network_id").asText())) {
      String owner = p.path("device_owner").asText();
      if (!owner.equals("network:dhcp") && !owner.startsWith("network:router")) {
        addAddress(p.get("id").asText(), subnet);
      }
    }
  }

  private void addAddress(String portId, ObjectNode subnet) {
    locks.with(portId, () -> {
      ObjectNode p = store.get(KIND, portId).orElse(null);
      if (p == null) {
        return null;
      }
      String value = SubnetService.autoAddress(subnet)
          ? IpAllocator.eui64(Cidr.parse(subnet.get("cidr").asText(), false), p.get("mac_address").asText())
          : ipam.allocate(subnet, portId).orElse(null);
      if (value == null || SubnetService.autoAddress(subnet) && !ipam.claim(subnet, value, portId)) {
        return null;
      }
      ObjectNode f = ((ArrayNode) p.get("fixed_ips")).addObject();
      f.put("subnet_id", subnet.get("id").asText());
      f.put("ip_address", value);
      Docs.touch(p, clock);
      store.update(KIND, p);
      feed.publish(KIND, "updated", p);
      return null;
    });
  }

  /** Drops a deleted subnet's address from a port; a DHCP port left with none is removed. */
  void removeSubnetFromPort(String portId, String subnetId) {
    locks.with(portId, () -> {
      ObjectNode p = store.get(KIND, portId).orElse(null);
      if (p == null) {
        return null;
      }
      ArrayNode next = Json.array();
      for (JsonNode f : p.get("fixed_ips")) {
        if (f.get("subnet_id").asText().equals(subnetId)) {
          alloc.releaseIp(subnetId, f.get("ip_address").asText(), portId);
        } else {
          next.add(f);
        }
      }
      p.set("fixed_ips", next);
      if (next.isEmpty() && p.path("device_owner").asText().equals("network:dhcp")) {
        deleteInternal(p);
      } else {
        Docs.touch(p, clock);
        store.update(KIND, p);
        feed.publish(KIND, "updated", p);
      }
      return null;
    });
  }

  /** Records what an agent reported about a port's data plane. */
  public void setStatus(String portId, String status) {
    locks.with(portId, () -> {
      ObjectNode p = store.get(KIND, portId).orElse(null);
      if (p != null && !p.path("status").asText().equals(status)) {
        p.put("status", status);
        Docs.touch(p, clock);
        store.update(KIND, p);
      }
      return null;
    });
  }

  /** Updates a port the service owns (router and floating IP bookkeeping). */
  void save(ObjectNode p) {
    Docs.touch(p, clock);
    store.update(KIND, p);
    feed.publish(KIND, "updated", p);
  }
}
