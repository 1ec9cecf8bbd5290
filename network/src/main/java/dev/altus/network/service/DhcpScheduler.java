package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.network.store.DhcpBindingStore;
import java.util.List;

/**
 * The dhcp_agent_scheduler extension: a network that gets a DHCP port is given to a live,
 * enabled DHCP agent; admins list and change which agent serves which network.
 */
public final class DhcpScheduler {
  private static final String DHCP = "DHCP agent";
  private final DhcpBindingStore bindings;
  private final AgentService agents;
  private final NetworkService networks;

  public DhcpScheduler(DhcpBindingStore bindings, AgentService agents, NetworkService networks,
      PortService ports) {
    this.bindings = bindings;
    this.agents = agents;
    this.networks = networks;
    networks.onDeleted(bindings::forgetNetwork);
    agents.onDeleted(bindings::forgetAgent);
    ports.onDhcpNeeded(this::schedule);
  }

  /** Gives the network to the live, enabled DHCP agent serving the fewest networks. */
  void schedule(String networkId) {
    if (!bindings.agentsOf(networkId).isEmpty()) {
      return;
    }
    agents.ofType(DHCP).stream()
        .filter(a -> a.path("alive").asBoolean() && a.path("admin_state_up").asBoolean())
        .min(java.util.Comparator.comparingInt(a -> bindings.networksOf(a.get("id").asText()).size()))
        .ifPresent(a -> bindings.bind(networkId, a.get("id").asText()));
  }

  public List<ObjectNode> agentsHosting(RequestContext ctx, String networkId) {
    agents.requireAdmin(ctx, "get_dhcp-agents");
    networks.get(ctx, networkId);
    return bindings.agentsOf(networkId).stream().map(agents::find)
        .flatMap(java.util.Optional::stream).toList();
  }

  private ObjectNode dhcpAgent(RequestContext ctx, String agentId) {
    ObjectNode a = agents.get(ctx, agentId);
    if (!a.path("agent_type").asText().equals(DHCP)) {
      throw Errors.conflict("InvalidDHCPAgent", "Agent " + agentId + " is not a valid DHCP Agent"
          + " or has been disabled");
    }
    return a;
  }

  public List<ObjectNode> networksHosted(RequestContext ctx, String agentId) {
    dhcpAgent(ctx, agentId);
    return bindings.networksOf(agentId).stream().map(networks::find)
        .flatMap(java.util.Optional::stream).map(n -> networks.view(ctx, n)).toList();
  }

  public void add(RequestContext ctx, String agentId, JsonNode in) {
    ObjectNode a = dhcpAgent(ctx, agentId);
    String networkId = Docs.nullableStr(in, "network_id");
    if (networkId == null) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'network_id' not specified");
    }
    networks.get(ctx, networkId);
    if (!a.path("admin_state_up").asBoolean()) {
      throw Errors.conflict("InvalidDHCPAgent", "Agent " + agentId + " is not a valid DHCP Agent"
          + " or has been disabled");
    }
    if (!bindings.bind(networkId, agentId)) {
      throw Errors.conflict("NetworkHostedByDHCPAgent", "The network " + networkId
          + " has been already hosted by the DHCP Agent " + agentId + ".");
    }
  }

  public void remove(RequestContext ctx, String agentId, String networkId) {
    dhcpAgent(ctx, agentId);
    networks.get(ctx, networkId);
    if (!bindings.unbind(networkId, agentId)) {
      throw Errors.conflict("NetworkNotHostedByDhcpAgent", "The network " + networkId
          + " is not hosted by the DHCP agent " + agentId + ".");
    }
  }
}
