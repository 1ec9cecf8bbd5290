package dev.altus.compute.service;

import org.jdbi.v3.core.Jdbi;

/**
 * What a project (or one of its users) uses, counted from its servers that are not deleted, as
 * Nova counts instances, cores and RAM for quotas. During a resize the larger of the two flavors
 * counts, as Nova does.
 */
public final class ServerUsage implements ProjectUsage {
  private final Jdbi jdbi;

  public ServerUsage(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Usage of(String projectId, String userId) {
    String sql = "SELECT COUNT(*) AS n,"
        + " COALESCE(SUM(CASE WHEN resize_vcpus IS NOT NULL AND resize_vcpus > vcpus"
        + "   THEN resize_vcpus ELSE vcpus END), 0) AS c,"
        + " COALESCE(SUM(CASE WHEN resize_memory_mb IS NOT NULL AND resize_memory_mb > memory_mb"
        + "   THEN resize_memory_mb ELSE memory_mb END), 0) AS m"
        + " FROM instances WHERE deleted = FALSE AND project_id = :p"
        + (userId == null ? "" : " AND user_id = :u");
    return jdbi.withHandle(h -> {
      var q = h.createQuery(sql).bind("p", projectId);
      if (userId != null) {
        q.bind("u", userId);
      }
      var r = q.mapToMap().one();
      return new Usage(((Number) r.get("n")).intValue(), ((Number) r.get("c")).intValue(),
          ((Number) r.get("m")).intValue());
    });
  }
}
