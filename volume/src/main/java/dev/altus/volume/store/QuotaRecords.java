package dev.altus.volume.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Per-project quota limits that differ from the defaults. */
public final class QuotaRecords {
  private final Jdbi jdbi;

  public QuotaRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Map<String, Long> of(String projectId) {
    Map<String, Long> out = new LinkedHashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT resource, hard_limit FROM volume_quotas WHERE"
            + " project_id = :p").bind("p", projectId)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  public void set(String projectId, String resource, long limit) {
    jdbi.useTransaction(h -> {
      int n = h.createUpdate("UPDATE volume_quotas SET hard_limit = :l WHERE project_id = :p AND"
          + " resource = :r").bind("l", limit).bind("p", projectId).bind("r", resource).execute();
      if (n == 0) {
        h.createUpdate("INSERT INTO volume_quotas (project_id, resource, hard_limit) VALUES"
            + " (:p, :r, :l)").bind("l", limit).bind("p", projectId).bind("r", resource)
            .execute();
      }
    });
  }

  public void clear(String projectId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM volume_quotas WHERE project_id = :p")
        .bind("p", projectId).execute());
  }
}
