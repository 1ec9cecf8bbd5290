package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.network.agent.ResourceChange;
import java.util.LinkedHashSet;
import java.util.Set;

/** Which routers' data plane a change may affect, before and after it. */
final class RouterChanges {
  private RouterChanges() {}

  /**
   * The router itself, the router a port belongs to, the router a floating IP goes through, and
   * every router with a port on a changed network or subnet (a gateway or MTU change).
   *
   * @param before the resource before the change (null when it is new)
   */
  static Set<String> affected(ResourceView view, ResourceChange c, ObjectNode before) {
    Set<String> out = new LinkedHashSet<>();
    if (before != null) {
      out.addAll(of(view, c.kind(), before));
    }
    if (!c.action().equals("deleted")) {
      out.addAll(of(view, c.kind(), c.resource()));
    }
    return out;
  }

  private static Set<String> of(ResourceView view, String kind, ObjectNode r) {
    Set<String> out = new LinkedHashSet<>();
    switch (kind) {
      case ResourceView.ROUTER -> out.add(r.path("id").asText());
      case ResourceView.PORT -> {
        if (routerPort(r)) {
          out.add(r.path("device_id").asText());
        }
      }
      case ResourceView.FLOATING_IP -> {
        String router = text(r, "router_id");
        if (router != null) {
          out.add(router);
        }
      }
      case ResourceView.SUBNET, ResourceView.NETWORK -> {
        String net = kind.equals(ResourceView.NETWORK) ? r.path("id").asText()
            : r.path("network_id").asText();
        view.portsOf(net).stream().filter(RouterChanges::routerPort)
            .forEach(p -> out.add(p.path("device_id").asText()));
      }
      default -> { }
    }
    return out;
  }

  private static boolean routerPort(JsonNode p) {
    String owner = p.path("device_owner").asText();
    return owner.equals(L3Names.IFACE) || owner.equals(L3Names.GATEWAY);
  }

  /** A field's text, or null when it is missing, null or empty. */
  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
