package dev.altus.identity.store;

import dev.altus.identity.model.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Roles, implied roles and role assignments, and the effective roles they add up to. */
public final class RoleStore {
  private static final String COLS = "id, name, domain_id, description, options, extra";
  private final Jdbi jdbi;

  public RoleStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<Role> find(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM role WHERE id = :id")
            .bind("id", id)
            .map(RoleStore::map)
            .findOne());
  }

  public Optional<Role> findByName(String name, String domainId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM role WHERE name = :n AND domain_id = :d")
            .bind("n", name)
            .bind("d", domainId == null ? Role.NO_DOMAIN : domainId)
            .map(RoleStore::map)
            .findOne());
  }

  public List<Role> list() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM role ORDER BY id").map(RoleStore::map).list());
  }

  public void insert(Role r) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "INSERT INTO role (" + COLS + ") VALUES (:id, :name, :domainId, :description,"
                    + " :options, :extra)")
            .bind("id", r.id())
            .bind("name", r.name())
            .bind("domainId", r.domainId() == null ? Role.NO_DOMAIN : r.domainId())
            .bind("description", r.description())
            .bind("options", JsonColumn.text(r.options()))
            .bind("extra", JsonColumn.text(r.extra()))
            .execute());
  }

  public void update(Role r) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "UPDATE role SET name = :name, description = :description, options = :options,"
                    + " extra = :extra WHERE id = :id")
            .bind("id", r.id())
            .bind("name", r.name())
            .bind("description", r.description())
            .bind("options", JsonColumn.text(r.options()))
            .bind("extra", JsonColumn.text(r.extra()))
            .execute());
  }

  public void delete(String id) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM role WHERE id = :id").bind("id", id).execute());
  }

  public void addImplied(String prior, String implied) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "INSERT INTO implied_role (prior_role_id, implied_role_id) VALUES (:p, :i)")
            .bind("p", prior)
            .bind("i", implied)
            .execute());
  }

  public boolean removeImplied(String prior, String implied) {
    return jdbi.withHandle(
        h -> h.createUpdate(
                    "DELETE FROM implied_role WHERE prior_role_id = :p AND implied_role_id = :i")
                .bind("p", prior)
                .bind("i", implied)
                .execute()
            > 0);
  }

  public boolean hasImplied(String prior, String implied) {
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT COUNT(*) FROM implied_role WHERE prior_role_id = :p AND implied_role_id = :i")
            .bind("p", prior)
            .bind("i", implied)
            .mapTo(Integer.class)
            .one()
            > 0);
  }

  /** Every (prior, implied) pair, grouped by prior role, both in id order. */
  public Map<String, Set<String>> implications() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    jdbi.useHandle(
        h -> h.createQuery("SELECT prior_role_id, implied_role_id FROM implied_role"
                + " ORDER BY prior_role_id, implied_role_id")
            .map((rs, c) -> new String[] {rs.getString(1), rs.getString(2)})
            .forEach(r -> out.computeIfAbsent(r[0], k -> new LinkedHashSet<>()).add(r[1])));
    return out;
  }

  /** Adds every role the given roles imply, transitively. */
  public Set<String> expandImplied(Collection<String> roleIds) {
    Map<String, Set<String>> imp = implications();
    Set<String> out = new LinkedHashSet<>(roleIds);
    Deque<String> todo = new ArrayDeque<>(roleIds);
    while (!todo.isEmpty()) {
      for (String next : imp.getOrDefault(todo.pop(), Set.of())) {
        if (out.add(next)) {
          todo.push(next);
        }
      }
    }
    return out;
  }

  /** An assignment row. */
  public record Assignment(String type, String actorId, String targetId, String roleId, boolean inherited) {}

  public void grant(Assignment a) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "INSERT INTO assignment (type, actor_id, target_id, role_id, inherited) SELECT :t, :a,"
                    + " :g, :r, :i WHERE NOT EXISTS (SELECT 1 FROM assignment WHERE type = :t AND"
                    + " actor_id = :a AND target_id = :g AND role_id = :r AND inherited = :i)")
            .bind("t", a.type())
            .bind("a", a.actorId())
            .bind("g", a.targetId())
            .bind("r", a.roleId())
            .bind("i", a.inherited())
            .execute());
  }

  public boolean revoke(Assignment a) {
    return jdbi.withHandle(
        h -> h.createUpdate(
                    "DELETE FROM assignment WHERE type = :t AND actor_id = :a AND target_id = :g AND"
                        + " role_id = :r AND inherited = :i")
                .bind("t", a.type())
                .bind("a", a.actorId())
                .bind("g", a.targetId())
                .bind("r", a.roleId())
                .bind("i", a.inherited())
                .execute()
            > 0);
  }

  public boolean exists(Assignment a) {
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT COUNT(*) FROM assignment WHERE type = :t AND actor_id = :a AND target_id = :g"
                    + " AND role_id = :r AND inherited = :i")
            .bind("t", a.type())
            .bind("a", a.actorId())
            .bind("g", a.targetId())
            .bind("r", a.roleId())
            .bind("i", a.inherited())
            .mapTo(Integer.class)
            .one()
            > 0);
  }

  public List<Assignment> assignments() {
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT type, actor_id, target_id, role_id, inherited FROM assignment"
                    + " ORDER BY type, actor_id, target_id, role_id")
            .map((rs, c) -> new Assignment(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getBoolean(5)))
            .list());
  }

  /** Assignments whose actor is one of {@code actors}. */
  public List<Assignment> assignmentsOf(Collection<String> actors) {
    if (actors.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT type, actor_id, target_id, role_id, inherited FROM assignment"
                    + " WHERE actor_id IN (<actors>)")
            .bindList("actors", List.copyOf(actors))
            .map((rs, c) -> new Assignment(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getBoolean(5)))
            .list());
  }

  public void deleteAssignmentsForTarget(String targetId) {
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM assignment WHERE target_id = :t").bind("t", targetId).execute());
  }

  public void deleteAssignmentsForActor(String actorId) {
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM assignment WHERE actor_id = :a").bind("a", actorId).execute());
  }

  static Role map(ResultSet rs, StatementContext ctx) throws SQLException {
    String d = rs.getString("domain_id");
    return new Role(
        rs.getString("id"),
        rs.getString("name"),
        Role.NO_DOMAIN.equals(d) ? null : d,
        rs.getString("description"),
        JsonColumn.object(rs.getString("options")),
        JsonColumn.object(rs.getString("extra")));
  }

  /** Convenience for callers that need a mutable set. */
  public static Set<String> set(Collection<String> c) {
    return new HashSet<>(c);
  }
}
