package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.store.ResourceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Floating IPs: an address on an external network held by a {@code network:floatingip} port,
 * associated with a port only where a router joins the port's subnet to that external network.
 */
public final class FloatingIpService {
  private static final Set<String> CREATE = Set.of("floating_network_id", "floating_ip_address",
      "subnet_id", "port_id", "fixed_ip_address", "description", "tenant_id", "project_id");
  private static final Set<String> UPDATE = Set.of("port_id", "fixed_ip_address", "description");
  static final String KIND = "floatingip";
  static final String OWNER = "network:floatingip";
  private final ResourceStore store;
  private final Access access;
  private final Quotas quotas;
  private final ChangeFeed feed;
  private final Clock clock;
  private final Locks locks;
  private final NetworkService networks;
  private final PortService ports;
  private final RouterService routers;

  public FloatingIpService(ResourceStore store, Access access, Quotas quotas, ChangeFeed feed,
      Clock clock, Locks locks, NetworkService networks, PortService ports, RouterService routers) {
    this.store = store;
    this.access = access;
    this.quotas = quotas;
    this.feed = feed;
    this.clock = clock;
    this.locks = locks;
    this.networks = networks;
    this.ports = ports;
    this.routers = routers;
  }

  public ObjectNode create(RequestContext ctx, JsonNode in) {
    Docs.allowOnly(in, KIND, CREATE);
    String netId = Docs.nullableStr(in, "floating_network_id");
    if (netId == null) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'floating_network_id'"
          + " not specified");
    }
    ObjectNode target = Access.createTarget(in, Docs.owner(ctx, in));
    access.enforce("create_floatingip", ctx, target);
    access.enforceAttributes("create_floatingip", ctx, in, target, null);
    ObjectNode net = networks.find(netId).filter(n -> access.canSeeNetwork(ctx, n))
        .orElseThrow(() -> NetworkService.notFound(netId));
    if (!net.path("router:external").asBoolean()) {
      throw Errors.badRequest("Bad floatingip request: Network " + netId
          + " is not a valid external network.");
    }
    String project = Docs.owner(ctx, in);
    quotas.check(project, "floatingip", 1);
    String id = Docs.newId();
    ObjectNode d = Docs.create(clock, id, project, in);
    d.remove("name");
    d.put("floating_network_id", netId);
    d.put("status", "DOWN");
    d.putNull("router_id");
    d.putNull("port_id");
    d.putNull("fixed_ip_address");
    ObjectNode portIn = Json.object();
    portIn.put("device_owner", OWNER);
    portIn.put("device_id", id);
    String address = Docs.nullableStr(in, "floating_ip_address");
    String subnetId = Docs.nullableStr(in, "subnet_id");
    if (address != null || subnetId != null) {
      ObjectNode f = portIn.putArray("fixed_ips").addObject();
      if (address != null) {
        f.put("ip_address", address);
      }
      if (subnetId != null) {
        f.put("subnet_id", subnetId);
      }
    }
    ObjectNode port = ports.createInternal(net, null, portIn, ctx);
    String v4 = null;
    for (JsonNode f : port.get("fixed_ips")) {
      if (!f.get("ip_address").asText().contains(":")) {
        v4 = f.get("ip_address").asText();
      }
    }
    if (v4 == null) {
      ports.deleteInternal(port);
      throw Errors.badRequest("Bad floatingip request: Network " + netId
          + " does not contain any IPv4 subnet");
    }
    d.put("floating_ip_address", v4);
    try {
      if (Docs.nullableStr(in, "port_id") != null) {
        associate(ctx, d, Docs.nullableStr(in, "port_id"), Docs.nullableStr(in, "fixed_ip_address"));
      }
      store.insert(KIND, d);
    } catch (RuntimeException e) {
      ports.deleteInternal(port);
      throw e;
    }
    feed.publish(KIND, "created", d);
    return d;
  }

  /** Points the floating IP at a port's fixed address through the router that can reach it. */
  private void associate(RequestContext ctx, ObjectNode d, String portId, String fixedIp) {
    ObjectNode port = ports.get(ctx, portId);
    if (!access.allowed("update_port", ctx, port, () -> networks.find(
        port.path("network_id").asText()).orElse(null))) {
      throw PortService.notFound(portId);
    }
    if (port.path("device_owner").asText().startsWith("network:")) {
      throw Errors.badRequest("Bad floatingip request: Port " + portId + " has owner "
          + port.path("device_owner").asText() + " and therefore cannot be associated with a"
          + " floating IP.");
    }
    List<JsonNode> v4 = new ArrayList<>();
    for (JsonNode f : port.get("fixed_ips")) {
      if (!f.get("ip_address").asText().contains(":")) {
        v4.add(f);
      }
    }
    JsonNode chosen = null;
    if (fixedIp != null) {
      for (JsonNode f : port.get("fixed_ips")) {
        if (f.get("ip_address").asText().equals(fixedIp)) {
          chosen = f;
        }
      }
      if (chosen == null) {
        throw Errors.badRequest("Bad floatingip request: Port " + portId + " does not have fixed"
            + " ip " + fixedIp + ".");
      }
    } else if (v4.isEmpty()) {
      throw Errors.badRequest("Bad floatingip request: Port " + portId + " does not have any"
          + " IPv4 address assigned.");
    } else if (v4.size() > 1) {
      throw Errors.badRequest("Bad floatingip request: Port " + portId + " has multiple fixed"
          + " IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP.");
    } else {
      chosen = v4.get(0);
    }
    String ip = chosen.get("ip_address").asText();
    String subnetId = chosen.get("subnet_id").asText();
    String extNet = d.get("floating_network_id").asText();
    for (ObjectNode other : store.listByKey(KIND, "port_id", portId)) {
      if (!other.get("id").asText().equals(d.get("id").asText()) && ip.equals(Docs.text(other, "fixed_ip_address"))) {
        throw Errors.conflict("FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
            + d.get("floating_ip_address").asText() + " (" + d.get("id").asText() + ") with port "
            + portId + " using fixed IP " + ip + ", as that fixed IP already has a floating IP on"
            + " external network " + extNet + ".");
      }
    }
    ObjectNode router = routers.routerBetween(subnetId, extNet).orElseThrow(() -> new ApiException(
        404, "ExternalGatewayForFloatingIPNotFound", "External network " + extNet + " is not"
        + " reachable from subnet " + subnetId + ".  Therefore, cannot associate Port " + portId
        + " with a Floating IP."));
    d.put("port_id", portId);
    d.put("fixed_ip_address", ip);
    d.put("router_id", router.get("id").asText());
  }

  private static void disassociate(ObjectNode d) {
    d.putNull("port_id");
    d.putNull("fixed_ip_address");
    d.putNull("router_id");
    d.put("status", "DOWN");
  }

  public ObjectNode get(RequestContext ctx, String id) {
    ObjectNode d = store.get(KIND, id).orElse(null);
    if (d == null || !access.allowed("get_floatingip", ctx, d)) {
      throw notFound(id);
    }
    return d;
  }

  static ApiException notFound(String id) {
    return Errors.notFound("FloatingIPNotFound", "Floating IP " + id + " could not be found");
  }

  public java.util.Optional<ObjectNode> find(String id) {
    return store.get(KIND, id);
  }

  public List<ObjectNode> list(RequestContext ctx) {
    return store.list(KIND).stream()
        .filter(f -> access.allowed("get_floatingip", ctx, f)).toList();
  }

  public ObjectNode update(RequestContext ctx, String id, JsonNode in) {
    Docs.allowOnly(in, KIND, UPDATE);
    return locks.with(id, () -> {
      ObjectNode d = get(ctx, id);
      access.enforceOn("get_floatingip", "update_floatingip", ctx, d, null, () -> notFound(id));
      access.enforceAttributes("update_floatingip", ctx, in, d, null);
      if (in.has("description")) {
        d.put("description", Docs.str(in, "description", ""));
      }
      if (in.has("port_id")) {
        String portId = Docs.nullableStr(in, "port_id");
        if (portId == null) {
          disassociate(d);
        } else {
          associate(ctx, d, portId, Docs.nullableStr(in, "fixed_ip_address"));
        }
      } else if (in.has("fixed_ip_address")) {
        if (d.get("port_id").isNull()) {
          throw Errors.badRequest("fixed_ip_address cannot be specified without a port_id");
        }
        associate(ctx, d, d.get("port_id").asText(), Docs.nullableStr(in, "fixed_ip_address"));
      }
      Docs.touch(d, clock);
      store.update(KIND, d);
      feed.publish(KIND, "updated", d);
      return d;
    });
  }

  public void delete(RequestContext ctx, String id) {
    locks.with(id, () -> {
      ObjectNode d = get(ctx, id);
      access.enforceOn("get_floatingip", "delete_floatingip", ctx, d, null, () -> notFound(id));
      for (ObjectNode p : store.listByKey("port", "device_id", id)) {
        if (p.path("device_owner").asText().equals(OWNER)) {
          ports.deleteInternal(p);
        }
      }
      store.delete(KIND, id);
      feed.publish(KIND, "deleted", d);
      return null;
    });
  }

  /** Records what the L3 agent reported about the floating IP's NAT. */
  public void setStatus(String id, String status) {
    locks.with(id, () -> {
      store.get(KIND, id).ifPresent(f -> {
        if (!f.path("status").asText().equals(status)) {
          f.put("status", status);
          Docs.touch(f, clock);
          store.update(KIND, f);
        }
      });
      return null;
    });
  }
}
