package dev.altus.volume.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The volume_qos_specs and volume_qos_associations tables. */
public final class QosRecords {
  /** A QoS spec: who applies it ({@code consumer}) and its keys. */
  public record Qos(String id, String name, String consumer, Map<String, String> specs,
      long createdAt) {
    public Qos {
      specs = Map.copyOf(specs);
    }
  }

  private final Jdbi jdbi;

  public QosRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Qos q) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO volume_qos_specs (id, name, consumer, specs,"
            + " created_at) VALUES (:id, :n, :c, :s, :at)")
        .bind("id", q.id()).bind("n", q.name()).bind("c", q.consumer())
        .bind("s", JsonMaps.write(q.specs())).bind("at", q.createdAt()).execute());
  }

  public void update(Qos q) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE volume_qos_specs SET consumer = :c, specs = :s"
            + " WHERE id = :id")
        .bind("id", q.id()).bind("c", q.consumer()).bind("s", JsonMaps.write(q.specs()))
        .execute());
  }

  public Optional<Qos> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_qos_specs WHERE id = :id")
        .bind("id", id).map((rs, c) -> new Qos(rs.getString("id"), rs.getString("name"),
            rs.getString("consumer"), JsonMaps.read(rs.getString("specs")),
            rs.getLong("created_at"))).findOne());
  }

  public boolean nameTaken(String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM volume_qos_specs WHERE"
        + " name = :n").bind("n", name).mapTo(Long.class).one()) > 0;
  }

  public List<Qos> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_qos_specs"
            + " ORDER BY created_at, id")
        .map((rs, c) -> new Qos(rs.getString("id"), rs.getString("name"),
            rs.getString("consumer"), JsonMaps.read(rs.getString("specs")),
            rs.getLong("created_at"))).list());
  }

  /** Deletes a spec and its associations. */
  public void delete(String id) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM volume_qos_associations WHERE qos_id = :id").bind("id", id)
          .execute();
      h.createUpdate("DELETE FROM volume_qos_specs WHERE id = :id").bind("id", id).execute();
    });
  }

  /** The ids of the types associated with a spec. */
  public List<String> types(String qosId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT type_id FROM volume_qos_associations"
        + " WHERE qos_id = :q ORDER BY type_id").bind("q", qosId).mapTo(String.class).list());
  }

  /** The spec a type is associated with, if any. */
  public Optional<String> ofType(String typeId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT qos_id FROM volume_qos_associations"
        + " WHERE type_id = :t").bind("t", typeId).mapTo(String.class).findOne());
  }

  public void associate(String qosId, String typeId) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO volume_qos_associations (qos_id, type_id)"
        + " VALUES (:q, :t)").bind("q", qosId).bind("t", typeId).execute());
  }

  public void disassociate(String qosId, String typeId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM volume_qos_associations WHERE qos_id = :q"
        + " AND type_id = :t").bind("q", qosId).bind("t", typeId).execute());
  }

  public void disassociateAll(String qosId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM volume_qos_associations WHERE qos_id = :q")
        .bind("q", qosId).execute());
  }
}
