package dev.altus.compute.store;

import dev.altus.compute.model.ComputeNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin side's reads of compute_nodes (capacity, usage and allocation ratios per host), for
 * hypervisors, statistics and the rules that pin the zone of hosts with servers.
 */
public final class ComputeNodeStore {
  private final Jdbi jdbi;

  public ComputeNodeStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Every node, in creation order (ties by host). */
  public List<ComputeNode> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM compute_nodes"
        + " ORDER BY created_at, host").map((rs, c) -> row(rs)).list());
  }

  public Optional<ComputeNode> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM compute_nodes WHERE id = :id")
        .bind("id", id).map((rs, c) -> row(rs)).findOne());
  }

  /** A node by its integer id (before microversion 2.53). */
  public Optional<ComputeNode> findBySeq(int seq) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM compute_nodes WHERE seq = :s")
        .bind("s", seq).map((rs, c) -> row(rs)).findOne());
  }

  public Optional<ComputeNode> ofHost(String host) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM compute_nodes WHERE host = :h")
        .bind("h", host).map((rs, c) -> row(rs)).findOne());
  }

  /** True when the host's node counts running servers. */
  public boolean hasServers(String host) {
    return ofHost(host).map(n -> n.runningVms() > 0).orElse(false);
  }

  private static ComputeNode row(ResultSet rs) throws SQLException {
    return new ComputeNode(rs.getString("id"), rs.getInt("seq"), rs.getString("host"),
        rs.getString("hypervisor_hostname"), rs.getString("hypervisor_type"),
        rs.getLong("hypervisor_version"), rs.getString("host_ip"), rs.getString("cpu_arch"),
        rs.getInt("vcpus"), rs.getInt("memory_mb"), rs.getInt("local_gb"),
        rs.getInt("vcpus_used"), rs.getInt("memory_mb_used"), rs.getInt("local_gb_used"),
        rs.getInt("running_vms"), rs.getDouble("cpu_allocation_ratio"),
        rs.getDouble("ram_allocation_ratio"), rs.getDouble("disk_allocation_ratio"),
        rs.getLong("created_at"), rs.getLong("updated_at"));
  }
}
