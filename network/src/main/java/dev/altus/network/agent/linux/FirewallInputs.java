package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the security group firewall reads from the agents' local view of the network service's
 * state. Every resource is the API's admin representation ({@code fixed_ips},
 * {@code allowed_address_pairs}, {@code security_groups}, {@code port_security_enabled}, ...).
 */
public interface FirewallInputs {
  /** Ports bound to this host ({@code binding:host_id}), of any owner. */
  List<ObjectNode> localPorts();

  /** The rules of security group {@code groupId} (empty when unknown). */
  List<ObjectNode> rules(String groupId);

  /** Every port, on any host, that is a member of security group {@code groupId}. */
  List<ObjectNode> members(String groupId);

  /** The DHCP ports ({@code device_owner = network:dhcp}) of network {@code networkId}. */
  List<ObjectNode> dhcpPorts(String networkId);
}
