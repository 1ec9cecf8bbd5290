package dev.altus.compute.metadata;

import dev.altus.compute.client.NetworkClient.SubnetInfo;
import dev.altus.compute.model.Server;
import java.util.List;
import java.util.Map;

/**
 * What a guest may learn about itself, gathered once per request (or per config drive) from the
 * server's record, its interfaces and the network service: everything {@link InstanceMetadata}
 * renders, and nothing about any other server.
 *
 * @param server the server as stored
 * @param metadata its key/value metadata
 * @param nics its interfaces, in the order the guest sees them
 * @param zone its availability zone
 * @param password the encrypted password the guest posted, or "" when none
 * @param remoteAddress the address the request came from (X-Forwarded-For), or null
 */
public record InstanceData(Server server, Map<String, String> metadata, List<Nic> nics,
    String zone, String password, String remoteAddress) {
  public InstanceData {
    metadata = Map.copyOf(metadata);
    nics = List.copyOf(nics);
    password = password == null ? "" : password;
  }

  /**
   * One interface.
   *
   * @param mtu its network's MTU
   * @param tag the device tag given at create or attach, or null
   * @param ips its fixed addresses with their subnets
   * @param floatingIps the floating addresses associated with it
   */
  public record Nic(String portId, String mac, String networkId, int mtu, String tag,
      List<Ip> ips, List<String> floatingIps) {
    public Nic {
      ips = List.copyOf(ips);
      floatingIps = List.copyOf(floatingIps);
    }
  }

  /** A fixed address and its subnet (null when the subnet can no longer be read). */
  public record Ip(String address, int version, SubnetInfo subnet) {}

  /** The same data as seen from another address. */
  public InstanceData from(String address) {
    return new InstanceData(server, metadata, nics, zone, password, address);
  }
}
