package dev.altus.server.doctor;

import dev.altus.common.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Images left in {@code saving} or {@code importing} and servers left in a task state for longer
 * than any step takes: what a crash or a lost agent leaves for an operator to clear.
 */
final class StuckCheck implements DoctorCheck {
  /** Longer than any upload, boot or action should take here. */
  static final Duration STUCK_AFTER = Duration.ofMinutes(15);
  private final Database db;
  private final Clock clock;

  StuckCheck(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "stuck";
  }

  @Override
  public List<Finding> run() {
    long before = clock.millis() - STUCK_AFTER.toMillis();
    List<Finding> out = new ArrayList<>();
    db.jdbi().useHandle(h -> {
      h.createQuery("SELECT id, name, status, updated_at FROM images WHERE status IN"
          + " ('saving', 'importing', 'uploading') AND deleted_at IS NULL AND updated_at < :t")
          .bind("t", before).map((rs, c) -> Finding.warn(name(), "image " + rs.getString("id")
              + " (" + rs.getString("name") + ") has been " + rs.getString("status") + " for "
              + minutes(rs.getLong("updated_at")) + " min", "an upload that died: delete it"
              + " (openstack image delete " + rs.getString("id") + ") and upload again"))
          .forEach(out::add);
      h.createQuery("SELECT id, name, host, vm_state, task_state, updated_at FROM instances"
          + " WHERE deleted = FALSE AND task_state IS NOT NULL AND updated_at < :t")
          .bind("t", before).map((rs, c) -> Finding.warn(name(), "server " + rs.getString("id")
              + " (" + rs.getString("name") + ") on " + rs.getString("host") + " has been "
              + rs.getString("vm_state") + " with task_state " + rs.getString("task_state")
              + " for " + minutes(rs.getLong("updated_at")) + " min", "check its host's"
              + " compute service (the services finding); then openstack server set --state"
              + " error " + rs.getString("id") + " and delete or rebuild it"))
          .forEach(out::add);
    });
    if (out.isEmpty()) {
      out.add(Finding.ok(name(), "no image saving and no server in a task state for more than "
          + STUCK_AFTER.toMinutes() + " min"));
    }
    return out;
  }

  private long minutes(long since) {
    return (clock.millis() - since) / 60_000;
  }
}
