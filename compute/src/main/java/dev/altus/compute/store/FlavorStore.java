package dev.altus.compute.store;

import dev.altus.compute.model.Flavor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The flavors, flavor_extra_specs and flavor_projects tables. */
public final class FlavorStore {
  private final Jdbi jdbi;

  public FlavorStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<Flavor> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM flavors WHERE flavorid = :id")
        .bind("id", id).map((rs, ctx) -> row(h, rs)).findOne());
  }

  /** Every flavor, ordered by flavorid. */
  public List<Flavor> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM flavors ORDER BY flavorid")
        .map((rs, ctx) -> row(h, rs)).list());
  }

  /** The projects a private flavor is shared with. */
  public List<String> projects(String flavorId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT project_id FROM flavor_projects"
        + " WHERE flavorid = :id ORDER BY project_id").bind("id", flavorId)
        .mapTo(String.class).list());
  }

  public boolean projectHasAccess(String flavorId, String projectId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM flavor_projects"
        + " WHERE flavorid = :id AND project_id = :p").bind("id", flavorId).bind("p", projectId)
        .mapTo(Integer.class).one()) > 0;
  }

  /**
   * What a flavor list asks for.
   *
   * @param isPublic only public (true) or only private (false) flavors, or both (null)
   * @param accessProject with isPublic true, also the private flavors shared with this project
   * @param enabledOnly leave out disabled flavors
   * @param minRam at least this much RAM (MB), or null
   * @param minDisk at least this much root disk (GB), or null
   * @param sortColumn a column of the flavors table
   */
  public record ListQuery(Boolean isPublic, String accessProject, boolean enabledOnly,
      Integer minRam, Integer minDisk, String sortColumn, boolean descending) {}

  /** The columns a flavor list may be sorted by. */
  public static final java.util.Set<String> SORT_COLUMNS = java.util.Set.of("created_at",
      "description", "disabled", "ephemeral_gb", "flavorid", "is_public", "memory_mb", "name",
      "root_gb", "rxtx_factor", "swap_mb", "vcpus");

  /** The flavors a list query selects, in its order (ties by creation, then id). */
  public List<Flavor> list(ListQuery q) {
    if (!SORT_COLUMNS.contains(q.sortColumn())) {
      throw new IllegalArgumentException("not a sort column: " + q.sortColumn());
    }
    StringBuilder sql = new StringBuilder("SELECT * FROM flavors WHERE 1 = 1");
    if (q.isPublic() != null) {
      if (q.isPublic() && q.accessProject() != null) {
        sql.append(" AND (is_public = TRUE OR flavorid IN (SELECT flavorid FROM flavor_projects"
            + " WHERE project_id = :project))");
      } else {
        sql.append(" AND is_public = :public");
      }
    }
    if (q.enabledOnly()) {
      sql.append(" AND disabled = FALSE");
    }
    if (q.minRam() != null) {
      sql.append(" AND memory_mb >= :minRam");
    }
    if (q.minDisk() != null) {
      sql.append(" AND root_gb >= :minDisk");
    }
    String dir = q.descending() ? " DESC" : " ASC";
    sql.append(" ORDER BY ").append(q.sortColumn()).append(dir)
        .append(", created_at").append(dir).append(", flavorid").append(dir);
    return jdbi.withHandle(h -> {
      var query = h.createQuery(sql.toString());
      if (q.isPublic() != null) {
        query.bind("public", q.isPublic());
        query.bind("project", q.accessProject());
      }
      if (q.minRam() != null) {
        query.bind("minRam", q.minRam());
      }
      if (q.minDisk() != null) {
        query.bind("minDisk", q.minDisk());
      }
      return query.map((rs, ctx) -> row(h, rs)).list();
    });
  }

  /**
   * Adds a flavor with its extra specs. Throws {@link Duplicate} naming what is taken when the id
   * or the name already exists.
   */
  public void insert(Flavor f, long createdAt) {
    try {
      jdbi.useTransaction(h -> {
        h.createUpdate("INSERT INTO flavors (flavorid, name, vcpus, memory_mb, root_gb,"
                + " ephemeral_gb, swap_mb, rxtx_factor, is_public, disabled, description,"
                + " created_at) VALUES (:id, :name, :vcpus, :ram, :root, :eph, :swap, :rxtx,"
                + " :public, :disabled, :description, :created)")
            .bind("id", f.id()).bind("name", f.name()).bind("vcpus", f.vcpus())
            .bind("ram", f.memoryMb()).bind("root", f.rootGb()).bind("eph", f.ephemeralGb())
            .bind("swap", f.swapMb()).bind("rxtx", f.rxtxFactor()).bind("public", f.isPublic())
            .bind("disabled", f.disabled()).bind("description", f.description())
            .bind("created", createdAt).execute();
        for (var e : f.extraSpecs().entrySet()) {
          h.createUpdate("INSERT INTO flavor_extra_specs (flavorid, spec_key, spec_value)"
                  + " VALUES (:id, :k, :v)").bind("id", f.id()).bind("k", e.getKey())
              .bind("v", e.getValue()).execute();
        }
      });
    } catch (RuntimeException e) {
      if (!Sql.isConstraintViolation(e)) {
        throw e;
      }
      if (find(f.id()).isPresent()) {
        throw new Duplicate("id");
      }
      throw new Duplicate("name");
    }
  }

  /** A flavor id or name that is already taken. */
  public static final class Duplicate extends RuntimeException {
    private final String what;

    Duplicate(String what) {
      super("flavor " + what + " exists");
      this.what = what;
    }

    /** "id" or "name". */
    public String what() {
      return what;
    }
  }

  /** A flavor that was deleted while it was being changed. */
  public static final class Missing extends RuntimeException {
    Missing(String id) {
      super("flavor " + id + " is gone");
    }
  }

  /** Deletes a flavor with its extra specs and access list; false when there was none. */
  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM flavors WHERE flavorid = :id")
        .bind("id", id).execute()) > 0;
  }

  public boolean updateDescription(String id, String description) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE flavors SET description = :d"
        + " WHERE flavorid = :id").bind("id", id).bind("d", description).execute()) > 0;
  }

  /**
   * Sets extra specs (adding or replacing each key) in one transaction; false when the flavor is
   * gone. Two writers racing to add the same new key: one of them fails with a constraint error.
   */
  public boolean putSpecs(String id, Map<String, String> specs) {
    return jdbi.inTransaction(h -> {
      if (h.createQuery("SELECT COUNT(*) FROM flavors WHERE flavorid = :id").bind("id", id)
          .mapTo(Integer.class).one() == 0) {
        return false;
      }
      for (var e : specs.entrySet()) {
        int n = h.createUpdate("UPDATE flavor_extra_specs SET spec_value = :v"
                + " WHERE flavorid = :id AND spec_key = :k").bind("id", id).bind("k", e.getKey())
            .bind("v", e.getValue()).execute();
        if (n == 0) {
          h.createUpdate("INSERT INTO flavor_extra_specs (flavorid, spec_key, spec_value)"
                  + " VALUES (:id, :k, :v)").bind("id", id).bind("k", e.getKey())
              .bind("v", e.getValue()).execute();
        }
      }
      return true;
    });
  }

  public boolean deleteSpec(String id, String key) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM flavor_extra_specs"
        + " WHERE flavorid = :id AND spec_key = :k").bind("id", id).bind("k", key)
        .execute()) > 0;
  }

  /** Shares a private flavor with a project; false when it already was. */
  public boolean addProject(String id, String projectId) {
    try {
      jdbi.useHandle(h -> h.createUpdate("INSERT INTO flavor_projects (flavorid, project_id)"
          + " VALUES (:id, :p)").bind("id", id).bind("p", projectId).execute());
      return true;
    } catch (RuntimeException e) {
      if (!Sql.isConstraintViolation(e)) {
        throw e;
      }
      if (projectHasAccess(id, projectId)) {
        return false;
      }
      throw new Missing(id);
    }
  }

  /** Stops sharing a flavor with a project; false when it was not shared. */
  public boolean removeProject(String id, String projectId) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM flavor_projects"
        + " WHERE flavorid = :id AND project_id = :p").bind("id", id).bind("p", projectId)
        .execute()) > 0;
  }

  private static Flavor row(Handle h, ResultSet rs) throws SQLException {
    String id = rs.getString("flavorid");
    Map<String, String> specs = new LinkedHashMap<>();
    h.createQuery("SELECT spec_key, spec_value FROM flavor_extra_specs WHERE flavorid = :id"
            + " ORDER BY spec_key").bind("id", id)
        .map((r, c) -> Map.entry(r.getString(1), r.getString(2)))
        .forEach(e -> specs.put(e.getKey(), e.getValue()));
    return new Flavor(id, rs.getString("name"), rs.getInt("vcpus"), rs.getInt("memory_mb"),
        rs.getInt("root_gb"), rs.getInt("ephemeral_gb"), rs.getInt("swap_mb"),
        rs.getDouble("rxtx_factor"), rs.getBoolean("is_public"), rs.getBoolean("disabled"),
        rs.getString("description"), specs);
  }
}
