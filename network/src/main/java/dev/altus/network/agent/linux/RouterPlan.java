package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.DeviceNames;
import dev.altus.network.ipam.Cidr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What one router should be on this host, computed from the network service's state alone: its
 * namespace, a {@code qr-} interface per tenant port, the {@code qg-} gateway, SNAT, floating IPs
 * and extra routes. Pure data, so the same plan gives the same host whatever was there before.
 *
 * @param routerId the router
 * @param interfaces its {@code qr-} interfaces, by port id
 * @param gateway its {@code qg-} gateway, or null without an external gateway
 * @param snat whether tenant subnets leave through the gateway address (enable_snat)
 * @param floatingIps floating IPs associated through this router (IPv4, as Neutron's)
 * @param routes the router's extra routes
 */
record RouterPlan(String routerId, List<Port> interfaces, Port gateway, boolean snat,
    List<FloatingIp> floatingIps, List<Route> routes) {

  /**
   * A router port: the veth whose {@code tap} end is on the network's bridge and whose other end
   * ({@code device}) is in the namespace with the port's addresses.
   *
   * @param addresses address/prefix for each fixed IP (the prefix of its subnet)
   * @param cidrs the subnets those addresses are on (what SNAT covers, for interfaces)
   * @param nextHop the external subnet's gateway (the default route), for a gateway; else null
   */
  record Port(String portId, String networkId, String mac, int mtu, String device,
      List<String> addresses, List<String> cidrs, String nextHop) {
    String tap() {
      return DeviceNames.tap(portId);
    }
  }

  record FloatingIp(String id, String floatingIp, String fixedIp) {}

  record Route(String destination, String nextHop) {}

  String namespace() {
    return DeviceNames.routerNamespace(routerId);
  }

  /** Every port of the router, interfaces then gateway. */
  List<Port> ports() {
    List<Port> all = new ArrayList<>(interfaces);
    if (gateway != null) {
      all.add(gateway);
    }
    return all;
  }

  /** The gateway's IPv4 address (SNAT's source), or null. */
  String gatewayIpv4() {
    if (gateway == null) {
      return null;
    }
    return gateway.addresses().stream().filter(a -> !a.contains(":"))
        .map(a -> a.substring(0, a.indexOf('/'))).findFirst().orElse(null);
  }

  /** The plan for router {@code id} from what {@code state} holds; empty if it is unknown. */
  static Optional<RouterPlan> of(String id, ResourceView state) {
    ObjectNode router = state.get("router", id).orElse(null);
    if (router == null) {
      return Optional.empty();
    }
    List<Port> ifaces = new ArrayList<>();
    for (ObjectNode p : state.routerInterfaces(id)) {
      port(p, state, false).ifPresent(ifaces::add);
    }
    ifaces.sort(Comparator.comparing(Port::portId));
    Port gw = state.routerGateway(id).flatMap(p -> port(p, state, true)).orElse(null);
    JsonNode info = router.get("external_gateway_info");
    boolean snat = gw != null && info != null && info.isObject()
        && info.path("enable_snat").asBoolean(true);
    List<FloatingIp> fips = new ArrayList<>();
    if (gw != null) {
      for (ObjectNode f : state.floatingIpsOf(id)) {
        if (RouterChanges.text(f, "fixed_ip_address") == null) {
          continue;
        }
        fips.add(new FloatingIp(f.get("id").asText(), f.get("floating_ip_address").asText(),
            f.get("fixed_ip_address").asText()));
      }
      fips.sort(Comparator.comparing(FloatingIp::id));
    }
    List<Route> routes = new ArrayList<>();
    for (JsonNode r : router.path("routes")) {
      routes.add(new Route(r.path("destination").asText(), r.path("nexthop").asText()));
    }
    return Optional.of(new RouterPlan(id, List.copyOf(ifaces), gw, snat, List.copyOf(fips),
        List.copyOf(routes)));
  }

  private static Optional<Port> port(ObjectNode p, ResourceView state, boolean gateway) {
    String id = p.get("id").asText();
    String net = p.path("network_id").asText();
    int mtu = state.get("network", net).map(n -> n.path("mtu").asInt(1500)).orElse(1500);
    List<String> addresses = new ArrayList<>();
    List<String> cidrs = new ArrayList<>();
    String nextHop = null;
    for (JsonNode f : p.path("fixed_ips")) {
      ObjectNode subnet = state.get("subnet", f.path("subnet_id").asText()).orElse(null);
      if (subnet == null) {
        return Optional.empty(); // not yet known: the subnet's change is still to come
      }
      Cidr cidr = Cidr.parse(subnet.get("cidr").asText(), false);
      addresses.add(f.path("ip_address").asText() + "/" + cidr.prefix());
      cidrs.add(cidr.toString());
      String gw = RouterChanges.text(subnet, "gateway_ip");
      if (gateway && nextHop == null && gw != null && !gw.contains(":")) {
        nextHop = gw;
      }
    }
    String device = gateway ? DeviceNames.routerGateway(id) : DeviceNames.routerInterface(id);
    return Optional.of(new Port(id, net, p.path("mac_address").asText(), mtu, device,
        List.copyOf(addresses), List.copyOf(cidrs), nextHop));
  }
}
