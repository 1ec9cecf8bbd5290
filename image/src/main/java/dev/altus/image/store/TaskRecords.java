package dev.altus.image.store;

import dev.altus.common.json.Json;
import dev.altus.image.model.ImportTask;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The image_tasks table. */
public final class TaskRecords {
  private final Jdbi jdbi;

  public TaskRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(ImportTask t) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO image_tasks (id, image_id, type, status, owner,"
            + " user_id, request_id, input, message, created_at, updated_at) VALUES (:id, :img,"
            + " :type, :status, :owner, :user, :req, :input, :msg, :c, :u)")
        .bind("id", t.id()).bind("img", t.imageId()).bind("type", t.type())
        .bind("status", t.status()).bind("owner", t.owner()).bind("user", t.userId())
        .bind("req", t.requestId()).bind("input", Json.text(t.input())).bind("msg", t.message())
        .bind("c", t.createdAt().toEpochMilli()).bind("u", t.updatedAt().toEpochMilli())
        .execute());
  }

  public void finish(String id, String status, String message, Instant at) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE image_tasks SET status = :s, message = :m,"
            + " updated_at = :u WHERE id = :id")
        .bind("s", status).bind("m", message).bind("u", at.toEpochMilli()).bind("id", id).execute());
  }

  /** Tasks still processing (after a crash they never will). */
  public void failUnfinished(String message, Instant at) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE image_tasks SET status = 'failure', message = :m,"
            + " updated_at = :u WHERE status IN ('pending', 'processing')")
        .bind("m", message).bind("u", at.toEpochMilli()).execute());
  }

  public List<ImportTask> ofImage(String imageId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM image_tasks WHERE image_id = :i"
            + " ORDER BY created_at, id").bind("i", imageId)
        .map((rs, ctx) -> new ImportTask(rs.getString("id"), rs.getString("image_id"),
            rs.getString("type"), rs.getString("status"), rs.getString("owner"),
            rs.getString("user_id"), rs.getString("request_id"), Json.parse(rs.getString("input")),
            rs.getString("message"), Instant.ofEpochMilli(rs.getLong("created_at")),
            Instant.ofEpochMilli(rs.getLong("updated_at"))))
        .list());
  }
}
