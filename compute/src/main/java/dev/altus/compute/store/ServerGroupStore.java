package dev.altus.compute.store;

import dev.altus.compute.model.ServerGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The server_groups and server_group_members tables. */
public final class ServerGroupStore {
  private final Jdbi jdbi;

  public ServerGroupStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(ServerGroup g) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO server_groups (id, name, project_id, user_id,"
            + " policy, max_server_per_host, created_at) VALUES (:id, :name, :p, :u, :policy,"
            + " :max, :c)")
        .bind("id", g.id()).bind("name", g.name()).bind("p", g.projectId())
        .bind("u", g.userId()).bind("policy", g.policy())
        .bind("max", g.maxServerPerHost()).bind("c", g.createdAt()).execute());
  }

  public Optional<ServerGroup> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM server_groups WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> row(h, rs)).findOne());
  }

  /** The groups of a project, or every group when {@code projectId} is null, oldest first. */
  public List<ServerGroup> list(String projectId) {
    return jdbi.withHandle(h -> {
      var q = h.createQuery("SELECT * FROM server_groups"
          + (projectId == null ? "" : " WHERE project_id = :p") + " ORDER BY seq");
      if (projectId != null) {
        q.bind("p", projectId);
      }
      return q.map((rs, ctx) -> row(h, rs)).list();
    });
  }

  public int countInProject(String projectId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM server_groups"
        + " WHERE project_id = :p").bind("p", projectId).mapTo(Integer.class).one());
  }

  /** Deletes a group with its member list; false when there was none. */
  public boolean delete(String id) {
    return jdbi.inTransaction(h -> {
      h.createUpdate("DELETE FROM server_group_members WHERE group_id = :id").bind("id", id)
          .execute();
      return h.createUpdate("DELETE FROM server_groups WHERE id = :id").bind("id", id)
          .execute() > 0;
    });
  }

  /** Adds a member; a server already in a group breaks the primary key. */
  public void addMember(String groupId, String serverId, long createdAt) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO server_group_members (group_id, server_id,"
            + " created_at) VALUES (:g, :s, :c)")
        .bind("g", groupId).bind("s", serverId).bind("c", createdAt).execute());
  }

  public int countMembers(String groupId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM server_group_members"
        + " WHERE group_id = :g").bind("g", groupId).mapTo(Integer.class).one());
  }

  /** The group a server is in, if any. */
  public Optional<String> groupIdOf(String serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT group_id FROM server_group_members"
        + " WHERE server_id = :s").bind("s", serverId).mapTo(String.class).findOne());
  }

  public boolean removeMember(String serverId) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM server_group_members"
        + " WHERE server_id = :s").bind("s", serverId).execute()) > 0;
  }

  private static ServerGroup row(Handle h, ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    int max = rs.getInt("max_server_per_host");
    Integer maxPerHost = rs.wasNull() ? null : max;
    List<String> members = h.createQuery("SELECT server_id FROM server_group_members"
            + " WHERE group_id = :g ORDER BY seq").bind("g", id)
        .mapTo(String.class).list();
    return new ServerGroup(id, rs.getString("name"), rs.getString("project_id"),
        rs.getString("user_id"), rs.getString("policy"), maxPerHost, rs.getLong("created_at"),
        members);
  }
}
