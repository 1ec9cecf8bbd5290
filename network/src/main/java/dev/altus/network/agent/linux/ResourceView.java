package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.network.agent.ResourceChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An agent's local picture of the control plane's resources, built only from the changes it
 * receives ({@link #apply}): agents hold no database credentials. Safe to read from any thread
 * while the change feed writes; each document is a private copy and must not be modified.
 *
 * <p>Deletions cascade as the control plane's do, so the view never keeps orphans whose deletion
 * event it may not see: a deleted network takes its subnets and ports with it, a deleted security
 * group its rules.
 */
public final class ResourceView {
  public static final String NETWORK = "network";
  public static final String SUBNET = "subnet";
  public static final String PORT = "port";
  public static final String ROUTER = "router";
  public static final String FLOATING_IP = "floatingip";
  public static final String SECURITY_GROUP = "security_group";
  public static final String SECURITY_GROUP_RULE = "security_group_rule";
  /** Registered agents, so an L2 agent learns the other hosts' tunnel addresses. */
  public static final String AGENT = "agent";

  private final Map<String, Map<String, ObjectNode>> byKind = new ConcurrentHashMap<>();

  /**
   * Records a change. Returns the document as it was before ({@code null} when it is new), so an
   * agent can see what moved (a port's host, a network's segment).
   */
  public ObjectNode apply(ResourceChange change) {
    Map<String, ObjectNode> docs = kind(change.kind());
    if (change.action().equals("deleted")) {
      ObjectNode before = docs.remove(change.id());
      switch (change.kind()) {
        case NETWORK -> {
          kind(SUBNET).values().removeIf(s -> change.id().equals(text(s, "network_id")));
          kind(PORT).values().removeIf(p -> change.id().equals(text(p, "network_id")));
        }
        case SECURITY_GROUP -> kind(SECURITY_GROUP_RULE).values()
            .removeIf(r -> change.id().equals(text(r, "security_group_id")));
        default -> { }
      }
      return before;
    }
    return docs.put(change.id(), change.resource().deepCopy());
  }

  private Map<String, ObjectNode> kind(String kind) {
    return byKind.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
  }

  private static String text(JsonNode d, String field) {
    JsonNode v = d.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private List<ObjectNode> select(String kind, Predicate<ObjectNode> p) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode d : kind(kind).values()) {
      if (p.test(d)) {
        out.add(d);
      }
    }
    out.sort(Comparator.comparing(d -> text(d, "id")));
    return out;
  }

  public Optional<ObjectNode> get(String kind, String id) {
    return Optional.ofNullable(kind(kind).get(id));
  }

  /** Every document of a kind, in id order. */
  public List<ObjectNode> all(String kind) {
    return select(kind, d -> true);
  }

  public Optional<ObjectNode> network(String id) {
    return get(NETWORK, id);
  }

  public Optional<ObjectNode> subnet(String id) {
    return get(SUBNET, id);
  }

  public Optional<ObjectNode> port(String id) {
    return get(PORT, id);
  }

  public Optional<ObjectNode> router(String id) {
    return get(ROUTER, id);
  }

  public Optional<ObjectNode> floatingIp(String id) {
    return get(FLOATING_IP, id);
  }

  public Optional<ObjectNode> securityGroup(String id) {
    return get(SECURITY_GROUP, id);
  }

  public List<ObjectNode> networks() {
    return all(NETWORK);
  }

  public List<ObjectNode> subnetsOf(String networkId) {
    return select(SUBNET, s -> networkId.equals(text(s, "network_id")));
  }

  /** The network's subnets with {@code enable_dhcp} true. */
  public List<ObjectNode> dhcpSubnetsOf(String networkId) {
    return select(SUBNET, s -> networkId.equals(text(s, "network_id"))
        && s.path("enable_dhcp").asBoolean(true));
  }

  public List<ObjectNode> portsOf(String networkId) {
    return select(PORT, p -> networkId.equals(text(p, "network_id")));
  }

  /** Ports whose {@code binding:host_id} is {@code host}. */
  public List<ObjectNode> portsOnHost(String host) {
    return select(PORT, p -> host.equals(text(p, "binding:host_id")));
  }

  /**
   * Ports whose {@code device_owner} is {@code owner}, or starts with it when it ends in ':'
   * ({@code compute:} is every guest's port).
   */
  public List<ObjectNode> portsOwnedBy(String owner) {
    return select(PORT, p -> owns(p, owner));
  }

  /** Ports of {@code device_id} (a server, a router, a DHCP port's {@code dhcp-<network>}). */
  public List<ObjectNode> portsOfDevice(String deviceId) {
    return select(PORT, p -> deviceId.equals(text(p, "device_id")));
  }

  /** The network's DHCP port ({@code device_owner} {@code network:dhcp}), if any. */
  public Optional<ObjectNode> dhcpPort(String networkId) {
    return portsOf(networkId).stream().filter(p -> owns(p, "network:dhcp")).findFirst();
  }

  /**
   * Router interface ports ({@code network:router_interface*}) with an address on the subnet: a
   * subnet without one is isolated (its guests get the metadata route through the DHCP port).
   */
  public List<ObjectNode> routerInterfacesOn(String subnetId) {
    return select(PORT, p -> owns(p, "network:router_interface") && onSubnet(p, subnetId));
  }

  /** The router's interface ports on tenant subnets. */
  public List<ObjectNode> routerInterfaces(String routerId) {
    return select(PORT, p -> routerId.equals(text(p, "device_id"))
        && owns(p, "network:router_interface"));
  }

  /** The router's gateway port on the external network, if it has one. */
  public Optional<ObjectNode> routerGateway(String routerId) {
    return select(PORT, p -> routerId.equals(text(p, "device_id"))
        && owns(p, "network:router_gateway")).stream().findFirst();
  }

  public List<ObjectNode> routers() {
    return all(ROUTER);
  }

  public List<ObjectNode> floatingIps() {
    return all(FLOATING_IP);
  }

  /** Floating IPs associated through {@code router_id} with the router. */
  public List<ObjectNode> floatingIpsOf(String routerId) {
    return select(FLOATING_IP, f -> routerId.equals(text(f, "router_id")));
  }

  public List<ObjectNode> securityGroups() {
    return all(SECURITY_GROUP);
  }

  public List<ObjectNode> rulesOf(String securityGroupId) {
    return select(SECURITY_GROUP_RULE, r -> securityGroupId.equals(text(r, "security_group_id")));
  }

  /** Ports that are members of the group (its {@code security_groups} lists it). */
  public List<ObjectNode> portsInGroup(String securityGroupId) {
    return select(PORT, p -> {
      for (JsonNode g : p.path("security_groups")) {
        if (securityGroupId.equals(g.asText())) {
          return true;
        }
      }
      return false;
    });
  }

  /** The port's addresses ({@code fixed_ips[].ip_address}). */
  public static List<String> addresses(JsonNode port) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : port.path("fixed_ips")) {
      out.add(f.path("ip_address").asText());
    }
    return out;
  }

  /** Whether the port has an address on the subnet. */
  public static boolean onSubnet(JsonNode port, String subnetId) {
    for (JsonNode f : port.path("fixed_ips")) {
      if (subnetId.equals(f.path("subnet_id").asText())) {
        return true;
      }
    }
    return false;
  }

  private static boolean owns(JsonNode port, String owner) {
    String o = text(port, "device_owner");
    // router_interface also covers its _distributed and _ha_replicated variants
    return o.equals(owner) || (owner.endsWith(":") || owner.equals("network:router_interface"))
        && o.startsWith(owner);
  }
}
