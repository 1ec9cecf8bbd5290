package dev.altus.volume.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The volume_transfers table, and the change of owner an accepted transfer makes. */
public final class TransferRecords {
  /** A pending transfer; the auth key itself is never stored. */
  public record Transfer(String id, String volumeId, String projectId, String name, String salt,
      String cryptHash, boolean noSnapshots, long createdAt) {}

  private final Jdbi jdbi;

  public TransferRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Transfer t) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO volume_transfers (id, volume_id, project_id,"
            + " name, salt, crypt_hash, no_snapshots, created_at) VALUES (:id, :v, :p, :n, :s,"
            + " :c, :ns, :at)")
        .bind("id", t.id()).bind("v", t.volumeId()).bind("p", t.projectId()).bind("n", t.name())
        .bind("s", t.salt()).bind("c", t.cryptHash()).bind("ns", t.noSnapshots())
        .bind("at", t.createdAt()).execute());
  }

  public Optional<Transfer> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_transfers WHERE id = :id")
        .bind("id", id).map((rs, c) -> new Transfer(rs.getString("id"),
            rs.getString("volume_id"), rs.getString("project_id"), rs.getString("name"),
            rs.getString("salt"), rs.getString("crypt_hash"), rs.getBoolean("no_snapshots"),
            rs.getLong("created_at"))).findOne());
  }

  /** A project's transfers, or every project's when it is null. */
  public List<Transfer> list(String projectId) {
    return jdbi.withHandle(h -> (projectId == null
        ? h.createQuery("SELECT * FROM volume_transfers ORDER BY created_at, id")
        : h.createQuery("SELECT * FROM volume_transfers WHERE project_id = :p"
            + " ORDER BY created_at, id").bind("p", projectId))
        .map((rs, c) -> new Transfer(rs.getString("id"), rs.getString("volume_id"),
            rs.getString("project_id"), rs.getString("name"), rs.getString("salt"),
            rs.getString("crypt_hash"), rs.getBoolean("no_snapshots"),
            rs.getLong("created_at"))).list());
  }

  /** Deletes a transfer; false when it was already gone (accepted or deleted meanwhile). */
  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM volume_transfers WHERE id = :id")
        .bind("id", id).execute()) == 1;
  }

  /**
   * Accepts a transfer in one transaction: the transfer goes, the volume (awaiting-transfer)
   * and its snapshots change owner and the volume is available. False when the transfer or the
   * volume's status changed meanwhile.
   */
  public boolean accept(Transfer t, String project, String user, long at) {
    try {
      return accepted(t, project, user, at);
    } catch (Changed e) {
      return false;
    }
  }

  /** Thrown inside the transaction to roll it back when something changed meanwhile. */
  private static final class Changed extends RuntimeException {
    Changed() {
      super(null, null, false, false);
    }
  }

  private boolean accepted(Transfer t, String project, String user, long at) {
    return jdbi.inTransaction(h -> {
      if (h.createUpdate("DELETE FROM volume_transfers WHERE id = :id").bind("id", t.id())
          .execute() != 1) {
        throw new Changed();
      }
      if (h.createUpdate("UPDATE volumes SET project_id = :p, user_id = :u, status ="
              + " 'available', updated_at = :at WHERE id = :v AND status = 'awaiting-transfer'")
          .bind("p", project).bind("u", user).bind("at", at).bind("v", t.volumeId())
          .execute() != 1) {
        throw new Changed();
      }
      h.createUpdate("UPDATE snapshots SET project_id = :p, user_id = :u, updated_at = :at"
              + " WHERE volume_id = :v")
          .bind("p", project).bind("u", user).bind("at", at).bind("v", t.volumeId()).execute();
      return true;
    });
  }
}
