package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ResourceChange;
import java.util.List;

/**
 * Ports and rules for the firewall's tests, built as the API shows them and recorded in a real
 * {@link ResourceView} as the L2 agent records changes; the firewall reads them through it.
 */
final class FakeView {
  final String host;
  final ResourceView view = new ResourceView();
  /** What the firewall reads, through the view. */
  final FirewallInputs inputs;

  FakeView(String host) {
    this.host = host;
    this.inputs = new ViewInputs(view, List.of(host));
  }

  /** A copy of the port to change and {@link #update}. */
  ObjectNode port(String id) {
    return view.port(id).orElseThrow().deepCopy();
  }

  /** Records a changed port; returns the change the firewall is told about. */
  ResourceChange update(ObjectNode port) {
    return apply(ResourceView.PORT, "updated", port);
  }

  ResourceChange removePort(String id) {
    return apply(ResourceView.PORT, "deleted", view.port(id).orElseThrow());
  }

  ResourceChange removeRule(String id) {
    return apply(ResourceView.SECURITY_GROUP_RULE, "deleted",
        view.get(ResourceView.SECURITY_GROUP_RULE, id).orElseThrow());
  }

  private ResourceChange apply(String kind, String action, ObjectNode doc) {
    ResourceChange c = new ResourceChange(kind, action, doc.path("id").asText(), doc.deepCopy());
    view.apply(c);
    return c;
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

  FakeView bind(ObjectNode port) {
    port.put("binding:host_id", host);
    apply(ResourceView.PORT, "created", port);
    return this;
  }

  FakeView elsewhere(ObjectNode port) {
    port.put("binding:host_id", "other-host");
    apply(ResourceView.PORT, "created", port);
    return this;
  }

  FakeView add(ObjectNode rule) {
    apply(ResourceView.SECURITY_GROUP_RULE, "created", rule);
    return this;
  }

  /** Records a new rule; returns the change the firewall is told about. */
  ResourceChange created(ObjectNode rule) {
    return apply(ResourceView.SECURITY_GROUP_RULE, "created", rule);
  }

  /** A group's default rules as the API makes them: egress anywhere, ingress from members. */
  FakeView defaultGroup(String group) {
    for (String eth : List.of("IPv4", "IPv6")) {
      add(rule(group + "-e" + eth, group, "egress", eth, null, null, null, null, null));
      add(rule(group + "-i" + eth, group, "ingress", eth, null, null, null, null, group));
    }
    return this;
  }
}
