package dev.altus.volume.store;

import dev.altus.volume.model.Attachment;
import dev.altus.volume.model.Volume;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The volumes and volume_attachments tables. */
public final class VolumeRecords {
  private final Jdbi jdbi;

  public VolumeRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Volume v) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO volumes (id, project_id, user_id, name,"
            + " description, size, status, zone, type_id, snapshot_id, source_volid, bootable,"
            + " metadata, admin_metadata, host, created_at, updated_at) VALUES (:id, :p, :u, :n,"
            + " :d, :size, :s, :z, :t, :snap, :src, :b, :m, :am, :host, :c, :up)")
        .bind("id", v.id()).bind("p", v.projectId()).bind("u", v.userId()).bind("n", v.name())
        .bind("d", v.description()).bind("size", v.size()).bind("s", v.status())
        .bind("z", v.zone()).bind("t", v.typeId()).bind("snap", v.snapshotId())
        .bind("src", v.sourceVolid()).bind("b", v.bootable())
        .bind("m", JsonMaps.write(v.metadata())).bind("am", JsonMaps.write(v.adminMetadata()))
        .bind("host", v.host()).bind("c", v.createdAt()).bind("up", v.updatedAt()).execute());
  }

  /** Writes every mutable field of {@code v}. */
  public void update(Volume v) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE volumes SET name = :n, description = :d,"
            + " size = :size, status = :s, bootable = :b, metadata = :m, admin_metadata = :am,"
            + " type_id = :t, updated_at = :up WHERE id = :id")
        .bind("id", v.id()).bind("n", v.name()).bind("d", v.description())
        .bind("size", v.size()).bind("s", v.status()).bind("b", v.bootable())
        .bind("m", JsonMaps.write(v.metadata())).bind("am", JsonMaps.write(v.adminMetadata()))
        .bind("t", v.typeId()).bind("up", v.updatedAt()).execute());
  }

  /**
   * Moves a volume from one status to another only if it still has the expected one: two
   * concurrent requests cannot both start an operation. False when the status had changed.
   */
  public boolean transition(String id, java.util.Collection<String> from, String to, long at) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE volumes SET status = :to, updated_at = :at"
            + " WHERE id = :id AND status IN (<from>)")
        .bindList("from", List.copyOf(from)).bind("to", to).bind("at", at).bind("id", id)
        .execute()) == 1;
  }

  public Optional<Volume> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volumes WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> volume(rs)).findOne());
  }

  /** A project's volumes, or every project's when {@code projectId} is null. */
  public List<Volume> list(String projectId) {
    return jdbi.withHandle(h -> (projectId == null
        ? h.createQuery("SELECT * FROM volumes ORDER BY created_at DESC, id DESC")
        : h.createQuery("SELECT * FROM volumes WHERE project_id = :p"
            + " ORDER BY created_at DESC, id DESC").bind("p", projectId))
        .map((rs, ctx) -> volume(rs)).list());
  }

  public List<Volume> withStatus(String status) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volumes WHERE status = :s")
        .bind("s", status).map((rs, ctx) -> volume(rs)).list());
  }

  public void delete(String id) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM volume_attachments WHERE volume_id = :id").bind("id", id)
          .execute();
      h.createUpdate("DELETE FROM volume_image_metadata WHERE volume_id = :id").bind("id", id)
          .execute();
      h.createUpdate("DELETE FROM volumes WHERE id = :id").bind("id", id).execute();
    });
  }

  /** Volumes and gigabytes a project holds. */
  public long[] usage(String projectId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM"
            + " volumes WHERE project_id = :p").bind("p", projectId)
        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  /** Volumes and gigabytes of one type a project holds. */
  public long[] usage(String projectId, String typeId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM"
            + " volumes WHERE project_id = :p AND type_id = :t").bind("p", projectId)
        .bind("t", typeId).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  public boolean typeInUse(String typeId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM volumes WHERE type_id = :t")
        .bind("t", typeId).mapTo(Long.class).one()) > 0;
  }

  // ---- attachments ----

  public void insertAttachment(Attachment a) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO volume_attachments (id, volume_id, server_id,"
            + " host_name, device, mode, status, attached_at, connector) VALUES (:id, :v, :s, :h,"
            + " :d, :m, :st, :at, :c)")
        .bind("id", a.id()).bind("v", a.volumeId()).bind("s", a.serverId())
        .bind("h", a.hostName()).bind("d", a.device()).bind("m", a.mode())
        .bind("st", a.status()).bind("at", a.attachedAt()).bind("c", a.connector()).execute());
  }

  public void updateAttachment(Attachment a) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE volume_attachments SET server_id = :s,"
            + " host_name = :h, device = :d, mode = :m, status = :st, attached_at = :at,"
            + " connector = :c WHERE id = :id")
        .bind("id", a.id()).bind("s", a.serverId()).bind("h", a.hostName())
        .bind("d", a.device()).bind("m", a.mode()).bind("st", a.status())
        .bind("at", a.attachedAt()).bind("c", a.connector()).execute());
  }

  public void deleteAttachment(String id) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM volume_attachments WHERE id = :id")
        .bind("id", id).execute());
  }

  public List<Attachment> attachments(String volumeId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_attachments WHERE"
            + " volume_id = :v ORDER BY attached_at, id").bind("v", volumeId)
        .map((rs, ctx) -> attachment(rs)).list());
  }

  public Optional<Attachment> findAttachment(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_attachments WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> attachment(rs)).findOne());
  }

  /** The attachments of a project's volumes, or of every project's when it is null. */
  public List<Attachment> attachmentsOfProject(String projectId) {
    return jdbi.withHandle(h -> (projectId == null
        ? h.createQuery("SELECT a.* FROM volume_attachments a ORDER BY a.attached_at, a.id")
        : h.createQuery("SELECT a.* FROM volume_attachments a JOIN volumes v ON"
            + " v.id = a.volume_id WHERE v.project_id = :p ORDER BY a.attached_at, a.id")
            .bind("p", projectId))
        .map((rs, ctx) -> attachment(rs)).list());
  }

  private static Attachment attachment(ResultSet rs) throws SQLException {
    return new Attachment(rs.getString("id"), rs.getString("volume_id"),
        rs.getString("server_id"), rs.getString("host_name"), rs.getString("device"),
        rs.getString("mode"), rs.getString("status"), rs.getLong("attached_at"),
        rs.getString("connector"));
  }

  private static Volume volume(ResultSet rs) throws SQLException {
    return new Volume(rs.getString("id"), rs.getString("project_id"), rs.getString("user_id"),
        rs.getString("name"), rs.getString("description"), rs.getLong("size"),
        rs.getString("status"), rs.getString("zone"), rs.getString("type_id"),
        rs.getString("snapshot_id"), rs.getString("source_volid"), rs.getBoolean("bootable"),
        JsonMaps.read(rs.getString("metadata")), JsonMaps.read(rs.getString("admin_metadata")),
        rs.getString("host"), rs.getLong("created_at"), rs.getLong("updated_at"));
  }
}
