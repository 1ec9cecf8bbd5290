package dev.altus.compute.store;

import dev.altus.compute.model.Flavor;
import dev.altus.compute.service.HostReports;
import dev.altus.compute.service.ServerHistory;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the instances table (deleted rows too: a deleted server keeps its row with when it ended)
 * for usage reports and for the servers each host runs.
 */
public final class ServerLifeStore implements ServerHistory {
  private final Jdbi jdbi;

  public ServerLifeStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<ServerLife> ranDuring(String projectId, long start, long end) {
    String sql = "SELECT id, name, project_id, flavor, vcpus, memory_mb, root_gb, ephemeral_gb,"
        + " launched_at, COALESCE(terminated_at, deleted_at) AS ended, deleted, vm_state"
        + " FROM instances WHERE launched_at IS NOT NULL AND launched_at < :end"
        + " AND (COALESCE(terminated_at, deleted_at) IS NULL"
        + "   OR COALESCE(terminated_at, deleted_at) > :start)"
        + (projectId == null ? "" : " AND project_id = :project")
        + " ORDER BY launched_at, seq";
    return jdbi.withHandle(h -> {
      var q = h.createQuery(sql).bind("start", start).bind("end", end);
      if (projectId != null) {
        q.bind("project", projectId);
      }
      return q.map((rs, ctx) -> {
        long ended = rs.getLong("ended");
        Long terminated = rs.wasNull() ? null : ended;
        boolean deleted = rs.getBoolean("deleted");
        Flavor f = JsonColumns.read(rs.getString("flavor"), Flavor.class);
        return new ServerLife(rs.getString("id"), rs.getString("name"),
            rs.getString("project_id"), f == null ? null : f.name(), rs.getInt("vcpus"),
            rs.getInt("memory_mb"), rs.getInt("root_gb"), rs.getInt("ephemeral_gb"),
            rs.getLong("launched_at"), terminated,
            deleted ? "deleted" : rs.getString("vm_state"));
      }).list();
    });
  }

  /** The servers (not deleted) placed on {@code host}, in creation order, with their sizes. */
  public List<HostReports.HostedServer> onHost(String host) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, name, project_id, vcpus, memory_mb,"
            + " root_gb, ephemeral_gb FROM instances WHERE host = :host AND deleted = FALSE"
            + " ORDER BY created_at, seq")
        .bind("host", host)
        .map((rs, ctx) -> new HostReports.HostedServer(rs.getString("id"), rs.getString("name"),
            rs.getString("project_id"), rs.getInt("vcpus"), rs.getInt("memory_mb"),
            rs.getInt("root_gb"), rs.getInt("ephemeral_gb")))
        .list());
  }
}
