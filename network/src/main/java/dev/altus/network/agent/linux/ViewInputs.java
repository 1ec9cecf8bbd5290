package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The firewall's inputs read from the L2 agent's {@link ResourceView}, for the ports bound to any of
 * {@code hosts} (the hosts whose guests run on this machine).
 */
record ViewInputs(ResourceView view, List<String> hosts) implements FirewallInputs {
  @Override
  public List<ObjectNode> localPorts() {
    List<ObjectNode> out = new java.util.ArrayList<>();
    for (String h : hosts) {
      out.addAll(view.portsOnHost(h));
    }
    return out;
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
