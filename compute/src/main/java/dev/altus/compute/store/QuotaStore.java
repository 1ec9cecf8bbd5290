package dev.altus.compute.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The compute_quotas (per project and per user) and compute_quota_classes tables. */
public final class QuotaStore {
  private final Jdbi jdbi;

  public QuotaStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The limits set for a project ({@code userId} null) or for one user in it. */
  public Map<String, Integer> limits(String projectId, String userId) {
    return jdbi.withHandle(h -> {
      Map<String, Integer> out = new HashMap<>();
      h.createQuery("SELECT resource, hard_limit FROM compute_quotas WHERE project_id = :p"
              + " AND user_id = :u").bind("p", projectId).bind("u", userId == null ? "" : userId)
          .map((rs, c) -> Map.entry(rs.getString(1), rs.getInt(2)))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    });
  }

  /** Every user limit set in a project: resource to the limits of its users. */
  public Map<String, List<Integer>> userLimits(String projectId) {
    return jdbi.withHandle(h -> {
      Map<String, List<Integer>> out = new HashMap<>();
      h.createQuery("SELECT resource, hard_limit FROM compute_quotas WHERE project_id = :p"
              + " AND user_id <> ''").bind("p", projectId)
          .map((rs, c) -> Map.entry(rs.getString(1), rs.getInt(2)))
          .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>())
              .add(e.getValue()));
      return out;
    });
  }

  /** Sets limits for a project or a user in it, all in one transaction. */
  public void set(String projectId, String userId, Map<String, Integer> limits) {
    String user = userId == null ? "" : userId;
    jdbi.useTransaction(h -> {
      for (var e : limits.entrySet()) {
        int n = h.createUpdate("UPDATE compute_quotas SET hard_limit = :l WHERE project_id = :p"
                + " AND user_id = :u AND resource = :r").bind("l", e.getValue())
            .bind("p", projectId).bind("u", user).bind("r", e.getKey()).execute();
        if (n == 0) {
          h.createUpdate("INSERT INTO compute_quotas (project_id, user_id, resource, hard_limit)"
                  + " VALUES (:p, :u, :r, :l)").bind("p", projectId).bind("u", user)
              .bind("r", e.getKey()).bind("l", e.getValue()).execute();
        }
      }
    });
  }

  /**
   * Removes a project's limits (and its users' limits) or, with a user, only that user's: they
   * fall back to the defaults.
   */
  public void clear(String projectId, String userId) {
    jdbi.useHandle(h -> {
      if (userId == null) {
        h.createUpdate("DELETE FROM compute_quotas WHERE project_id = :p").bind("p", projectId)
            .execute();
      } else {
        h.createUpdate("DELETE FROM compute_quotas WHERE project_id = :p AND user_id = :u")
            .bind("p", projectId).bind("u", userId).execute();
      }
    });
  }

  public Map<String, Integer> classLimits(String className) {
    return jdbi.withHandle(h -> {
      Map<String, Integer> out = new HashMap<>();
      h.createQuery("SELECT resource, hard_limit FROM compute_quota_classes"
              + " WHERE class_name = :c").bind("c", className)
          .map((rs, c) -> Map.entry(rs.getString(1), rs.getInt(2)))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    });
  }

  public void setClass(String className, Map<String, Integer> limits) {
    jdbi.useTransaction(h -> {
      for (var e : limits.entrySet()) {
        int n = h.createUpdate("UPDATE compute_quota_classes SET hard_limit = :l"
                + " WHERE class_name = :c AND resource = :r").bind("l", e.getValue())
            .bind("c", className).bind("r", e.getKey()).execute();
        if (n == 0) {
          h.createUpdate("INSERT INTO compute_quota_classes (class_name, resource, hard_limit)"
                  + " VALUES (:c, :r, :l)").bind("c", className).bind("r", e.getKey())
              .bind("l", e.getValue()).execute();
        }
      }
    });
  }
}
