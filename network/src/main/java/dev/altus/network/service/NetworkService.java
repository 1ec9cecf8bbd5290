package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.store.AllocationStore;
import dev.altus.network.store.ResourceStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Networks: attributes, provider segments, sharing and the in-use rule on delete. */
public final class NetworkService {
  static final Set<String> CREATE = Set.of("name", "description", "admin_state_up", "shared",
      "router:external", "tenant_id", "project_id", "mtu", "port_security_enabled",
      "availability_zone_hints", "provider:network_type", "provider:physical_network",
      "provider:segmentation_id", "is_default");
  private static final Set<String> UPDATE = Set.of("name", "description", "admin_state_up",
      "shared", "router:external", "mtu", "port_security_enabled", "is_default");
  static final String KIND = "network";
  /** Attributes with their own get_network:* rule. */
  private static final Set<String> GUARDED = Set.of("provider:network_type",
      "provider:physical_network", "provider:segmentation_id", "router:external");
  private final ResourceStore store;
  private final AllocationStore alloc;
  private final Access access;
  private final Quotas quotas;
  private final ChangeFeed feed;
  private final Clock clock;
  private final Locks locks;
  private PortService ports;
  private SubnetService subnets;

  public NetworkService(ResourceStore store, AllocationStore alloc, Access access, Quotas quotas,
      ChangeFeed feed, Clock clock, Locks locks) {
    this.store = store;
    this.alloc = alloc;
    this.access = access;
    this.quotas = quotas;
    this.feed = feed;
    this.clock = clock;
    this.locks = locks;
  }

  private java.util.function.Consumer<String> onDeleted = id -> {};

  /** Told the id of every deleted network (to drop what refers to it). */
  public void onDeleted(java.util.function.Consumer<String> hook) {
    this.onDeleted = hook;
  }

  private AutoAllocation autoAllocation;

  void wire(PortService ports, SubnetService subnets) {
    this.ports = ports;
    this.subnets = subnets;
  }

  /** The auto-allocation service, which owns external networks' {@code is_default}. */
  public void wire(AutoAllocation a) {
    this.autoAllocation = a;
  }

  private void applyIsDefault(RequestContext ctx, ObjectNode d, JsonNode in, String action) {
    if (autoAllocation != null) {
      autoAllocation.applyIsDefault(ctx, d, in, action);
    } else if (in.has("is_default")) {
      throw Errors.badRequest("Unrecognized attribute(s) 'is_default'");
    }
  }

  public ObjectNode create(RequestContext ctx, JsonNode in) {
    Docs.allowOnly(in, KIND, CREATE);
    String project = Docs.owner(ctx, in);
    ObjectNode target = Access.createTarget(in, project);
    access.enforce("create_network", ctx, target);
    access.enforceAttributes("create_network", ctx, in, target, null);
    quotas.check(project, "network", 1);
    String id = Docs.newId();
    ObjectNode d = Docs.create(clock, id, project, in);
    d.put("admin_state_up", Docs.bool(in, "admin_state_up", true));
    d.put("status", "ACTIVE");
    d.put("shared", Docs.bool(in, "shared", false));
    d.put("router:external", Docs.bool(in, "router:external", false));
    d.put("port_security_enabled", Docs.bool(in, "port_security_enabled", true));
    List<String> hints = Docs.strings(in, "availability_zone_hints");
    var az = d.putArray("availability_zone_hints");
    if (hints != null) {
      for (String h : hints) {
        if (!h.equals("nova")) {
          throw Errors.notFound("AvailabilityZoneNotFound", "AvailabilityZone " + h + " could not be found.");
        }
        az.add(h);
      }
    }
    d.putArray("availability_zones").add("nova");
    d.putNull("ipv4_address_scope");
    d.putNull("ipv6_address_scope");
    String type = Docs.nullableStr(in, "provider:network_type");
    String physnet = Docs.nullableStr(in, "provider:physical_network");
    Integer segId = Docs.integer(in, "provider:segmentation_id");
    segment(d, type == null ? "vxlan" : type, physnet, segId, type == null);
    int maxMtu = d.path("provider:network_type").asText().equals("vxlan") ? 1450 : 1500;
    Integer mtu = Docs.integer(in, "mtu");
    if (mtu != null && (mtu < 68 || mtu > maxMtu)) {
      alloc.releaseSegments(id);
      throw Errors.invalidInput("Requested MTU " + mtu + " is out of range 68-" + maxMtu);
    }
    d.put("mtu", mtu == null ? maxMtu : mtu);
    try {
      applyIsDefault(ctx, d, in, "create_network");
      store.insert(KIND, d);
    } catch (RuntimeException e) {
      alloc.releaseSegments(id);
      throw e;
    }
    feed.publish(KIND, "created", d);
    return d;
  }

  private void segment(ObjectNode d, String type, String physnet, Integer segId, boolean tenant) {
    String id = d.get("id").asText();
    switch (type) {
      case "vxlan", "geneve", "gre" -> {
        if (physnet != null) {
          throw Errors.invalidInput("physical_network not allowed for " + type + " provider network");
        }
        if (segId != null) {
          if (segId < 1 || segId > 16777215) {
            throw Errors.invalidInput("segmentation_id out of range (1 through 16777215)");
          }
          if (!alloc.claimSegment(type, null, segId, id)) {
            throw Errors.conflict("TunnelIdInUse", "Unable to create the network. The tunnel ID "
                + segId + " is in use.");
          }
        } else {
          segId = claimAny(type, null, 1, 16777215, id);
        }
      }
      case "vlan" -> {
        if (physnet == null) {
          throw Errors.invalidInput("physical_network required for VLAN provider network");
        }
        if (segId != null) {
          if (segId < 1 || segId > 4094) {
            throw Errors.invalidInput("segmentation_id out of range (1 through 4094)");
          }
          if (!alloc.claimSegment(type, physnet, segId, id)) {
            throw Errors.conflict("VlanIdInUse", "Unable to create the network. The VLAN " + segId
                + " on physical network " + physnet + " is in use.");
          }
        } else {
          segId = claimAny(type, physnet, 1, 4094, id);
        }
      }
      case "flat" -> {
        if (physnet == null) {
          throw Errors.invalidInput("physical_network required for flat provider network");
        }
        if (segId != null) {
          throw Errors.invalidInput("segmentation_id not allowed for flat provider network");
        }
        if (!alloc.claimSegment(type, physnet, 0, id)) {
          throw Errors.conflict("FlatNetworkInUse", "Unable to create the flat network. Physical"
              + " network " + physnet + " is in use.");
        }
      }
      case "local" -> {
        if (physnet != null || segId != null) {
          throw Errors.invalidInput("physical_network and segmentation_id not allowed for local network");
        }
      }
      default -> throw Errors.invalidInput("network_type value '" + type + "' not supported");
    }
    d.put("provider:network_type", type);
    if (physnet == null) {
      d.putNull("provider:physical_network");
    } else {
      d.put("provider:physical_network", physnet);
    }
    if (segId == null) {
      d.putNull("provider:segmentation_id");
    } else {
      d.put("provider:segmentation_id", segId);
    }
  }

  private int claimAny(String type, String physnet, int lo, int hi, String networkId) {
    for (int i = 0; i < 200; i++) {
      int v = ThreadLocalRandom.current().nextInt(lo, hi + 1);
      if (alloc.claimSegment(type, physnet, v, networkId)) {
        return v;
      }
    }
    throw Errors.conflict("NoNetworkAvailable", "Unable to create the network. No tenant network"
        + " is available for allocation.");
  }

  /** The network if the caller may see it, else 404 NetworkNotFound. */
  public ObjectNode get(RequestContext ctx, String id) {
    ObjectNode d = store.get(KIND, id).orElse(null);
    if (d == null || !access.canSeeNetwork(ctx, d)) {
      throw notFound(id);
    }
    return d;
  }

  static dev.altus.common.error.ApiException notFound(String id) {
    return Errors.notFound("NetworkNotFound", "Network " + id + " could not be found.");
  }

  /** Any network, regardless of the caller (for internal checks). */
  public java.util.Optional<ObjectNode> find(String id) {
    return store.get(KIND, id);
  }

  public List<ObjectNode> list(RequestContext ctx) {
    return store.list(KIND).stream().filter(n -> access.canSeeNetwork(ctx, n)).toList();
  }

  /** The document as the caller sees it: subnets filled in, provider attributes for admins only. */
  public ObjectNode view(RequestContext ctx, ObjectNode d) {
    ObjectNode v = d.deepCopy();
    if (v.path("router:external").asBoolean() && !v.has("is_default")) {
      v.put("is_default", false); // made before the attribute existed
    }
    var subs = v.putArray("subnets");
    for (ObjectNode s : store.listByNetwork("subnet", d.get("id").asText())) {
      subs.add(s.get("id").asText());
    }
    return access.view("get_network", ctx, v, GUARDED, null);
  }

  public ObjectNode update(RequestContext ctx, String id, JsonNode in) {
    Docs.allowOnly(in, KIND, UPDATE);
    return locks.with(id, () -> {
      ObjectNode d = get(ctx, id);
      access.enforceOn("get_network", "update_network", ctx, d, null, () -> notFound(id));
      access.enforceAttributes("update_network", ctx, in, d, null);
      if (in.has("name")) {
        d.put("name", Docs.str(in, "name", ""));
      }
      if (in.has("description")) {
        d.put("description", Docs.str(in, "description", ""));
      }
      for (String b : List.of("admin_state_up", "port_security_enabled", "router:external")) {
        if (in.has(b)) {
          d.put(b, Docs.bool(in, b, null));
        }
      }
      if (in.has("shared")) {
        boolean shared = Docs.bool(in, "shared", null);
        if (!shared && d.path("shared").asBoolean()) {
          String owner = Docs.text(d, "project_id");
          for (ObjectNode p : store.listByNetwork("port", id)) {
            String po = Docs.text(p, "project_id");
            if (po != null && !po.isEmpty() && !po.equals(owner)
                && !p.path("device_owner").asText().startsWith("network:")) {
              throw Errors.conflict("InvalidSharedSetting", "Unable to reconfigure sharing settings"
                  + " for network " + id + ". Multiple tenants are using it.");
            }
          }
        }
        d.put("shared", shared);
      }
      if (in.has("mtu")) {
        Integer mtu = Docs.integer(in, "mtu");
        int max = d.path("provider:network_type").asText().equals("vxlan") ? 1450 : 1500;
        if (mtu == null || mtu < 68 || mtu > max) {
          throw Errors.invalidInput("Requested MTU " + mtu + " is out of range 68-" + max);
        }
        d.put("mtu", mtu);
      }
      applyIsDefault(ctx, d, in, "update_network");
      Docs.touch(d, clock);
      store.update(KIND, d);
      feed.publish(KIND, "updated", d);
      return d;
    });
  }

  public void delete(RequestContext ctx, String id) {
    ObjectNode d = get(ctx, id);
    access.enforceOn("get_network", "delete_network", ctx, d, null, () -> notFound(id));
    List<ObjectNode> onNet = store.listByNetwork("port", id);
    for (ObjectNode p : onNet) {
      String owner = p.path("device_owner").asText();
      if (!owner.equals("network:dhcp") && !owner.equals("network:floatingip")) {
        throw Errors.conflict("NetworkInUse", "Unable to complete operation on network " + id
            + ". There are one or more ports still in use on the network.");
      }
    }
    for (ObjectNode p : onNet) {
      if (p.path("device_owner").asText().equals("network:floatingip")) {
        // floating IPs on a deleted external network go with it, as in Neutron
        String fipId = p.path("device_id").asText();
        store.get("floatingip", fipId).ifPresent(f -> {
          store.delete("floatingip", fipId);
          feed.publish("floatingip", "deleted", f);
        });
      }
      ports.deleteInternal(p);
    }
    for (ObjectNode s : store.listByNetwork("subnet", id)) {
      subnets.deleteInternal(s);
    }
    alloc.releaseSegments(id);
    store.delete(KIND, id);
    onDeleted.accept(id);
    feed.publish(KIND, "deleted", d);
  }

  public ObjectNode emptyView() {
    return Json.object();
  }
}
