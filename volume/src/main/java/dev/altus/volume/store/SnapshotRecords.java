package dev.altus.volume.store;

import dev.altus.volume.model.Snapshot;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The snapshots table. */
public final class SnapshotRecords {
  private final Jdbi jdbi;

  public SnapshotRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Snapshot s) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO snapshots (id, volume_id, project_id, user_id,"
            + " name, description, size, status, progress, metadata, created_at, updated_at)"
            + " VALUES (:id, :v, :p, :u, :n, :d, :size, :s, :pr, :m, :c, :up)")
        .bind("id", s.id()).bind("v", s.volumeId()).bind("p", s.projectId())
        .bind("u", s.userId()).bind("n", s.name()).bind("d", s.description())
        .bind("size", s.size()).bind("s", s.status()).bind("pr", s.progress())
        .bind("m", JsonMaps.write(s.metadata())).bind("c", s.createdAt())
        .bind("up", s.updatedAt()).execute());
  }

  public void update(Snapshot s) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE snapshots SET name = :n, description = :d,"
            + " status = :s, progress = :pr, metadata = :m, updated_at = :up WHERE id = :id")
        .bind("id", s.id()).bind("n", s.name()).bind("d", s.description())
        .bind("s", s.status()).bind("pr", s.progress()).bind("m", JsonMaps.write(s.metadata()))
        .bind("up", s.updatedAt()).execute());
  }

  public Optional<Snapshot> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM snapshots WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> snapshot(rs)).findOne());
  }

  public List<Snapshot> list(String projectId) {
    return jdbi.withHandle(h -> (projectId == null
        ? h.createQuery("SELECT * FROM snapshots ORDER BY created_at DESC, id DESC")
        : h.createQuery("SELECT * FROM snapshots WHERE project_id = :p"
            + " ORDER BY created_at DESC, id DESC").bind("p", projectId))
        .map((rs, ctx) -> snapshot(rs)).list());
  }

  public List<Snapshot> ofVolume(String volumeId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM snapshots WHERE volume_id = :v")
        .bind("v", volumeId).map((rs, ctx) -> snapshot(rs)).list());
  }

  public List<Snapshot> withStatus(String status) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM snapshots WHERE status = :s")
        .bind("s", status).map((rs, ctx) -> snapshot(rs)).list());
  }

  public void delete(String id) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM snapshots WHERE id = :id").bind("id", id)
        .execute());
  }

  /** Snapshots and their gigabytes a project holds. */
  public long[] usage(String projectId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM"
            + " snapshots WHERE project_id = :p").bind("p", projectId)
        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  /** Snapshots and their gigabytes a project holds of volumes of one type. */
  public long[] usage(String projectId, String typeId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*), COALESCE(SUM(s.size), 0) FROM"
            + " snapshots s JOIN volumes v ON v.id = s.volume_id WHERE s.project_id = :p AND"
            + " v.type_id = :t").bind("p", projectId).bind("t", typeId)
        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  private static Snapshot snapshot(ResultSet rs) throws SQLException {
    return new Snapshot(rs.getString("id"), rs.getString("volume_id"), rs.getString("project_id"),
        rs.getString("user_id"), rs.getString("name"), rs.getString("description"),
        rs.getLong("size"), rs.getString("status"), rs.getInt("progress"),
        JsonMaps.read(rs.getString("metadata")), rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }
}
