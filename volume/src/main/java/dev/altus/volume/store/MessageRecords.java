package dev.altus.volume.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** User messages about failed operations, kept until they expire or are deleted. */
public final class MessageRecords {
  /** One message. */
  public record Message(String id, String projectId, String requestId, String resourceType,
      String resourceUuid, String eventId, String level, String text, long createdAt,
      long expiresAt) {}

  private final Jdbi jdbi;

  public MessageRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Message m) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO volume_messages (id, project_id, request_id,"
            + " resource_type, resource_uuid, event_id, message_level, user_message, created_at,"
            + " expires_at) VALUES (:id, :p, :r, :rt, :ru, :e, :l, :t, :c, :x)")
        .bind("id", m.id()).bind("p", m.projectId()).bind("r", m.requestId())
        .bind("rt", m.resourceType()).bind("ru", m.resourceUuid()).bind("e", m.eventId())
        .bind("l", m.level()).bind("t", m.text()).bind("c", m.createdAt())
        .bind("x", m.expiresAt()).execute());
  }

  /** A project's unexpired messages, or every project's when {@code projectId} is null. */
  public List<Message> list(String projectId, long now) {
    return jdbi.withHandle(h -> (projectId == null
        ? h.createQuery("SELECT * FROM volume_messages WHERE expires_at > :now"
            + " ORDER BY created_at DESC, id")
        : h.createQuery("SELECT * FROM volume_messages WHERE project_id = :p AND"
            + " expires_at > :now ORDER BY created_at DESC, id").bind("p", projectId))
        .bind("now", now).map((rs, ctx) -> new Message(rs.getString("id"),
            rs.getString("project_id"), rs.getString("request_id"),
            rs.getString("resource_type"), rs.getString("resource_uuid"),
            rs.getString("event_id"), rs.getString("message_level"),
            rs.getString("user_message"), rs.getLong("created_at"), rs.getLong("expires_at")))
        .list());
  }

  public Optional<Message> find(String id, long now) {
    return list(null, now).stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM volume_messages WHERE id = :id")
        .bind("id", id).execute()) == 1;
  }
}
