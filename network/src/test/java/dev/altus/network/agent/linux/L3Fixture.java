package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.network.agent.AgentReports;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.agent.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Resources as the network service publishes them, built for L3 agent tests, and the agent-side
 * fake of {@link AgentReports} that keeps what was reported. Every resource made is kept so a test
 * can replay the whole state to a fresh agent (a restart).
 */
final class L3Fixture {
  final Map<String, ResourceChange> current = new LinkedHashMap<>();
  final Reports reports = new Reports();
  /** Agents that see every change besides the one a call names (a metadata agent). */
  final List<DataPlaneAgent> also = new ArrayList<>();

  static String id() {
    return UUID.randomUUID().toString();
  }

  static String mac() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("fa:16:3e:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
  }

  ObjectNode network(boolean external) {
    ObjectNode n = Json.object().put("id", id()).put("mtu", 1500).put("router:external", external);
    return n;
  }

  ObjectNode subnet(ObjectNode net, String cidr, String gateway) {
    return Json.object().put("id", id()).put("network_id", net.get("id").asText())
        .put("cidr", cidr).put("gateway_ip", gateway).put("ip_version", 4);
  }

  ObjectNode port(ObjectNode subnet, String ip, String owner, String device) {
    ObjectNode p = Json.object().put("id", id()).put("network_id", subnet.get("network_id").asText())
        .put("mac_address", mac()).put("device_owner", owner).put("device_id", device)
        .put("project_id", "proj-" + device).put("status", "DOWN");
    p.putArray("fixed_ips").addObject().put("subnet_id", subnet.get("id").asText())
        .put("ip_address", ip);
    return p;
  }

  ObjectNode router(String id, ObjectNode extNet, boolean snat) {
    ObjectNode r = Json.object().put("id", id).put("admin_state_up", true).put("status", "ACTIVE");
    if (extNet == null) {
      r.putNull("external_gateway_info");
    } else {
      r.putObject("external_gateway_info").put("network_id", extNet.get("id").asText())
          .put("enable_snat", snat);
    }
    r.putArray("routes");
    return r;
  }

  ObjectNode floatingIp(String address, ObjectNode port, String routerId) {
    ObjectNode f = Json.object().put("id", id()).put("floating_ip_address", address)
        .put("status", "DOWN");
    associate(f, port, routerId);
    return f;
  }

  static void associate(ObjectNode fip, ObjectNode port, String routerId) {
    if (port == null) {
      fip.putNull("port_id").putNull("fixed_ip_address").putNull("router_id");
    } else {
      fip.put("port_id", port.get("id").asText())
          .put("fixed_ip_address", port.get("fixed_ips").get(0).get("ip_address").asText())
          .put("router_id", routerId);
    }
  }

  /** Publishes a creation or update of {@code r} (of {@code kind}) to {@code agent}. */
  void put(DataPlaneAgent agent, String kind, ObjectNode r) {
    String id = r.get("id").asText();
    String action = current.containsKey(kind + "/" + id) ? "updated" : "created";
    ResourceChange c = new ResourceChange(kind, action, id, r.deepCopy());
    current.put(kind + "/" + id, c);
    agent.onChange(c);
    also.forEach(a -> a.onChange(c));
  }

  void delete(DataPlaneAgent agent, String kind, ObjectNode r) {
    String id = r.get("id").asText();
    current.remove(kind + "/" + id);
    ResourceChange c = new ResourceChange(kind, "deleted", id, r.deepCopy());
    agent.onChange(c);
    also.forEach(a -> a.onChange(c));
  }

  /** Replays the current state to a (restarted) agent, then says the replay is complete. */
  void replay(DataPlaneAgent agent) {
    for (ResourceChange c : current.values()) {
      agent.onChange(new ResourceChange(c.kind(), "created", c.id(), c.resource().deepCopy()));
    }
    agent.replayed();
  }

  /** What agents reported, in order. */
  static final class Reports implements AgentReports {
    final List<String> events = new ArrayList<>();
    final Map<String, String> status = new LinkedHashMap<>();

    @Override
    public synchronized void heartbeat(DataPlaneAgent agent, String host) {
      events.add("heartbeat " + agent.agentType());
    }

    @Override
    public synchronized void portStatus(String portId, String s) {
      events.add("port " + portId + " " + s);
      status.put(portId, s);
    }

    @Override
    public synchronized void floatingIpStatus(String id, String s) {
      events.add("floatingip " + id + " " + s);
      status.put(id, s);
    }

    synchronized String of(String id) {
      return status.get(id);
    }
  }
}
