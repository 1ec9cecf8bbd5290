package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The firewall's inputs read from the L2 agent's {@link ResourceView} for host {@code host}. */
record ViewInputs(ResourceView view, String host) implements FirewallInputs {
  @Override
  public List<ObjectNode> localPorts() {
    return view.portsOnHost(host);
  }

  @Override
  public List<ObjectNode> rules(String groupId) {
    return view.rulesOf(groupId);
  }

  @Override
  public List<ObjectNode> members(String groupId) {
    return view.portsInGroup(groupId);
  }

  @Override
  public List<ObjectNode> dhcpPorts(String networkId) {
    return view.dhcpPort(networkId).map(List::of).orElse(List.of());
  }
}
