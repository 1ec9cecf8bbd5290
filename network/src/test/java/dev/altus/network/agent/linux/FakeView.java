package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The firewall's inputs for tests: ports and rules as the API shows them, kept in maps. */
final class FakeView implements FirewallInputs {
  final String host;
  final Map<String, ObjectNode> ports = new LinkedHashMap<>();
  final Map<String, ObjectNode> rules = new LinkedHashMap<>();

  FakeView(String host) {
    this.host = host;
  }

  static ObjectNode port(String id, String net, String mac, String ip, String... groups) {
    ObjectNode p = Json.object();
    p.put("id", id);
    p.put("network_id", net);
    p.put("mac_address", mac);
    p.put("device_owner", "compute:nova");
    p.put("port_security_enabled", true);
    p.putArray("fixed_ips").addObject().put("ip_address", ip);
    p.putArray("allowed_address_pairs");
    ArrayNode g = p.putArray("security_groups");
    for (String s : groups) {
      g.add(s);
    }
    return p;
  }

  static ObjectNode rule(String id, String group, String direction, String ethertype,
      String protocol, Integer min, Integer max, String prefix, String remoteGroup) {
    ObjectNode r = Json.object();
    r.put("id", id);
    r.put("security_group_id", group);
    r.put("direction", direction);
    r.put("ethertype", ethertype);
    r.put("protocol", protocol);
    if (min == null) {
      r.putNull("port_range_min");
    } else {
      r.put("port_range_min", min);
    }
    if (max == null) {
      r.putNull("port_range_max");
    } else {
      r.put("port_range_max", max);
    }
    r.put("remote_ip_prefix", prefix);
    r.put("remote_group_id", remoteGroup);
    return r;
  }

  synchronized FakeView bind(ObjectNode port) {
    port.put("binding:host_id", host);
    ports.put(port.path("id").asText(), port);
    return this;
  }

  synchronized FakeView elsewhere(ObjectNode port) {
    port.put("binding:host_id", "other-host");
    ports.put(port.path("id").asText(), port);
    return this;
  }

  synchronized FakeView add(ObjectNode rule) {
    rules.put(rule.path("id").asText(), rule);
    return this;
  }

  /** A group's default rules as the API makes them: egress anywhere, ingress from members. */
  synchronized FakeView defaultGroup(String group) {
    for (String eth : List.of("IPv4", "IPv6")) {
      add(rule(group + "-e" + eth, group, "egress", eth, null, null, null, null, null));
      add(rule(group + "-i" + eth, group, "ingress", eth, null, null, null, null, group));
    }
    return this;
  }

  @Override
  public synchronized List<ObjectNode> localPorts() {
    return ports.values().stream().filter(p -> host.equals(p.path("binding:host_id").asText()))
        .map(ObjectNode::deepCopy).toList();
  }

  @Override
  public synchronized List<ObjectNode> rules(String groupId) {
    return rules.values().stream()
        .filter(r -> groupId.equals(r.path("security_group_id").asText()))
        .map(ObjectNode::deepCopy).toList();
  }

  @Override
  public synchronized List<ObjectNode> members(String groupId) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode p : ports.values()) {
      p.path("security_groups").forEach(g -> {
        if (g.asText().equals(groupId)) {
          out.add(p.deepCopy());
        }
      });
    }
    return out;
  }

  @Override
  public synchronized List<ObjectNode> dhcpPorts(String networkId) {
    return ports.values().stream()
        .filter(p -> "network:dhcp".equals(p.path("device_owner").asText())
            && networkId.equals(p.path("network_id").asText()))
        .map(ObjectNode::deepCopy).toList();
  }
}
