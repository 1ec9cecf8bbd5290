package dev.altus.image.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.altus.common.json.Json;
import dev.altus.image.model.Image;
import dev.altus.image.model.ImageStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/** The images table. Status changes are compare-and-set so two requests cannot interleave. */
public final class ImageRecords {
  private static final String COLUMNS = "id, name, status, visibility, owner, disk_format,"
      + " container_format, size, virtual_size, checksum, os_hash_algo, os_hash_value, min_disk,"
      + " min_ram, protected, os_hidden, properties, tags, created_at, updated_at";
  private final Jdbi jdbi;

  public ImageRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Image i) {
    jdbi.useHandle(h -> bindAll(h.createUpdate("INSERT INTO images (" + COLUMNS + ") VALUES (:id,"
        + " :name, :status, :visibility, :owner, :diskFormat, :containerFormat, :size,"
        + " :virtualSize, :checksum, :osHashAlgo, :osHashValue, :minDisk, :minRam, :protected,"
        + " :osHidden, :properties, :tags, :createdAt, :updatedAt)"), i).execute());
  }

  /** True if a row with this id exists, deleted or not (ids are never reused). */
  public boolean idTaken(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM images WHERE id = :id")
        .bind("id", id).mapTo(Integer.class).one()) > 0;
  }

  /** A live (not deleted) image. */
  public Optional<Image> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
            + " FROM images WHERE id = :id AND status <> 'deleted'")
        .bind("id", id).map((rs, ctx) -> read(rs)).findOne());
  }

  /** Every live image; listing filters and pages in the service. */
  public List<Image> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
            + " FROM images WHERE status <> 'deleted'")
        .map((rs, ctx) -> read(rs)).list());
  }

  public List<Image> withStatus(ImageStatus s) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
            + " FROM images WHERE status = :s").bind("s", s.wire())
        .map((rs, ctx) -> read(rs)).list());
  }

  /** Saves every mutable attribute if the row still has the status the caller read. */
  public boolean update(Image i, ImageStatus expected) {
    return jdbi.withHandle(h -> bindAll(h.createUpdate("UPDATE images SET name = :name, status ="
        + " :status, visibility = :visibility, owner = :owner, disk_format = :diskFormat,"
        + " container_format = :containerFormat, size = :size, virtual_size = :virtualSize,"
        + " checksum = :checksum, os_hash_algo = :osHashAlgo, os_hash_value = :osHashValue,"
        + " min_disk = :minDisk, min_ram = :minRam, protected = :protected, os_hidden ="
        + " :osHidden, properties = :properties, tags = :tags, updated_at = :updatedAt"
        + " WHERE id = :id AND status = :expected"), i).bind("expected", expected.wire())
        .execute()) == 1;
  }

  /**
   * Sets extra properties of a live image whatever its status (the service's own reserved ones,
   * such as {@code os_glance_failed_import}), keeping every other property; false if it is gone.
   */
  public boolean setProperties(String id, Map<String, String> set, Instant at) {
    return jdbi.inTransaction(h -> {
      Optional<String> text = h.createQuery("SELECT properties FROM images WHERE id = :id"
              + " AND status <> 'deleted' FOR UPDATE")
          .bind("id", id).mapTo(String.class).findOne();
      if (text.isEmpty()) {
        return false;
      }
      Map<String, String> props = props(text.get());
      props.putAll(set);
      return h.createUpdate("UPDATE images SET properties = :p, updated_at = :at WHERE id = :id")
          .bind("p", Json.text(Json.MAPPER.valueToTree(props))).bind("at", at.toEpochMilli())
          .bind("id", id).execute() == 1;
    });
  }

  /** Moves the image from one status to another; false if it was not in {@code from}. */
  public boolean transition(String id, ImageStatus from, ImageStatus to, Instant at) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE images SET status = :to, updated_at = :at"
            + " WHERE id = :id AND status = :from")
        .bind("id", id).bind("from", from.wire()).bind("to", to.wire())
        .bind("at", at.toEpochMilli()).execute()) == 1;
  }

  /** Marks the image deleted (ids are never reused) and drops its members. */
  public boolean markDeleted(String id, ImageStatus from, Instant at) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("UPDATE images SET status = 'deleted', updated_at = :at,"
              + " deleted_at = :at WHERE id = :id AND status = :from")
          .bind("id", id).bind("from", from.wire()).bind("at", at.toEpochMilli()).execute();
      if (n == 1) {
        h.createUpdate("DELETE FROM image_members WHERE image_id = :id").bind("id", id).execute();
      }
      return n == 1;
    });
  }

  /** Image count and bytes stored by one owner, for quotas. */
  public long[] usage(String owner) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM images"
            + " WHERE owner = :o AND status <> 'deleted'").bind("o", owner)
        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  private static Update bindAll(Update u, Image i) {
    return u.bind("id", i.id()).bind("name", i.name()).bind("status", i.status().wire())
        .bind("visibility", i.visibility()).bind("owner", i.owner())
        .bind("diskFormat", i.diskFormat()).bind("containerFormat", i.containerFormat())
        .bind("size", i.size()).bind("virtualSize", i.virtualSize())
        .bind("checksum", i.checksum()).bind("osHashAlgo", i.osHashAlgo())
        .bind("osHashValue", i.osHashValue()).bind("minDisk", i.minDisk())
        .bind("minRam", i.minRam()).bind("protected", i.isProtected())
        .bind("osHidden", i.osHidden()).bind("properties", Json.text(Json.MAPPER.valueToTree(i.properties())))
        .bind("tags", Json.text(Json.MAPPER.valueToTree(i.tags())))
        .bind("createdAt", i.createdAt().toEpochMilli())
        .bind("updatedAt", i.updatedAt().toEpochMilli());
  }

  private static Image read(ResultSet rs) throws SQLException {
    return new Image(rs.getString("id"), rs.getString("name"),
        ImageStatus.fromWire(rs.getString("status")), rs.getString("visibility"),
        rs.getString("owner"), rs.getString("disk_format"), rs.getString("container_format"),
        nullableLong(rs, "size"), nullableLong(rs, "virtual_size"), rs.getString("checksum"),
        rs.getString("os_hash_algo"), rs.getString("os_hash_value"), rs.getInt("min_disk"),
        rs.getInt("min_ram"), rs.getBoolean("protected"), rs.getBoolean("os_hidden"),
        props(rs.getString("properties")), tags(rs.getString("tags")),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }

  private static Long nullableLong(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static Map<String, String> props(String text) {
    try {
      return Json.MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable image properties: " + e.getMessage(), e);
    }
  }

  private static List<String> tags(String text) {
    try {
      return List.copyOf(Json.MAPPER.readValue(text, new TypeReference<List<String>>() {}));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable image tags: " + e.getMessage(), e);
    }
  }
}
