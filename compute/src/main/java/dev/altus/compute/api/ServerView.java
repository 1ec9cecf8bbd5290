package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.compute.model.Fault;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.model.ServerStates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server as the compute API shows it, per microversion: the list entry (id, name, links), the
 * detail view of GET, and the basic view PUT and rebuild answer with before 2.75.
 */
public final class ServerView {
  /** What is shown beside the server row. */
  public record Extras(Map<String, String> metadata, List<String> tags, List<ServerPort> ports,
      List<String> groups, String hostStatus) {}

  /**
   * How to show it.
   *
   * @param extended the admin-only OS-EXT-SRV-ATTR fields
   * @param hostStatus 2.16's host_status (admins)
   * @param flavorExtraSpecs 2.47's flavor extra_specs
   * @param groups 2.71's server_groups (show, update, rebuild)
   */
  public record Opts(Microversion v, boolean extended, boolean hostStatus,
      boolean flavorExtraSpecs, boolean groups) {}

  private final String root;

  /** @param root the API root without version, e.g. http://host:8774 */
  public ServerView(String root) {
    this.root = root.replaceAll("/+$", "");
  }

  public ObjectNode brief(Server s) {
    ObjectNode o = Json.object();
    o.put("id", s.id());
    o.put("name", s.name());
    o.set("links", links("servers", s.id()));
    return o;
  }

  /** The GET view (also list detail). */
  public ObjectNode detail(Server s, Extras x, Opts o) {
    ObjectNode n = basic(s, x, o, true);
    n.put("OS-EXT-AZ:availability_zone", s.availabilityZone() == null ? ""
        : s.availabilityZone());
    n.put("config_drive", s.configDrive() == null ? "" : s.configDrive());
    n.put("key_name", s.keyName());
    n.put("OS-SRV-USG:launched_at", Times.micros(s.launchedAt()));
    n.put("OS-SRV-USG:terminated_at", Times.micros(s.terminatedAt()));
    if (!s.securityGroups().isEmpty()) {
      ArrayNode groups = n.putArray("security_groups");
      Set<String> names = new LinkedHashSet<>(s.securityGroups());
      for (String g : names) {
        groups.addObject().put("name", g);
      }
    }
    n.put("OS-EXT-STS:task_state", s.taskState());
    n.put("OS-EXT-STS:vm_state", s.vmState());
    n.put("OS-EXT-STS:power_state", s.powerState());
    n.putArray("os-extended-volumes:volumes_attached");
    if (o.extended()) {
      n.put("OS-EXT-SRV-ATTR:host", s.host());
      n.put("OS-EXT-SRV-ATTR:instance_name", s.instanceName());
      n.put("OS-EXT-SRV-ATTR:hypervisor_hostname", s.node());
      if (o.v().atLeast(3)) {
        n.put("OS-EXT-SRV-ATTR:reservation_id", s.reservationId());
        n.put("OS-EXT-SRV-ATTR:launch_index", s.launchIndex());
        n.put("OS-EXT-SRV-ATTR:kernel_id", "");
        n.put("OS-EXT-SRV-ATTR:ramdisk_id", "");
        n.put("OS-EXT-SRV-ATTR:hostname", s.hostname());
        n.put("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda");
        n.put("OS-EXT-SRV-ATTR:user_data", s.userData());
      }
    } else if (o.v().atLeast(90)) {
      n.put("OS-EXT-SRV-ATTR:hostname", s.hostname());
    }
    if (o.v().atLeast(16) && o.hostStatus() && x.hostStatus() != null) {
      n.put("host_status", x.hostStatus());
    }
    return n;
  }

  /** The fields every server view has (PUT and rebuild show only these before 2.75). */
  public ObjectNode basic(Server s, Extras x, Opts o, boolean extendedAddresses) {
    ObjectNode n = Json.object();
    n.put("id", s.id());
    n.put("name", s.name());
    String status = s.status();
    n.put("status", status);
    n.put("tenant_id", s.projectId());
    n.put("user_id", s.userId());
    ObjectNode meta = n.putObject("metadata");
    x.metadata().forEach(meta::put);
    n.put("hostId", hostId(s));
    if (s.imageRef() == null || s.imageRef().isEmpty()) {
      n.put("image", "");
    } else {
      ObjectNode img = n.putObject("image");
      img.put("id", s.imageRef());
      img.set("links", bookmark("images", s.imageRef()));
    }
    n.set("flavor", flavor(s.flavor(), o));
    n.put("created", Times.zulu(s.createdAt()));
    n.put("updated", Times.zulu(s.updatedAt()));
    n.set("addresses", addresses(x.ports(), extendedAddresses));
    n.put("accessIPv4", s.accessIpv4() == null ? "" : s.accessIpv4());
    n.put("accessIPv6", s.accessIpv6() == null ? "" : s.accessIpv6());
    n.set("links", links("servers", s.id()));
    n.put("OS-DCF:diskConfig", s.autoDiskConfig() ? "AUTO" : "MANUAL");
    if (ServerStates.showsProgress(status)) {
      n.put("progress", 0);
    }
    Fault f = s.fault();
    if (f != null && (ServerStates.ERROR.equals(s.vmState())
        || ServerStates.DELETED.equals(s.vmState()))) {
      ObjectNode fault = n.putObject("fault");
      fault.put("code", f.code());
      fault.put("created", Times.zulu(f.created()));
      fault.put("message", f.message());
      if (f.details() != null && (o.extended() || f.code() != 500)) {
        fault.put("details", f.details());
      }
    }
    if (o.v().atLeast(9)) {
      n.put("locked", s.locked());
    }
    if (o.v().atLeast(19)) {
      n.put("description", s.description());
    }
    if (o.v().atLeast(26)) {
      ArrayNode tags = n.putArray("tags");
      x.tags().forEach(tags::add);
    }
    if (o.v().atLeast(63)) {
      n.putNull("trusted_image_certificates");
    }
    if (o.v().atLeast(71) && o.groups()) {
      ArrayNode g = n.putArray("server_groups");
      x.groups().forEach(g::add);
    }
    if (o.v().atLeast(73)) {
      n.put("locked_reason", s.lockedReason());
    }
    return n;
  }

  private ObjectNode flavor(Flavor f, Opts o) {
    ObjectNode n = Json.object();
    if (o.v().atLeast(47)) {
      n.put("vcpus", f.vcpus());
      n.put("ram", f.memoryMb());
      n.put("disk", f.rootGb());
      n.put("ephemeral", f.ephemeralGb());
      n.put("swap", f.swapMb());
      n.put("original_name", f.name());
      if (o.flavorExtraSpecs()) {
        ObjectNode specs = n.putObject("extra_specs");
        f.extraSpecs().forEach(specs::put);
      }
    } else {
      n.put("id", f.id());
      n.set("links", bookmark("flavors", f.id()));
    }
    return n;
  }

  /** Addresses grouped by network name. */
  public static ObjectNode addresses(List<ServerPort> ports, boolean extended) {
    ObjectNode out = Json.object();
    for (ServerPort p : ports) {
      ArrayNode list = out.has(p.networkName()) ? (ArrayNode) out.get(p.networkName())
          : out.putArray(p.networkName());
      for (ServerPort.Address a : p.addresses()) {
        ObjectNode e = list.addObject();
        e.put("version", a.version());
        e.put("addr", a.addr());
        if (extended) {
          e.put("OS-EXT-IPS:type", a.type());
          e.put("OS-EXT-IPS-MAC:mac_addr", p.macAddress());
        }
      }
    }
    return out;
  }

  public ArrayNode links(String collection, String id) {
    ArrayNode l = Json.array();
    l.addObject().put("rel", "self").put("href", root + "/v2.1/" + collection + "/" + id);
    l.addObject().put("rel", "bookmark").put("href", root + "/" + collection + "/" + id);
    return l;
  }

  private ArrayNode bookmark(String collection, String id) {
    ArrayNode l = Json.array();
    l.addObject().put("rel", "bookmark").put("href", root + "/" + collection + "/" + id);
    return l;
  }

  public String root() {
    return root;
  }

  /** Nova's hostId: a hash of the project and host, so projects cannot map hosts. */
  public static String hostId(Server s) {
    if (s.host() == null) {
      return "";
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-224").digest((s.projectId() + s.host())
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
