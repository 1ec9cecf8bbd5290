package dev.altus.network.agent.linux;

/** The device owners of the ports a router's data plane is made of, as Neutron names them. */
final class L3Names {
  static final String IFACE = "network:router_interface";
  static final String GATEWAY = "network:router_gateway";
  /** The port the metadata proxy of a router namespace listens on. */
  static final int PROXY_PORT = 9697;
  static final String METADATA_ADDRESS = "169.254.169.254";

  private L3Names() {}
}
