package dev.altus.compute.store;

import dev.altus.compute.model.Aggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The compute_aggregates, compute_aggregate_hosts and compute_aggregate_metadata tables. */
public final class AggregateStore {
  private final Jdbi jdbi;

  public AggregateStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Runs {@code work} in one transaction. */
  public <T> T inTransaction(java.util.function.Function<Handle, T> work) {
    return jdbi.inTransaction(work::apply);
  }

  public List<Aggregate> all() {
    return jdbi.withHandle(this::all);
  }

  public List<Aggregate> all(Handle h) {
    var rows = h.createQuery("SELECT * FROM compute_aggregates ORDER BY id").mapToMap().list();
    Map<Integer, List<String>> hosts = new LinkedHashMap<>();
    h.createQuery("SELECT aggregate_id, host FROM compute_aggregate_hosts ORDER BY host")
        .map((rs, c) -> Map.entry(rs.getInt(1), rs.getString(2)))
        .forEach(e -> hosts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    Map<Integer, Map<String, String>> meta = new LinkedHashMap<>();
    h.createQuery("SELECT aggregate_id, meta_key, meta_value FROM compute_aggregate_metadata")
        .map((rs, c) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3)})
        .forEach(r -> meta.computeIfAbsent((Integer) r[0], k -> new TreeMap<>())
            .put((String) r[1], (String) r[2]));
    List<Aggregate> out = new ArrayList<>();
    for (var r : rows) {
      int id = ((Number) r.get("id")).intValue();
      Object updated = r.get("updated_at");
      out.add(new Aggregate(id, (String) r.get("uuid"), (String) r.get("name"),
          hosts.getOrDefault(id, List.of()), meta.getOrDefault(id, Map.of()),
          ((Number) r.get("created_at")).longValue(),
          updated == null ? null : ((Number) updated).longValue()));
    }
    return out;
  }

  public Optional<Aggregate> find(int id) {
    return jdbi.withHandle(h -> find(h, id));
  }

  public Optional<Aggregate> find(Handle h, int id) {
    var row = h.createQuery("SELECT * FROM compute_aggregates WHERE id = :id").bind("id", id)
        .mapToMap().findOne();
    if (row.isEmpty()) {
      return Optional.empty();
    }
    var r = row.get();
    List<String> hosts = h.createQuery("SELECT host FROM compute_aggregate_hosts"
        + " WHERE aggregate_id = :id ORDER BY host").bind("id", id).mapTo(String.class).list();
    Map<String, String> meta = new TreeMap<>();
    h.createQuery("SELECT meta_key, meta_value FROM compute_aggregate_metadata"
            + " WHERE aggregate_id = :id").bind("id", id)
        .map((rs, c) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> meta.put(e.getKey(), e.getValue()));
    Object updated = r.get("updated_at");
    return Optional.of(new Aggregate(id, (String) r.get("uuid"), (String) r.get("name"), hosts,
        meta, ((Number) r.get("created_at")).longValue(),
        updated == null ? null : ((Number) updated).longValue()));
  }

  /** Aggregates holding {@code host}. */
  public List<Aggregate> ofHost(Handle h, String host) {
    List<Integer> ids = h.createQuery("SELECT aggregate_id FROM compute_aggregate_hosts"
        + " WHERE host = :h ORDER BY aggregate_id").bind("h", host).mapTo(Integer.class).list();
    List<Aggregate> out = new ArrayList<>();
    for (int id : ids) {
      find(h, id).ifPresent(out::add);
    }
    return out;
  }

  public boolean nameTaken(Handle h, String name, Integer exceptId) {
    return h.createQuery("SELECT COUNT(*) FROM compute_aggregates WHERE name = :n"
            + (exceptId == null ? "" : " AND id <> :id")).bind("n", name)
        .bind("id", exceptId == null ? -1 : exceptId).mapTo(Integer.class).one() > 0;
  }

  /** Inserts an aggregate and returns its id; a taken name fails with a constraint error. */
  public int insert(Handle h, String name, Map<String, String> metadata, long now) {
    int id = h.createUpdate("INSERT INTO compute_aggregates (uuid, name, created_at)"
            + " VALUES (:uuid, :name, :t)").bind("uuid", UUID.randomUUID().toString())
        .bind("name", name).bind("t", now).executeAndReturnGeneratedKeys("id")
        .mapTo(Integer.class).one();
    for (var e : metadata.entrySet()) {
      putMeta(h, id, e.getKey(), e.getValue());
    }
    return id;
  }

  public void rename(Handle h, int id, String name, long now) {
    h.createUpdate("UPDATE compute_aggregates SET name = :n, updated_at = :t WHERE id = :id")
        .bind("n", name).bind("t", now).bind("id", id).execute();
  }

  public void touch(Handle h, int id, long now) {
    h.createUpdate("UPDATE compute_aggregates SET updated_at = :t WHERE id = :id")
        .bind("t", now).bind("id", id).execute();
  }

  /** Sets ({@code value} not null) or removes ({@code value} null) one metadata key. */
  public void putMeta(Handle h, int id, String key, String value) {
    if (value == null) {
      h.createUpdate("DELETE FROM compute_aggregate_metadata WHERE aggregate_id = :id"
          + " AND meta_key = :k").bind("id", id).bind("k", key).execute();
      return;
    }
    int n = h.createUpdate("UPDATE compute_aggregate_metadata SET meta_value = :v"
            + " WHERE aggregate_id = :id AND meta_key = :k").bind("id", id).bind("k", key)
        .bind("v", value).execute();
    if (n == 0) {
      h.createUpdate("INSERT INTO compute_aggregate_metadata (aggregate_id, meta_key, meta_value)"
          + " VALUES (:id, :k, :v)").bind("id", id).bind("k", key).bind("v", value).execute();
    }
  }

  public boolean addHost(Handle h, int id, String host) {
    if (h.createQuery("SELECT COUNT(*) FROM compute_aggregate_hosts WHERE aggregate_id = :id"
        + " AND host = :h").bind("id", id).bind("h", host).mapTo(Integer.class).one() > 0) {
      return false;
    }
    h.createUpdate("INSERT INTO compute_aggregate_hosts (aggregate_id, host) VALUES (:id, :h)")
        .bind("id", id).bind("h", host).execute();
    return true;
  }

  public boolean removeHost(Handle h, int id, String host) {
    return h.createUpdate("DELETE FROM compute_aggregate_hosts WHERE aggregate_id = :id"
        + " AND host = :h").bind("id", id).bind("h", host).execute() > 0;
  }

  public boolean delete(Handle h, int id) {
    return h.createUpdate("DELETE FROM compute_aggregates WHERE id = :id").bind("id", id)
        .execute() > 0;
  }
}
