package dev.altus.compute.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The migrations table: each resize (and later, host move) of a server and how it went. */
public final class MigrationStore {
  /** One migration. */
  public record Migration(long id, String uuid, String serverId, String projectId,
      String userId, String type, String status, String sourceCompute, String sourceNode,
      String destCompute, String destNode, String destHost, String oldFlavorId,
      String newFlavorId, long createdAt, Long updatedAt) {}

  private final Jdbi jdbi;
  private final Clock clock;

  public MigrationStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Records a migration that is starting (pre-migrating); returns its uuid. */
  public String start(String serverId, String projectId, String userId, String type,
      String host, String node, String oldFlavor, String newFlavor) {
    String uuid = UUID.randomUUID().toString();
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO migrations (uuid, instance_id, project_id,"
            + " user_id, migration_type, status, source_compute, source_node, dest_compute,"
            + " dest_node, dest_host, old_flavor_id, new_flavor_id, created_at) VALUES (:u, :i,"
            + " :p, :usr, :t, 'pre-migrating', :h, :n, :h, :n, :h, :of, :nf, :now)")
        .bind("u", uuid).bind("i", serverId).bind("p", projectId).bind("usr", userId)
        .bind("t", type).bind("h", host).bind("n", node).bind("of", oldFlavor)
        .bind("nf", newFlavor).bind("now", clock.millis()).execute());
    return uuid;
  }

  /** Moves the server's newest migration of this type on to {@code status}. */
  public void status(String serverId, String status) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE migrations SET status = :s, updated_at = :now"
            + " WHERE id = (SELECT MAX(id) FROM migrations WHERE instance_id = :i)")
        .bind("s", status).bind("now", clock.millis()).bind("i", serverId).execute());
  }

  public Optional<Migration> latest(String serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM migrations WHERE instance_id = :i"
        + " ORDER BY id DESC LIMIT 1").bind("i", serverId).map((rs, c) -> row(rs)).findOne());
  }

  /** Every migration, newest first. */
  public List<Migration> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM migrations ORDER BY created_at"
        + " DESC, id DESC").map((rs, c) -> row(rs)).list());
  }

  private static Migration row(ResultSet rs) throws SQLException {
    long updated = rs.getLong("updated_at");
    Long u = rs.wasNull() ? null : updated;
    return new Migration(rs.getLong("id"), rs.getString("uuid"), rs.getString("instance_id"),
        rs.getString("project_id"), rs.getString("user_id"), rs.getString("migration_type"),
        rs.getString("status"), rs.getString("source_compute"), rs.getString("source_node"),
        rs.getString("dest_compute"), rs.getString("dest_node"), rs.getString("dest_host"),
        rs.getString("old_flavor_id"), rs.getString("new_flavor_id"), rs.getLong("created_at"),
        u);
  }
}
