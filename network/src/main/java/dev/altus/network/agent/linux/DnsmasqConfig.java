package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What dnsmasq is told for one network, as Neutron's DHCP agent tells it: the command line (one
 * static {@code --dhcp-range} per IPv4 subnet with DHCP, tagged {@code subnet-<id>}), the hosts
 * file ({@code mac,host-<ip with dashes>,ip} for every fixed IP on those subnets, so only
 * allocated addresses are served) and the options file (router, DNS servers, classless static
 * routes as options 121 and 249, MTU, and each port's {@code extra_dhcp_opts}).
 */
final class DnsmasqConfig {
  /** The metadata service's address, routed through the DHCP port on isolated subnets. */
  static final String METADATA_ADDRESS = "169.254.169.254";

  private final ResourceView view;
  private final ObjectNode network;
  private final ObjectNode dhcpPort;
  private final List<ObjectNode> subnets;

  /**
   * @param subnets the network's IPv4 subnets with DHCP enabled on which the DHCP port has an
   *     address
   */
  DnsmasqConfig(ResourceView view, ObjectNode network, ObjectNode dhcpPort, List<ObjectNode> subnets) {
    this.view = view;
    this.network = network;
    this.dhcpPort = dhcpPort;
    this.subnets = List.copyOf(subnets);
  }

  List<ObjectNode> subnets() {
    return subnets;
  }

  /** dnsmasq's arguments, all files under {@code dir}, serving on {@code iface} only. */
  List<String> argv(Path dir, String iface, int leaseSeconds) {
    List<String> a = new ArrayList<>(List.of("dnsmasq", "--no-hosts", "--no-resolv",
        "--keep-in-foreground", "--log-facility=-", "--conf-file=/dev/null", "--port=0",
        "--pid-file=" + dir.resolve("pid"),
        "--dhcp-hostsfile=" + dir.resolve("host"),
        "--dhcp-optsfile=" + dir.resolve("opts"),
        "--dhcp-leasefile=" + dir.resolve("leases"),
        "--bind-interfaces", "--interface=" + iface,
        "--except-interface=lo"));
    for (ObjectNode s : subnets) {
      String[] cidr = s.get("cidr").asText().split("/");
      a.add("--dhcp-range=set:" + tag(s) + "," + cidr[0] + ",static," + mask(Integer.parseInt(cidr[1]))
          + "," + leaseSeconds + "s");
    }
    // as many leases as the subnets have addresses: the command line does not change with ports
    long leases = 0;
    for (ObjectNode s : subnets) {
      leases += 1L << (32 - Integer.parseInt(s.get("cidr").asText().split("/")[1]));
    }
    a.add("--dhcp-lease-max=" + Math.min(leases, 1L << 24));
    a.add("--dhcp-authoritative");
    return a;
  }

  /** The hosts file: one line per fixed IP on a served subnet of every port but the DHCP port. */
  String hosts() {
    StringBuilder b = new StringBuilder();
    for (ObjectNode p : view.portsOf(id(network))) {
      if (id(p).equals(id(dhcpPort))) {
        continue;
      }
      for (JsonNode f : p.path("fixed_ips")) {
        if (served(f.path("subnet_id").asText())) {
          String ip = f.path("ip_address").asText();
          b.append(p.path("mac_address").asText()).append(",host-").append(ip.replace('.', '-'))
              .append(',').append(ip);
          if (!p.path("extra_dhcp_opts").isEmpty()) {
            b.append(",set:port-").append(id(p));
          }
          b.append('\n');
        }
      }
    }
    return b.toString();
  }

  /** The lines of {@link #hosts} for one port (what must be in place before it is ACTIVE). */
  List<String> hostLines(ObjectNode port) {
    List<String> out = new ArrayList<>();
    for (String line : hosts().lines().toList()) {
      if (line.startsWith(port.path("mac_address").asText() + ",")) {
        out.add(line);
      }
    }
    return out;
  }

  /** The options file. */
  String options() {
    StringBuilder b = new StringBuilder();
    int mtu = network.path("mtu").asInt(1500);
    for (ObjectNode s : subnets) {
      String tag = "tag:" + tag(s);
      String gw = s.path("gateway_ip").isNull() ? "" : s.path("gateway_ip").asText("");
      List<String> dns = new ArrayList<>();
      s.path("dns_nameservers").forEach(d -> dns.add(d.asText()));
      if (!dns.isEmpty()) {
        b.append(tag).append(",option:dns-server,").append(String.join(",", dns)).append('\n');
      }
      List<String> routes = new ArrayList<>();
      if (isolated(s)) {
        dhcpAddress(s).ifPresent(ip -> routes.add(METADATA_ADDRESS + "/32," + ip));
      }
      for (JsonNode r : s.path("host_routes")) {
        routes.add(r.path("destination").asText() + "," + r.path("nexthop").asText());
      }
      if (!routes.isEmpty()) {
        // with option 121 a client ignores option 3, so the default route goes in it too
        if (!gw.isEmpty()) {
          routes.add("0.0.0.0/0," + gw);
        }
        String list = String.join(",", routes);
        b.append(tag).append(",option:classless-static-route,").append(list).append('\n');
        b.append(tag).append(",249,").append(list).append('\n');
      }
      b.append(tag).append(",option:router");
      if (!gw.isEmpty()) {
        b.append(',').append(gw);
      }
      b.append('\n');
      b.append(tag).append(",option:mtu,").append(mtu).append('\n');
    }
    for (ObjectNode p : view.portsOf(id(network))) {
      for (JsonNode o : p.path("extra_dhcp_opts")) {
        if (o.path("ip_version").asInt(4) != 4 || o.path("opt_value").isNull()) {
          continue;
        }
        String name = o.path("opt_name").asText();
        b.append("tag:port-").append(id(p)).append(',')
            .append(name.chars().allMatch(Character::isDigit) ? name : "option:" + name)
            .append(',').append(o.path("opt_value").asText()).append('\n');
      }
    }
    return b.toString();
  }

  /** Whether no router has an interface on the subnet (its guests reach metadata through DHCP). */
  boolean isolated(ObjectNode subnet) {
    return view.routerInterfacesOn(id(subnet)).isEmpty();
  }

  /** Whether any served subnet is isolated. */
  boolean anyIsolated() {
    return subnets.stream().anyMatch(this::isolated);
  }

  /** The DHCP port's address on the subnet. */
  java.util.Optional<String> dhcpAddress(ObjectNode subnet) {
    for (JsonNode f : dhcpPort.path("fixed_ips")) {
      if (f.path("subnet_id").asText().equals(id(subnet))) {
        return java.util.Optional.of(f.path("ip_address").asText());
      }
    }
    return java.util.Optional.empty();
  }

  /** The DHCP port's addresses with their prefix lengths ({@code 10.0.0.2/24}). */
  List<String> dhcpAddresses() {
    List<String> out = new ArrayList<>();
    for (ObjectNode s : subnets) {
      String len = s.get("cidr").asText().split("/")[1];
      dhcpAddress(s).ifPresent(ip -> out.add(ip + "/" + len));
    }
    return out;
  }

  private boolean served(String subnetId) {
    return subnets.stream().anyMatch(s -> id(s).equals(subnetId));
  }

  private static String tag(ObjectNode subnet) {
    return "subnet-" + id(subnet);
  }

  private static String id(JsonNode d) {
    return d.path("id").asText();
  }

  static String mask(int prefix) {
    long m = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    return ((m >> 24) & 255) + "." + ((m >> 16) & 255) + "." + ((m >> 8) & 255) + "." + (m & 255);
  }
}
