package dev.altus.compute.model;

/**
 * One network interface a server asked for: a network (compute creates the port), or a port the
 * user brought; optionally a fixed address on the network and a device tag.
 */
public record NetworkRequest(String networkId, String portId, String fixedIp, String tag) {
  public boolean isPort() {
    return portId != null;
  }
}
