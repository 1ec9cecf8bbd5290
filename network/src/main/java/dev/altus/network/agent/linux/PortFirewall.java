package dev.altus.network.agent.linux;

import dev.altus.network.agent.ResourceChange;

/**
 * The security-group side of the L2 agent: filters each port bound to this host by its groups. The
 * L2 agent hands it every change and reports a port {@code ACTIVE} only once {@link #ready} says its
 * filter is in place. {@link #ALLOW_ALL} filters nothing and is always ready (the behaviour before
 * security groups are enforced).
 */
public interface PortFirewall {
  /** Whether the port's filter (or the decision that it needs none) is in place. */
  boolean ready(String portId);

  /**
   * Called once before any change: the view the L2 agent keeps (read it, never write it) and whom
   * to tell when a port's readiness changes, so its status is reported without waiting for the
   * agent's next scan.
   */
  default void bind(ResourceView view, java.util.function.Consumer<String> readinessChanged) {}

  /** A committed change, after the L2 agent has recorded it in its {@link ResourceView}. */
  void onChange(ResourceChange change);

  /** The current state replayed at the agent's start has all arrived (then stale rules may go). */
  default void replayed() {}

  /** Filters nothing; every port is ready. */
  PortFirewall ALLOW_ALL = new PortFirewall() {
    @Override
    public boolean ready(String portId) {
      return true;
    }

    @Override
    public void onChange(ResourceChange change) {}
  };
}
