package dev.altus.identity.store;

import dev.altus.identity.model.Group;
import dev.altus.identity.model.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Groups and their members. */
public final class GroupStore {
  private static final String COLS = "id, domain_id, name, description, extra";
  private final Jdbi jdbi;

  public GroupStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<Group> find(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM identity_group WHERE id = :id")
            .bind("id", id)
            .map(GroupStore::map)
            .findOne());
  }

  public Optional<Group> findByName(String domainId, String name) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM identity_group WHERE domain_id = :d AND name = :n")
            .bind("d", domainId)
            .bind("n", name)
            .map(GroupStore::map)
            .findOne());
  }

  public List<Group> list() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + COLS + " FROM identity_group ORDER BY id")
            .map(GroupStore::map)
            .list());
  }

  public void insert(Group g) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO identity_group (" + COLS + ") VALUES (:id, :domainId, :name,"
                + " :description, :extra)")
            .bind("id", g.id())
            .bind("domainId", g.domainId())
            .bind("name", g.name())
            .bind("description", g.description())
            .bind("extra", JsonColumn.text(g.extra()))
            .execute());
  }

  public void update(Group g) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE identity_group SET name = :name, description = :description,"
                + " extra = :extra WHERE id = :id")
            .bind("id", g.id())
            .bind("name", g.name())
            .bind("description", g.description())
            .bind("extra", JsonColumn.text(g.extra()))
            .execute());
  }

  public void delete(String id) {
    jdbi.useTransaction(h -> deleteRows(h, id));
  }

  /** Deletes a group with its memberships and role assignments, inside {@code h}'s transaction. */
  public static void deleteRows(Handle h, String groupId) {
    h.createUpdate("DELETE FROM assignment WHERE actor_id = :g AND type LIKE 'Group%'")
        .bind("g", groupId)
        .execute();
    h.createUpdate("DELETE FROM user_group_membership WHERE group_id = :g").bind("g", groupId).execute();
    h.createUpdate("DELETE FROM identity_group WHERE id = :g").bind("g", groupId).execute();
  }

  /** Ids of the groups of a domain. */
  public static List<String> idsInDomain(Handle h, String domainId) {
    return h.createQuery("SELECT id FROM identity_group WHERE domain_id = :d")
        .bind("d", domainId)
        .mapTo(String.class)
        .list();
  }

  /** Adds a member; adding an existing member changes nothing. */
  public void addMember(String groupId, String userId) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO user_group_membership (user_id, group_id) SELECT :u, :g"
                + " WHERE NOT EXISTS (SELECT 1 FROM user_group_membership WHERE user_id = :u AND"
                + " group_id = :g)")
            .bind("u", userId)
            .bind("g", groupId)
            .execute());
  }

  /** Removes a member; false if the user was not a member. */
  public boolean removeMember(String groupId, String userId) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM user_group_membership WHERE user_id = :u AND group_id = :g")
                .bind("u", userId)
                .bind("g", groupId)
                .execute()
            > 0);
  }

  public boolean isMember(String groupId, String userId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM user_group_membership WHERE user_id = :u AND group_id = :g")
            .bind("u", userId)
            .bind("g", groupId)
            .mapTo(Integer.class)
            .one()
            > 0);
  }

  /** The members of a group, ordered by id. */
  public List<User> members(String groupId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + UserStore.COLS_PREFIXED + " FROM identity_user u JOIN"
                + " user_group_membership m ON m.user_id = u.id WHERE m.group_id = :g ORDER BY u.id")
            .bind("g", groupId)
            .map(UserStore::map)
            .list());
  }

  /** The groups a user belongs to, ordered by id. */
  public List<Group> groupsOf(String userId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT g.id, g.domain_id, g.name, g.description, g.extra FROM"
                + " identity_group g JOIN user_group_membership m ON m.group_id = g.id"
                + " WHERE m.user_id = :u ORDER BY g.id")
            .bind("u", userId)
            .map(GroupStore::map)
            .list());
  }

  /** True if the group holds any role assignment. */
  public boolean hasAssignments(String groupId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM assignment WHERE actor_id = :g AND type LIKE 'Group%'")
            .bind("g", groupId)
            .mapTo(Integer.class)
            .one()
            > 0);
  }

  static Group map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Group(
        rs.getString("id"),
        rs.getString("domain_id"),
        rs.getString("name"),
        rs.getString("description"),
        JsonColumn.object(rs.getString("extra")));
  }
}
