package dev.altus.compute.store;

import dev.altus.compute.model.ServiceRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin side of the compute_services table: listing services and the operator's switches
 * (enable, disable with a reason, force down, delete). The agents' heartbeats are written by the
 * servers part's own store.
 */
public final class ComputeServiceStore {
  private final Jdbi jdbi;

  public ComputeServiceStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Every service, by host then binary. */
  public List<ServiceRecord> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM compute_services"
        + " ORDER BY host, binary_name").map((rs, c) -> row(rs)).list());
  }

  public Optional<ServiceRecord> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM compute_services WHERE id = :id")
        .bind("id", id).map((rs, c) -> row(rs)).findOne());
  }

  /** A service by its integer id (before microversion 2.53). */
  public Optional<ServiceRecord> findBySeq(int seq) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM compute_services WHERE seq = :s")
        .bind("s", seq).map((rs, c) -> row(rs)).findOne());
  }

  public Optional<ServiceRecord> find(String host, String binary) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM compute_services"
            + " WHERE host = :h AND binary_name = :b").bind("h", host).bind("b", binary)
        .map((rs, c) -> row(rs)).findOne());
  }

  /** Enables or disables a service; false when it is gone. */
  public boolean setDisabled(String id, boolean disabled, String reason, long now) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE compute_services SET disabled = :d,"
            + " disabled_reason = :r, updated_at = :t WHERE id = :id").bind("d", disabled)
        .bind("r", reason).bind("t", now).bind("id", id).execute()) > 0;
  }

  public boolean setForcedDown(String id, boolean forcedDown, long now) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE compute_services SET forced_down = :f,"
            + " updated_at = :t WHERE id = :id").bind("f", forcedDown).bind("t", now)
        .bind("id", id).execute()) > 0;
  }

  /** Deletes a service, and its compute node when it is a nova-compute service. */
  public boolean delete(String id) {
    return jdbi.inTransaction(h -> {
      var s = h.createQuery("SELECT * FROM compute_services WHERE id = :id").bind("id", id)
          .map((rs, c) -> row(rs)).findOne();
      if (s.isEmpty()) {
        return false;
      }
      if (s.get().binary().equals("nova-compute")) {
        h.createUpdate("DELETE FROM compute_nodes WHERE host = :h").bind("h", s.get().host())
            .execute();
        h.createUpdate("DELETE FROM compute_aggregate_hosts WHERE host = :h")
            .bind("h", s.get().host()).execute();
      }
      return h.createUpdate("DELETE FROM compute_services WHERE id = :id").bind("id", id)
          .execute() > 0;
    });
  }

  private static ServiceRecord row(ResultSet rs) throws SQLException {
    long seen = rs.getLong("last_seen_up");
    Long lastSeen = rs.wasNull() ? null : seen;
    return new ServiceRecord(rs.getString("id"), rs.getInt("seq"), rs.getString("binary_name"),
        rs.getString("host"), rs.getString("topic"), rs.getString("zone"),
        rs.getBoolean("disabled"), rs.getString("disabled_reason"), rs.getBoolean("forced_down"),
        lastSeen, rs.getLong("report_count"), rs.getLong("created_at"),
        rs.getLong("updated_at"));
  }
}
