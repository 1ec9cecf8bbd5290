package dev.altus.compute.virt;

import java.util.List;

/**
 * A virtual network interface: the port it plugs into.
 *
 * @param portId the network service's port id
 * @param mac the MAC address
 * @param networkId the port's network
 * @param fixedIps the port's addresses
 * @param mtu the network's MTU
 */
public record Vif(String portId, String mac, String networkId, List<String> fixedIps, int mtu) {
  public Vif {
    fixedIps = List.copyOf(fixedIps);
  }
}
