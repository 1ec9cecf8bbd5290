package dev.altus.network.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A network data-plane agent on one host: DHCP, L3 (routers, SNAT, floating IPs), metadata proxy
 * or the L2 (Linux bridge) agent, as Neutron has them.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #start} is called once with the channel for reports; the agent must report a
 *       heartbeat through it at least once per report interval for as long as it runs.
 *   <li>{@link #onChange} receives every committed change to networks, subnets, ports, routers,
 *       floating IPs, security groups and their rules, in commit order per resource, on one
 *       thread; it must not block for long and must tolerate a change it has no interest in.
 *   <li>After a restart an agent receives the current state again as {@code created} changes and
 *       must converge to it (creating what is missing and removing what should not exist).
 *   <li>An agent reports through {@link AgentReports} what it has made real on its host: a port
 *       bound to its host that it has wired is reported {@code ACTIVE}; a floating IP whose NAT is
 *       in place is reported {@code ACTIVE}.
 *   <li>An implementation may not hold database credentials: everything it knows arrives here.
 * </ul>
 */
public interface DataPlaneAgent {
  /** Neutron's agent type, e.g. {@code "DHCP agent"}, {@code "L3 agent"}. */
  String agentType();

  /** The binary name Neutron shows, e.g. {@code "neutron-dhcp-agent"}. */
  String binary();

  /** The message-bus topic it listens on, e.g. {@code "dhcp_agent"}. */
  String topic();

  /** The agent's configuration as shown in its {@code configurations} attribute. */
  ObjectNode configurations();

  /** Begins work; {@code reports} is how the agent talks back. */
  void start(AgentReports reports);

  /** A committed change to a resource the agent may need to act on. */
  void onChange(ResourceChange change);

  /**
   * The current state has been handed over (after {@link #start}, once every {@code created}
   * change of the replay is delivered): from now on, what the agent made that is not in it is
   * stale and may be removed.
   */
  default void replayed() {}

  /** Stops work; no more reports are sent after it returns. */
  void stop();
}
