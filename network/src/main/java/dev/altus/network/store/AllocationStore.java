package dev.altus.network.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The uniqueness that must hold under concurrency, kept by primary keys: an address is held by
 * one port per subnet, a MAC by one port per network, a segmentation id by one network, a default
 * security group by one per project. Each claim is its own short transaction; the loser of a race
 * gets {@code false} and tries something else.
 */
public final class AllocationStore {
  private final Jdbi jdbi;

  public AllocationStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Claims an address for a port; false if another port holds it. */
  public boolean claimIp(String subnetId, String ip, String networkId, String portId) {
    return claim("INSERT INTO neutron_ip_allocation (subnet_id, ip_address, network_id, port_id)"
        + " VALUES (?, ?, ?, ?)", subnetId, ip, networkId, portId);
  }

  public Set<String> allocatedIps(String subnetId) {
    return new HashSet<>(jdbi.withHandle(h -> h.createQuery(
            "SELECT ip_address FROM neutron_ip_allocation WHERE subnet_id = :s")
        .bind("s", subnetId).mapTo(String.class).list()));
  }

  public int countIps(String subnetId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT COUNT(*) FROM neutron_ip_allocation WHERE subnet_id = :s")
        .bind("s", subnetId).mapTo(Integer.class).one());
  }

  /** Port ids holding an address on the subnet. */
  public List<String> portsOnSubnet(String subnetId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT DISTINCT port_id FROM neutron_ip_allocation WHERE subnet_id = :s")
        .bind("s", subnetId).mapTo(String.class).list());
  }

  public void releaseIp(String subnetId, String ip, String portId) {
    jdbi.useHandle(h -> h.execute("DELETE FROM neutron_ip_allocation WHERE subnet_id = ?"
        + " AND ip_address = ? AND port_id = ?", subnetId, ip, portId));
  }

  public void releasePort(String portId) {
    jdbi.useHandle(h -> {
      h.execute("DELETE FROM neutron_ip_allocation WHERE port_id = ?", portId);
      h.execute("DELETE FROM neutron_mac_address WHERE port_id = ?", portId);
    });
  }

  public boolean claimMac(String networkId, String mac, String portId) {
    return claim("INSERT INTO neutron_mac_address (network_id, mac_address, port_id) VALUES (?, ?, ?)",
        networkId, mac, portId);
  }

  public void releaseMac(String networkId, String mac, String portId) {
    jdbi.useHandle(h -> h.execute("DELETE FROM neutron_mac_address WHERE network_id = ?"
        + " AND mac_address = ? AND port_id = ?", networkId, mac, portId));
  }

  public boolean claimSegment(String type, String physnet, int id, String networkId) {
    return claim("INSERT INTO neutron_segment (network_type, physical_network, segmentation_id,"
        + " network_id) VALUES (?, ?, ?, ?)", type, physnet == null ? "" : physnet, id, networkId);
  }

  public void releaseSegments(String networkId) {
    jdbi.useHandle(h -> h.execute("DELETE FROM neutron_segment WHERE network_id = ?", networkId));
  }

  /** Records the project's default group unless one is already recorded; returns the winner. */
  public String claimDefaultGroup(String projectId, String groupId) {
    claim("INSERT INTO neutron_default_security_group (project_id, security_group_id) VALUES (?, ?)",
        projectId, groupId);
    return defaultGroup(projectId);
  }

  public String defaultGroup(String projectId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT security_group_id FROM"
            + " neutron_default_security_group WHERE project_id = :p")
        .bind("p", projectId).mapTo(String.class).findOne().orElse(null));
  }

  public void forgetDefaultGroup(String projectId) {
    jdbi.useHandle(h -> h.execute(
        "DELETE FROM neutron_default_security_group WHERE project_id = ?", projectId));
  }

  private boolean claim(String sql, Object... args) {
    try {
      jdbi.useHandle(h -> h.execute(sql, args));
      return true;
    } catch (UnableToExecuteStatementException e) {
      if (isDuplicate(e)) {
        return false;
      }
      throw e;
    }
  }

  static boolean isDuplicate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException s && s.getSQLState() != null
          && s.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }
}
