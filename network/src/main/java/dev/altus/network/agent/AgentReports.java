package dev.altus.network.agent;

/**
 * What an agent tells the control plane. The control plane records it; an agent never writes the
 * database itself (across machines these calls travel over the bus).
 */
public interface AgentReports {
  /**
   * The agent is alive: records a heartbeat for (agent type, host), registering the agent on its
   * first report. An agent whose heartbeats stop for three report intervals is shown dead.
   *
   * @param agent the reporting agent, whose type, binary, topic and configurations are recorded
   * @param host the host it runs on
   */
  void heartbeat(DataPlaneAgent agent, String host);

  /** The port's data plane is wired ({@code ACTIVE}) or not ({@code DOWN}) on the agent's host. */
  void portStatus(String portId, String status);

  /** The floating IP's NAT is in place ({@code ACTIVE}) or removed ({@code DOWN}). */
  void floatingIpStatus(String floatingIpId, String status);
}
