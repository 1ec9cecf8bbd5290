package dev.altus.compute.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The instance_metadata table: a server's key/value metadata. */
public final class ServerMetadataStore {
  private final Jdbi jdbi;

  public ServerMetadataStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Map<String, String> of(String serverId) {
    return jdbi.withHandle(h -> {
      Map<String, String> out = new LinkedHashMap<>();
      h.createQuery("SELECT meta_key, meta_value FROM instance_metadata WHERE instance_id = :id"
              + " ORDER BY meta_key").bind("id", serverId)
          .map((rs, c) -> Map.entry(rs.getString(1), rs.getString(2)))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    });
  }

  /** Metadata of many servers at once, for list views. */
  public Map<String, Map<String, String>> ofAll(Collection<String> serverIds) {
    Map<String, Map<String, String>> out = new HashMap<>();
    if (serverIds.isEmpty()) {
      return out;
    }
    for (List<String> chunk : Chunks.of(serverIds)) {
      jdbi.useHandle(h -> h.createQuery("SELECT instance_id, meta_key, meta_value"
              + " FROM instance_metadata WHERE instance_id IN (<ids>) ORDER BY meta_key")
          .bindList("ids", chunk)
          .map((rs, c) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
          .forEach(r -> out.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(r[1], r[2])));
    }
    return out;
  }

  /** Replaces all metadata of a server. */
  public void replace(Handle h, String serverId, Map<String, String> metadata) {
    h.createUpdate("DELETE FROM instance_metadata WHERE instance_id = :id")
        .bind("id", serverId).execute();
    merge(h, serverId, metadata);
  }

  public void replace(String serverId, Map<String, String> metadata) {
    jdbi.useTransaction(h -> replace(h, serverId, metadata));
  }

  /** Adds or changes the given keys. */
  public void merge(Handle h, String serverId, Map<String, String> metadata) {
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      int n = h.createUpdate("UPDATE instance_metadata SET meta_value = :v"
              + " WHERE instance_id = :id AND meta_key = :k")
          .bind("v", e.getValue()).bind("id", serverId).bind("k", e.getKey()).execute();
      if (n == 0) {
        h.createUpdate("INSERT INTO instance_metadata (instance_id, meta_key, meta_value)"
                + " VALUES (:id, :k, :v)")
            .bind("v", e.getValue()).bind("id", serverId).bind("k", e.getKey()).execute();
      }
    }
  }

  public void merge(String serverId, Map<String, String> metadata) {
    jdbi.useTransaction(h -> merge(h, serverId, metadata));
  }

  /** Removes one key; false when it was not there. */
  public boolean remove(String serverId, String key) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM instance_metadata"
            + " WHERE instance_id = :id AND meta_key = :k")
        .bind("id", serverId).bind("k", key).execute()) > 0;
  }
}
