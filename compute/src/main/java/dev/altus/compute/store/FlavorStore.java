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
