package dev.altus.network.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Per-project quota limits that differ from the defaults. */
public final class QuotaStore {
  private final Jdbi jdbi;

  public QuotaStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Map<String, Integer> limits(String projectId) {
    Map<String, Integer> m = new LinkedHashMap<>();
    jdbi.useHandle(h -> h.createQuery(
            "SELECT resource, hard_limit FROM neutron_quota WHERE project_id = :p")
        .bind("p", projectId)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
        .forEach(e -> m.put(e.getKey(), e.getValue())));
    return m;
  }

  public List<String> projects() {
    return jdbi.withHandle(h -> h.createQuery(
        "SELECT DISTINCT project_id FROM neutron_quota ORDER BY project_id").mapTo(String.class).list());
  }

  public void set(String projectId, Map<String, Integer> limits) {
    jdbi.useTransaction(h -> {
      for (var e : limits.entrySet()) {
        h.execute("DELETE FROM neutron_quota WHERE project_id = ? AND resource = ?", projectId, e.getKey());
        h.execute("INSERT INTO neutron_quota (project_id, resource, hard_limit) VALUES (?, ?, ?)",
            projectId, e.getKey(), e.getValue());
      }
    });
  }

  public void reset(String projectId) {
    jdbi.useHandle(h -> h.execute("DELETE FROM neutron_quota WHERE project_id = ?", projectId));
  }
}
