package dev.altus.network.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Network to DHCP agent bindings; a pair is held once (the primary key). */
public final class DhcpBindingStore {
  private final Jdbi jdbi;

  public DhcpBindingStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** False if the agent already hosts the network. */
  public boolean bind(String networkId, String agentId) {
    try {
      jdbi.useHandle(h -> h.execute("INSERT INTO neutron_dhcp_binding (network_id, agent_id)"
          + " VALUES (?, ?)", networkId, agentId));
      return true;
    } catch (RuntimeException e) {
      if (AllocationStore.isDuplicate(e)) {
        return false;
      }
      throw e;
    }
  }

  public boolean unbind(String networkId, String agentId) {
    return jdbi.withHandle(h -> h.execute("DELETE FROM neutron_dhcp_binding WHERE network_id = ?"
        + " AND agent_id = ?", networkId, agentId)) == 1;
  }

  public void forgetNetwork(String networkId) {
    jdbi.useHandle(h -> h.execute("DELETE FROM neutron_dhcp_binding WHERE network_id = ?", networkId));
  }

  public void forgetAgent(String agentId) {
    jdbi.useHandle(h -> h.execute("DELETE FROM neutron_dhcp_binding WHERE agent_id = ?", agentId));
  }

  public List<String> agentsOf(String networkId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT agent_id FROM neutron_dhcp_binding"
        + " WHERE network_id = :n ORDER BY agent_id").bind("n", networkId).mapTo(String.class).list());
  }

  public List<String> networksOf(String agentId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT network_id FROM neutron_dhcp_binding"
        + " WHERE agent_id = :a ORDER BY network_id").bind("a", agentId).mapTo(String.class).list());
  }
}
