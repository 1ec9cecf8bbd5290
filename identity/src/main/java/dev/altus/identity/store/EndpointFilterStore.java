package dev.altus.identity.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * OS-EP-FILTER data: endpoint groups (named endpoint filters), the projects each group is
 * associated with, and direct project-to-endpoint associations.
 */
public final class EndpointFilterStore {
  /** An endpoint group: {@code filters} maps service_id, region_id or interface to a value. */
  public record EndpointGroup(String id, String name, String description, ObjectNode filters) {}

  private final Jdbi jdbi;

  public EndpointFilterStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<EndpointGroup> groups() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, name, description, filters FROM endpoint_group ORDER BY id")
            .map((rs, c) -> new EndpointGroup(rs.getString(1), rs.getString(2), rs.getString(3),
                JsonColumn.object(rs.getString(4))))
            .list());
  }

  public Optional<EndpointGroup> group(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, name, description, filters FROM endpoint_group WHERE id = :i")
            .bind("i", id)
            .map((rs, c) -> new EndpointGroup(rs.getString(1), rs.getString(2), rs.getString(3),
                JsonColumn.object(rs.getString(4))))
            .findOne());
  }

  public void insertGroup(EndpointGroup g) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO endpoint_group (id, name, description, filters)"
                + " VALUES (:i, :n, :d, :f)")
            .bind("i", g.id())
            .bind("n", g.name())
            .bind("d", g.description())
            .bind("f", JsonColumn.text(g.filters()))
            .execute());
  }

  public void updateGroup(EndpointGroup g) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "UPDATE endpoint_group SET name = :n, description = :d, filters = :f WHERE id = :i")
            .bind("i", g.id())
            .bind("n", g.name())
            .bind("d", g.description())
            .bind("f", JsonColumn.text(g.filters()))
            .execute());
  }

  /** Deletes a group and (by cascade) its project associations. */
  public boolean deleteGroup(String id) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM endpoint_group WHERE id = :i").bind("i", id).execute() > 0);
  }

  /** Ids of the existing projects associated with a group. */
  public List<String> projectsOfGroup(String groupId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT a.project_id FROM project_endpoint_group a"
                + " JOIN project p ON p.id = a.project_id WHERE a.endpoint_group_id = :g"
                + " ORDER BY a.project_id")
            .bind("g", groupId)
            .mapTo(String.class)
            .list());
  }

  /** Ids of the groups associated with a project. */
  public List<String> groupsOfProject(String projectId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT endpoint_group_id FROM project_endpoint_group"
                + " WHERE project_id = :p ORDER BY endpoint_group_id")
            .bind("p", projectId)
            .mapTo(String.class)
            .list());
  }

  public boolean groupHasProject(String groupId, String projectId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM project_endpoint_group"
                + " WHERE endpoint_group_id = :g AND project_id = :p")
            .bind("g", groupId)
            .bind("p", projectId)
            .mapTo(Integer.class)
            .one() > 0);
  }

  public void addGroupProject(String groupId, String projectId) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO project_endpoint_group (endpoint_group_id, project_id)"
                + " VALUES (:g, :p)")
            .bind("g", groupId)
            .bind("p", projectId)
            .execute());
  }

  public boolean removeGroupProject(String groupId, String projectId) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM project_endpoint_group"
                + " WHERE endpoint_group_id = :g AND project_id = :p")
            .bind("g", groupId)
            .bind("p", projectId)
            .execute() > 0);
  }

  /** Ids of the endpoints associated directly with a project. */
  public List<String> endpointsOfProject(String projectId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT endpoint_id FROM project_endpoint WHERE project_id = :p"
                + " ORDER BY endpoint_id")
            .bind("p", projectId)
            .mapTo(String.class)
            .list());
  }

  /** Ids of the existing projects an endpoint is associated with directly. */
  public List<String> projectsOfEndpoint(String endpointId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT a.project_id FROM project_endpoint a"
                + " JOIN project p ON p.id = a.project_id WHERE a.endpoint_id = :e"
                + " ORDER BY a.project_id")
            .bind("e", endpointId)
            .mapTo(String.class)
            .list());
  }

  public boolean projectHasEndpoint(String projectId, String endpointId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM project_endpoint"
                + " WHERE endpoint_id = :e AND project_id = :p")
            .bind("e", endpointId)
            .bind("p", projectId)
            .mapTo(Integer.class)
            .one() > 0);
  }

  public void addProjectEndpoint(String projectId, String endpointId) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO project_endpoint (endpoint_id, project_id) VALUES (:e, :p)")
            .bind("e", endpointId)
            .bind("p", projectId)
            .execute());
  }

  public boolean removeProjectEndpoint(String projectId, String endpointId) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM project_endpoint WHERE endpoint_id = :e AND project_id = :p")
            .bind("e", endpointId)
            .bind("p", projectId)
            .execute() > 0);
  }

  /** Forgets every project association of the given endpoints (they are being deleted). */
  public void forgetEndpoints(List<String> endpointIds) {
    jdbi.useTransaction(h -> {
      for (String id : endpointIds) {
        h.createUpdate("DELETE FROM project_endpoint WHERE endpoint_id = :e").bind("e", id).execute();
      }
    });
  }
}
