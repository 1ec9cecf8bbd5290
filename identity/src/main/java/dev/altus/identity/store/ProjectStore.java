package dev.altus.identity.store;

import dev.altus.identity.model.Project;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Projects and domains (domains are projects with is_domain) and project tags. */
public final class ProjectStore {
  private static final String COLS =
      "id, name, domain_id, parent_id, is_domain, enabled, description, extra";
  private final Jdbi jdbi;

  public ProjectStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<Project> find(String id) {
    return jdbi.withHandle(h -> find(h, id));
  }

  public Optional<Project> find(Handle h, String id) {
    return h.createQuery("SELECT " + COLS + " FROM project WHERE id = :id")
        .bind("id", id)
        .map(ProjectStore::map)
        .findOne()
        .map(p -> p.withTags(tags(h, p.id())));
  }

  public Optional<Project> findByName(String domainId, String name) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM project WHERE domain_id = :d AND name = :n")
            .bind("d", domainId)
            .bind("n", name)
            .map(ProjectStore::map)
            .findOne()
            .map(p -> p.withTags(tags(h, p.id()))));
  }

  /** Every project (is_domain = false) or every domain (is_domain = true), ordered by id. */
  public List<Project> list(boolean domains) {
    return jdbi.withHandle(
        h -> {
          List<Project> ps =
              h.createQuery("SELECT " + COLS + " FROM project WHERE is_domain = :d ORDER BY id")
                  .bind("d", domains)
                  .map(ProjectStore::map)
                  .list();
          var tags = allTags(h);
          return ps.stream()
              .map(p -> p.withTags(tags.getOrDefault(p.id(), List.of())))
              .toList();
        });
  }

  public List<Project> children(String parentId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM project WHERE parent_id = :p ORDER BY id")
            .bind("p", parentId)
            .map(ProjectStore::map)
            .list());
  }

  public void insert(Project p) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO project (" + COLS + ") VALUES (:id, :name, :domainId, :parentId,"
                      + " :isDomain, :enabled, :description, :extra)")
              .bind("id", p.id())
              .bind("name", p.name())
              .bind("domainId", p.domainId())
              .bind("parentId", p.parentId())
              .bind("isDomain", p.isDomain())
              .bind("enabled", p.enabled())
              .bind("description", p.description())
              .bind("extra", JsonColumn.text(p.extra()))
              .execute();
          replaceTags(h, p.id(), p.tags());
        });
  }

  public void update(Project p) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE project SET name = :name, enabled = :enabled, description = :description,"
                      + " extra = :extra WHERE id = :id")
              .bind("id", p.id())
              .bind("name", p.name())
              .bind("enabled", p.enabled())
              .bind("description", p.description())
              .bind("extra", JsonColumn.text(p.extra()))
              .execute();
          replaceTags(h, p.id(), p.tags());
        });
  }

  public void delete(Handle h, String id) {
    h.createUpdate("DELETE FROM project WHERE id = :id").bind("id", id).execute();
  }

  public void replaceTags(Handle h, String projectId, List<String> tags) {
    h.createUpdate("DELETE FROM project_tag WHERE project_id = :p").bind("p", projectId).execute();
    if (tags != null) {
      for (String t : tags) {
        h.createUpdate("INSERT INTO project_tag (project_id, name) VALUES (:p, :n)")
            .bind("p", projectId)
            .bind("n", t)
            .execute();
      }
    }
  }

  private static List<String> tags(Handle h, String projectId) {
    return h.createQuery("SELECT name FROM project_tag WHERE project_id = :p ORDER BY name")
        .bind("p", projectId)
        .mapTo(String.class)
        .list();
  }

  private static java.util.Map<String, List<String>> allTags(Handle h) {
    java.util.Map<String, List<String>> out = new java.util.HashMap<>();
    h.createQuery("SELECT project_id, name FROM project_tag ORDER BY name")
        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
        .forEach(r -> out.computeIfAbsent(r[0], k -> new java.util.ArrayList<>()).add(r[1]));
    return out;
  }

  static Project map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Project(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("domain_id"),
        rs.getString("parent_id"),
        rs.getBoolean("is_domain"),
        rs.getBoolean("enabled"),
        rs.getString("description"),
        JsonColumn.object(rs.getString("extra")),
        List.of());
  }
}
