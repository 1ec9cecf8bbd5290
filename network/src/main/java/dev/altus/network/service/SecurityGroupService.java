package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.ipam.Cidr;
import dev.altus.network.store.AllocationStore;
import dev.altus.network.store.ResourceStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Security groups and their rules; each project's default group is made on first use. */
public final class SecurityGroupService {
  static final String KIND = "security_group";
  static final String RULE = "security_group_rule";
  private static final Set<String> CREATE = Set.of("name", "description", "tenant_id", "project_id", "stateful");
  private static final Set<String> RULE_CREATE = Set.of("security_group_id", "direction",
      "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix",
      "remote_group_id", "description", "tenant_id", "project_id", "remote_address_group_id");
  private static final Map<String, Integer> PROTOCOLS = IpProtocols.NUMBERS;
  private final ResourceStore store;
  private final AllocationStore alloc;
  private final Access access;
  private final Quotas quotas;
  private final ChangeFeed feed;
  private final Clock clock;
  private final Locks locks;

  public SecurityGroupService(ResourceStore store, AllocationStore alloc, Access access,
      Quotas quotas, ChangeFeed feed, Clock clock, Locks locks, PortService ports) {
    this.store = store;
    this.alloc = alloc;
    this.access = access;
    this.quotas = quotas;
    this.feed = feed;
    this.clock = clock;
    this.locks = locks;
    ports.wire(this);
  }

  /** The project's default group id, creating it with Neutron's default rules on first use. */
  public String ensureDefault(String projectId) {
    String existing = alloc.defaultGroup(projectId);
    if (existing != null) {
      return existing;
    }
    ObjectNode in = Json.object();
    in.put("name", "default");
    in.put("description", "Default security group");
    ObjectNode g = newGroup(projectId, in);
    String id = g.get("id").asText();
    String winner = alloc.claimDefaultGroup(projectId, id);
    if (!winner.equals(id)) {
      return winner;
    }
    store.insert(KIND, g);
    for (String eth : List.of("IPv4", "IPv6")) {
      insertRule(rule(projectId, id, "egress", eth, null));
      insertRule(rule(projectId, id, "ingress", eth, id));
    }
    feed.publish(KIND, "created", g);
    return id;
  }

  private ObjectNode newGroup(String projectId, JsonNode in) {
    ObjectNode g = Docs.create(clock, Docs.newId(), projectId, in);
    g.put("stateful", Docs.bool(in, "stateful", true));
    return g;
  }

  private ObjectNode rule(String project, String groupId, String direction, String eth, String remote) {
    ObjectNode r = Docs.create(clock, Docs.newId(), project, Json.object());
    r.remove("name");
    r.put("security_group_id", groupId);
    r.put("direction", direction);
    r.put("ethertype", eth);
    r.putNull("protocol");
    r.putNull("port_range_min");
    r.putNull("port_range_max");
    r.putNull("remote_ip_prefix");
    if (remote == null) {
      r.putNull("remote_group_id");
    } else {
      r.put("remote_group_id", remote);
    }
    r.putNull("remote_address_group_id");
    r.putNull("normalized_cidr");
    r.put("belongs_to_default_sg", false);
    return r;
  }

  private void insertRule(ObjectNode r) {
    store.insert(RULE, r);
    feed.publish(RULE, "created", r);
  }

  public ObjectNode create(RequestContext ctx, JsonNode in) {
    Docs.allowOnly(in, KIND, CREATE);
    String project = Docs.owner(ctx, in);
    access.enforce("create_security_group", ctx, Access.createTarget(in, project));
    if ("default".equals(Docs.str(in, "name", ""))) {
      ensureDefault(project);
      throw Errors.conflict("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
    }
    ensureDefault(project);
    quotas.check(project, "security_group", 1);
    ObjectNode g = newGroup(project, in);
    store.insert(KIND, g);
    String id = g.get("id").asText();
    for (String eth : List.of("IPv4", "IPv6")) {
      insertRule(rule(project, id, "egress", eth, null));
    }
    feed.publish(KIND, "created", g);
    return g;
  }

  public ObjectNode get(RequestContext ctx, String id) {
    ObjectNode g = store.get(KIND, id).orElse(null);
    if (g == null || !access.allowed("get_security_group", ctx, g)) {
      throw Errors.notFound("SecurityGroupNotFound", "Security group " + id + " does not exist");
    }
    return g;
  }

  public List<ObjectNode> list(RequestContext ctx) {
    if (ctx.projectId() != null) {
      ensureDefault(ctx.projectId());
    }
    return store.list(KIND).stream().filter(g -> access.allowed("get_security_group", ctx, g)).toList();
  }

  /** The group with its rules, as the API shows it. */
  public ObjectNode view(RequestContext ctx, ObjectNode g) {
    ObjectNode v = g.deepCopy();
    ArrayNode rules = v.putArray("security_group_rules");
    String id = g.get("id").asText();
    for (ObjectNode r : store.listByNetwork(RULE, id)) {
      rules.add(r);
    }
    return v;
  }

  public ObjectNode update(RequestContext ctx, String id, JsonNode in) {
    Docs.allowOnly(in, KIND, Set.of("name", "description", "stateful"));
    return locks.with(id, () -> {
      ObjectNode g = get(ctx, id);
      access.enforceOn("get_security_group", "update_security_group", ctx, g, null,
          () -> Errors.notFound("SecurityGroupNotFound", "Security group " + id + " does not exist"));
      if (g.get("name").asText().equals("default") && in.has("name")
          && !"default".equals(Docs.str(in, "name", ""))) {
        throw Errors.conflict("SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.");
      }
      if ("default".equals(Docs.str(in, "name", null)) && !g.get("name").asText().equals("default")) {
        throw Errors.conflict("SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
      }
      if (in.has("name")) {
        g.put("name", Docs.str(in, "name", ""));
      }
      if (in.has("description")) {
        g.put("description", Docs.str(in, "description", ""));
      }
      if (in.has("stateful")) {
        g.put("stateful", Docs.bool(in, "stateful", true));
      }
      Docs.touch(g, clock);
      store.update(KIND, g);
      feed.publish(KIND, "updated", g);
      return g;
    });
  }

  public void delete(RequestContext ctx, String id) {
    ObjectNode g = get(ctx, id);
    access.enforceOn("get_security_group", "delete_security_group", ctx, g, null,
        () -> Errors.notFound("SecurityGroupNotFound", "Security group " + id + " does not exist"));
    String project = Docs.text(g, "project_id");
    if (id.equals(alloc.defaultGroup(project)) && !access.admin(ctx)) {
      throw Errors.conflict("SecurityGroupCannotRemoveDefault", "Removing default security group not allowed.");
    }
    if (store.existsByKey("port", "security_group", id)) {
      throw Errors.conflict("SecurityGroupInUse", "Security Group " + id + " in use.");
    }
    for (ObjectNode r : store.listByKey(RULE, "security_group_id", id)) {
      store.delete(RULE, r.get("id").asText());
    }
    // rules of other groups that name this one as their remote group go with it, as in Neutron
    for (ObjectNode r : store.listByKey(RULE, "remote_group_id", id)) {
      store.delete(RULE, r.get("id").asText());
    }
    store.delete(KIND, id);
    if (id.equals(alloc.defaultGroup(project))) {
      alloc.forgetDefaultGroup(project);
    }
    feed.publish(KIND, "deleted", g);
  }

  public ObjectNode createRule(RequestContext ctx, JsonNode in) {
    Docs.allowOnly(in, RULE, RULE_CREATE);
    String groupId = Docs.nullableStr(in, "security_group_id");
    if (groupId == null) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'security_group_id' not specified");
    }
    ObjectNode g = get(ctx, groupId);
    String project = Docs.text(g, "project_id");
    access.enforceOn("get_security_group", "create_security_group_rule", ctx, g, null,
        () -> Errors.notFound("SecurityGroupNotFound", "Security group " + groupId + " does not exist"));
    String direction = Docs.nullableStr(in, "direction");
    if (!"ingress".equals(direction) && !"egress".equals(direction)) {
      throw Errors.invalidInput("'" + direction + "' is not in ['ingress', 'egress']");
    }
    String eth = Docs.str(in, "ethertype", "IPv4");
    if (eth.equalsIgnoreCase("ipv4")) {
      eth = "IPv4";
    } else if (eth.equalsIgnoreCase("ipv6")) {
      eth = "IPv6";
    } else {
      throw new dev.altus.common.error.ApiException(400, "SecurityGroupRuleInvalidEtherType",
          "Security group rule for ethertype '" + eth + "' not supported. Allowed values are ['IPv4', 'IPv6'].");
    }
    String protocol = protocol(in.get("protocol"));
    Integer min = Docs.integer(in, "port_range_min");
    Integer max = Docs.integer(in, "port_range_max");
    ports(protocol, min, max);
    String prefix = Docs.nullableStr(in, "remote_ip_prefix");
    String remoteGroup = Docs.nullableStr(in, "remote_group_id");
    if (prefix != null && remoteGroup != null) {
      throw new dev.altus.common.error.ApiException(400, "SecurityGroupRemoteGroupAndRemoteIpPrefix",
          "Only remote_ip_prefix or remote_group_id may be provided.");
    }
    if (prefix != null) {
      Cidr c;
      try {
        c = Cidr.parse(prefix, false);
      } catch (IllegalArgumentException e) {
        throw Errors.invalidInput("'" + prefix + "' is not a valid IP subnet");
      }
      if (c.version() != (eth.equals("IPv4") ? 4 : 6)) {
        throw Errors.badRequest("Conflicting value ethertype " + eth + " for CIDR " + prefix);
      }
      prefix = c.toString();
    }
    if (remoteGroup != null) {
      get(ctx, remoteGroup);
    }
    if (eth.equals("IPv4") && protocol != null && (protocol.equals("icmpv6") || protocol.equals("ipv6-icmp")
        || protocol.equals("58"))) {
      throw new dev.altus.common.error.ApiException(400, "SecurityGroupEthertypeConflictWithProtocol",
          "Ethertype IPv4 is not supported by protocol " + protocol + ".");
    }
    quotas.check(project, "security_group_rule", 1);
    ObjectNode r = rule(project, groupId, direction, eth, remoteGroup);
    r.put("description", Docs.str(in, "description", ""));
    if (protocol != null) {
      r.put("protocol", protocol);
    }
    if (min != null) {
      r.put("port_range_min", min);
    }
    if (max != null) {
      r.put("port_range_max", max);
    }
    if (prefix != null) {
      r.put("remote_ip_prefix", prefix);
      r.put("normalized_cidr", prefix);
    }
    for (ObjectNode other : store.listByNetwork(RULE, groupId)) {
      if (same(other, r)) {
        throw Errors.conflict("SecurityGroupRuleExists", "Security group rule already exists."
            + " Rule id is " + other.get("id").asText() + ".");
      }
    }
    insertRule(r);
    return r;
  }

  private static boolean same(ObjectNode a, ObjectNode b) {
    for (String f : List.of("direction", "ethertype", "protocol", "port_range_min",
        "port_range_max", "remote_ip_prefix", "remote_group_id")) {
      if (!a.path(f).equals(b.path(f))) {
        return false;
      }
    }
    return true;
  }

  private static String protocol(JsonNode p) {
    if (p == null || p.isNull()) {
      return null;
    }
    String s = p.asText().toLowerCase();
    if (s.equals("any")) {
      return null;
    }
    if (PROTOCOLS.containsKey(s)) {
      return s;
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= 0 && n <= 255) {
        return s;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new dev.altus.common.error.ApiException(400, "SecurityGroupRuleInvalidProtocol",
        "Security group rule protocol " + p.asText() + " not supported. Only protocol values "
            + PROTOCOLS.keySet() + " and integer representations [0 to 255] are supported.");
  }

  private static void ports(String protocol, Integer min, Integer max) {
    boolean icmp = protocol != null && Set.of("icmp", "icmpv6", "ipv6-icmp", "1", "58").contains(protocol);
    boolean ported = protocol != null && Set.of("tcp", "udp", "sctp", "dccp", "udplite", "6", "17",
        "132", "33", "136").contains(protocol);
    if (icmp) {
      if (min == null && max != null) {
        throw new dev.altus.common.error.ApiException(400, "SecurityGroupMissingIcmpType",
            "ICMP code (port-range-max) " + max + " is provided but ICMP type (port-range-min) is missing.");
      }
      for (Integer v : new Integer[] {min, max}) {
        if (v != null && (v < 0 || v > 255)) {
          throw new dev.altus.common.error.ApiException(400, "SecurityGroupInvalidIcmpValue",
              "Invalid value for ICMP " + (v == min ? "type" : "code") + " (port_range_min/max) "
                  + v + "; an ICMP type and code are 0 to 255, ICMP has no port range.");
        }
      }
      return;
    }
    if (min == null && max == null) {
      return;
    }
    if (!ported) {
      throw new dev.altus.common.error.ApiException(400, "SecurityGroupInvalidProtocolForPort",
          "Invalid protocol " + protocol + " for port range, only supported for TCP, UDP, UDPLITE,"
              + " SCTP and DCCP.");
    }
    for (Integer v : new Integer[] {min, max}) {
      if (v != null && (v < 1 || v > 65535)) {
        throw new dev.altus.common.error.ApiException(400, "SecurityGroupInvalidPortValue",
            "Invalid value for port " + v);
      }
    }
    // a port range needs both ends, the lower first
    if (min == null || max == null || min > max) {
      throw new dev.altus.common.error.ApiException(400, "SecurityGroupInvalidPortRange",
          "For TCP/UDP protocols, port_range_min must be <= port_range_max");
    }
  }

  public ObjectNode getRule(RequestContext ctx, String id) {
    ObjectNode r = store.get(RULE, id).orElse(null);
    if (r == null || !access.allowed("get_security_group_rule", ctx, r)) {
      throw Errors.notFound("SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist");
    }
    return r;
  }

  public List<ObjectNode> listRules(RequestContext ctx) {
    if (ctx.projectId() != null) {
      ensureDefault(ctx.projectId());
    }
    return store.list(RULE).stream().filter(r -> access.allowed("get_security_group_rule", ctx, r)).toList();
  }

  public void deleteRule(RequestContext ctx, String id) {
    ObjectNode r = getRule(ctx, id);
    access.enforceOn("get_security_group_rule", "delete_security_group_rule", ctx, r, null,
        () -> Errors.notFound("SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist"));
    store.delete(RULE, id);
    feed.publish(RULE, "deleted", r);
  }
}
