package dev.altus.compute.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The instance_tags table: a server's tags (at most 50, as Nova allows). */
public final class ServerTagStore {
  private final Jdbi jdbi;

  public ServerTagStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<String> of(String serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT tag FROM instance_tags"
            + " WHERE instance_id = :id ORDER BY tag").bind("id", serverId)
        .mapTo(String.class).list());
  }

  public Map<String, List<String>> ofAll(Collection<String> serverIds) {
    Map<String, List<String>> out = new HashMap<>();
    for (List<String> chunk : Chunks.of(serverIds)) {
      jdbi.useHandle(h -> h.createQuery("SELECT instance_id, tag FROM instance_tags"
              + " WHERE instance_id IN (<ids>) ORDER BY tag").bindList("ids", chunk)
          .map((rs, c) -> new String[] {rs.getString(1), rs.getString(2)})
          .forEach(r -> out.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1])));
    }
    return out;
  }

  public void replace(Handle h, String serverId, Collection<String> tags) {
    h.createUpdate("DELETE FROM instance_tags WHERE instance_id = :id").bind("id", serverId)
        .execute();
    for (String t : tags) {
      add(h, serverId, t);
    }
  }

  public void replace(String serverId, Collection<String> tags) {
    jdbi.useTransaction(h -> replace(h, serverId, tags));
  }

  /** Adds a tag; false when the server already had it. */
  public boolean add(String serverId, String tag) {
    return jdbi.inTransaction(h -> add(h, serverId, tag));
  }

  private boolean add(Handle h, String serverId, String tag) {
    boolean has = h.createQuery("SELECT COUNT(*) FROM instance_tags WHERE instance_id = :id"
            + " AND tag = :t").bind("id", serverId).bind("t", tag).mapTo(Integer.class).one() > 0;
    if (has) {
      return false;
    }
    h.createUpdate("INSERT INTO instance_tags (instance_id, tag) VALUES (:id, :t)")
        .bind("id", serverId).bind("t", tag).execute();
    return true;
  }

  public boolean remove(String serverId, String tag) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM instance_tags WHERE instance_id = :id"
        + " AND tag = :t").bind("id", serverId).bind("t", tag).execute()) > 0;
  }

  public int count(String serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM instance_tags"
        + " WHERE instance_id = :id").bind("id", serverId).mapTo(Integer.class).one());
  }
}
