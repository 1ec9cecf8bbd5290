package dev.altus.volume.store;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The block storage services and their last heartbeats. */
public final class ServiceRecords {
  /** One service row. */
  public record Service(String binary, String host, String zone, boolean disabled,
      String disabledReason, long heartbeatAt) {}

  private final Jdbi jdbi;

  public ServiceRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Records a heartbeat, creating the row on a service's first one. */
  public void heartbeat(String binary, String host, String zone, long at) {
    jdbi.useTransaction(h -> {
      int n = h.createUpdate("UPDATE volume_services SET heartbeat_at = :at, zone = :z WHERE"
          + " binary_name = :b AND host = :h").bind("at", at).bind("z", zone).bind("b", binary)
          .bind("h", host).execute();
      if (n == 0) {
        h.createUpdate("INSERT INTO volume_services (binary_name, host, zone, disabled,"
            + " heartbeat_at) VALUES (:b, :h, :z, FALSE, :at)").bind("at", at).bind("z", zone)
            .bind("b", binary).bind("h", host).execute();
      }
    });
  }

  /** Enables or disables a service; false when there is no such service. */
  public boolean setDisabled(String binary, String host, boolean disabled, String reason) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE volume_services SET disabled = :d,"
            + " disabled_reason = :r WHERE binary_name = :b AND host = :h")
        .bind("d", disabled).bind("r", reason).bind("b", binary).bind("h", host)
        .execute()) == 1;
  }

  public List<Service> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_services ORDER BY"
            + " binary_name, host")
        .map((rs, ctx) -> new Service(rs.getString("binary_name"), rs.getString("host"),
            rs.getString("zone"), rs.getBoolean("disabled"), rs.getString("disabled_reason"),
            rs.getLong("heartbeat_at")))
        .list());
  }
}
