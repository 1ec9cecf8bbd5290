package dev.altus.volume.store;

import dev.altus.volume.model.VolumeType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The volume_types and volume_type_projects tables. */
public final class TypeRecords {
  private final Jdbi jdbi;

  public TypeRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(VolumeType t) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO volume_types (id, name, description,"
            + " is_public, extra_specs) VALUES (:id, :n, :d, :p, :e)")
        .bind("id", t.id()).bind("n", t.name()).bind("d", t.description())
        .bind("p", t.isPublic()).bind("e", JsonMaps.write(t.extraSpecs())).execute());
  }

  public void update(VolumeType t) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE volume_types SET name = :n, description = :d,"
            + " is_public = :p, extra_specs = :e WHERE id = :id")
        .bind("id", t.id()).bind("n", t.name()).bind("d", t.description())
        .bind("p", t.isPublic()).bind("e", JsonMaps.write(t.extraSpecs())).execute());
  }

  public Optional<VolumeType> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_types WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> type(rs)).findOne());
  }

  public Optional<VolumeType> findByName(String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_types WHERE name = :n")
        .bind("n", name).map((rs, ctx) -> type(rs)).findOne());
  }

  public List<VolumeType> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM volume_types ORDER BY name, id")
        .map((rs, ctx) -> type(rs)).list());
  }

  public void delete(String id) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM volume_type_projects WHERE type_id = :id").bind("id", id)
          .execute();
      h.createUpdate("DELETE FROM volume_qos_associations WHERE type_id = :id").bind("id", id)
          .execute();
      h.createUpdate("DELETE FROM volume_types WHERE id = :id").bind("id", id).execute();
    });
  }

  public List<String> projects(String typeId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT project_id FROM volume_type_projects"
        + " WHERE type_id = :t ORDER BY project_id").bind("t", typeId).mapTo(String.class).list());
  }

  public boolean addProject(String typeId, String projectId) {
    return jdbi.withHandle(h -> {
      if (h.createQuery("SELECT COUNT(*) FROM volume_type_projects WHERE type_id = :t AND"
          + " project_id = :p").bind("t", typeId).bind("p", projectId).mapTo(Long.class).one() > 0) {
        return false;
      }
      h.createUpdate("INSERT INTO volume_type_projects (type_id, project_id) VALUES (:t, :p)")
          .bind("t", typeId).bind("p", projectId).execute();
      return true;
    });
  }

  public boolean removeProject(String typeId, String projectId) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM volume_type_projects WHERE"
        + " type_id = :t AND project_id = :p").bind("t", typeId).bind("p", projectId)
        .execute()) == 1;
  }

  private static VolumeType type(ResultSet rs) throws SQLException {
    return new VolumeType(rs.getString("id"), rs.getString("name"), rs.getString("description"),
        rs.getBoolean("is_public"), JsonMaps.read(rs.getString("extra_specs")));
  }
}
