package dev.altus.compute.model;

import java.util.List;

/**
 * One network interface of a server as last seen from the network service.
 *
 * @param addresses its fixed and floating addresses
 * @param createdByCompute true when compute created the port (so deletes it with the server)
 */
public record ServerPort(String serverId, String portId, int position, String networkId,
    String networkName, String macAddress, List<Address> addresses, boolean createdByCompute,
    String tag) {
  public ServerPort {
    addresses = List.copyOf(addresses);
  }

  /** An address: {@code type} is "fixed" or "floating". */
  public record Address(String addr, int version, String type) {}
}
