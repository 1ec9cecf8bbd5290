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

  /**
   * Host work of the agent failed (a command, a process that would not start): the control plane
   * keeps the last such error with its time, shown in the agent's {@code configurations}
   * ({@code last_error}, {@code last_error_at}) and by {@code altus doctor}, above all once the
   * agent is dead.
   */
  default void error(DataPlaneAgent agent, String host, String message) {}

  /** The port's data plane is wired ({@code ACTIVE}) or not ({@code DOWN}) on the agent's host. */
  void portStatus(String portId, String status);

  /** The floating IP's NAT is in place ({@code ACTIVE}) or removed ({@code DOWN}). */
  void floatingIpStatus(String floatingIpId, String status);
}
