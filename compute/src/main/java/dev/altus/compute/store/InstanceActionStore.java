package dev.altus.compute.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The instance_actions and instance_action_events tables: what was done to each server (create,
 * stop, resize...) and the steps each took, with their results.
 */
public final class InstanceActionStore {
  /** One action on a server. */
  public record Action(long id, String serverId, String action, String requestId, String userId,
      String projectId, long startTime, long updatedAt, String message) {}

  /** One step of an action; {@code result} is Success or Error once finished. */
  public record Event(long id, long actionId, String event, long startTime, Long finishTime,
      String result, String traceback, String host) {}

  private final Jdbi jdbi;
  private final Clock clock;

  public InstanceActionStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Records that an action started; returns its id. */
  public long start(String serverId, String action, String requestId, String userId,
      String projectId) {
    long now = clock.millis();
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO instance_actions (instance_id, action,"
            + " request_id, user_id, project_id, start_time, updated_at)"
            + " VALUES (:s, :a, :r, :u, :p, :t, :t)")
        .bind("s", serverId).bind("a", action).bind("r", requestId).bind("u", userId)
        .bind("p", projectId).bind("t", now)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  /** Starts an event of an action; returns its id. */
  public long startEvent(long actionId, String event, String host) {
    long now = clock.millis();
    return jdbi.inTransaction(h -> {
      h.createUpdate("UPDATE instance_actions SET updated_at = :t WHERE id = :a")
          .bind("t", now).bind("a", actionId).execute();
      return h.createUpdate("INSERT INTO instance_action_events (action_id, event, start_time,"
              + " host) VALUES (:a, :e, :t, :h)")
          .bind("a", actionId).bind("e", event).bind("t", now).bind("h", host)
          .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    });
  }

  /** Finishes an event; an error also marks its action as failed ("Error"). */
  public void finishEvent(long eventId, boolean success, String traceback) {
    long now = clock.millis();
    jdbi.useTransaction(h -> {
      h.createUpdate("UPDATE instance_action_events SET finish_time = :t, result = :r,"
              + " traceback = :tb WHERE id = :id")
          .bind("t", now).bind("r", success ? "Success" : "Error").bind("tb", traceback)
          .bind("id", eventId).execute();
      h.createUpdate("UPDATE instance_actions SET updated_at = :t"
              + (success ? "" : ", message = 'Error'")
              + " WHERE id = (SELECT action_id FROM instance_action_events WHERE id = :id)")
          .bind("t", now).bind("id", eventId).execute();
    });
  }

  /** The newest action of a server with this name, for the agent to add its events to. */
  public Optional<Action> latest(String serverId, String action) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instance_actions"
            + " WHERE instance_id = :s AND action = :a ORDER BY start_time DESC, id DESC LIMIT 1")
        .bind("s", serverId).bind("a", action).map((rs, c) -> action(rs)).findOne());
  }

  /** A server's actions, newest first. */
  public List<Action> of(String serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instance_actions"
            + " WHERE instance_id = :s ORDER BY start_time DESC, id DESC")
        .bind("s", serverId).map((rs, c) -> action(rs)).list());
  }

  public Optional<Action> byRequest(String serverId, String requestId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instance_actions"
            + " WHERE instance_id = :s AND request_id = :r ORDER BY id LIMIT 1")
        .bind("s", serverId).bind("r", requestId).map((rs, c) -> action(rs)).findOne());
  }

  public List<Event> events(long actionId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instance_action_events"
            + " WHERE action_id = :a ORDER BY start_time, id").bind("a", actionId)
        .map((rs, c) -> new Event(rs.getLong("id"), rs.getLong("action_id"),
            rs.getString("event"), rs.getLong("start_time"), finish(rs),
            rs.getString("result"), rs.getString("traceback"), rs.getString("host")))
        .list());
  }

  private static Long finish(ResultSet rs) throws SQLException {
    long v = rs.getLong("finish_time");
    return rs.wasNull() ? null : v;
  }

  private static Action action(ResultSet rs) throws SQLException {
    return new Action(rs.getLong("id"), rs.getString("instance_id"), rs.getString("action"),
        rs.getString("request_id"), rs.getString("user_id"), rs.getString("project_id"),
        rs.getLong("start_time"), rs.getLong("updated_at"), rs.getString("message"));
  }
}
