package dev.altus.common.host;

/**
 * Names of what the cloud creates on a host, as Neutron's Linux bridge agents and Nova name them,
 * so an operator's habits work. Linux limits interface names to 15 characters, hence the prefixes
 * of 11 id characters.
 */
public final class DeviceNames {
  private DeviceNames() {}

  /** A network's bridge: {@code brq} + the first 11 characters of its id. */
  public static String bridge(String networkId) {
    return "brq" + prefix(networkId);
  }

  /** A port's tap (a guest's NIC, or a namespace's veth end on the bridge). */
  public static String tap(String portId) {
    return "tap" + prefix(portId);
  }

  /** A router's interface on a tenant subnet, inside its namespace. */
  public static String routerInterface(String portId) {
    return "qr-" + prefix(portId);
  }

  /** A router's gateway on the external network, inside its namespace. */
  public static String routerGateway(String portId) {
    return "qg-" + prefix(portId);
  }

  /** A VXLAN device for segment {@code vni}. */
  public static String vxlan(long vni) {
    return "vxlan-" + vni;
  }

  /** A network's DHCP namespace. */
  public static String dhcpNamespace(String networkId) {
    return "qdhcp-" + networkId;
  }

  /** A router's namespace. */
  public static String routerNamespace(String routerId) {
    return "qrouter-" + routerId;
  }

  /** A guest's name on its host: {@code instance-%08x} of its integer id. */
  public static String instance(long id) {
    return String.format("instance-%08x", id);
  }

  private static String prefix(String id) {
    return id.length() <= 11 ? id : id.substring(0, 11);
  }
}
