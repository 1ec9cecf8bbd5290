package dev.altus.identity.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Read-only look-ups of groups and their members, as role grants and role assignment listings need
 * them. Creating and changing groups belongs to the groups API.
 */
public final class GroupLookup {
  /** The parts of a group that grants and assignment listings show. */
  public record GroupRef(String id, String domainId, String name) {}

  private final Jdbi jdbi;

  public GroupLookup(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<GroupRef> find(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, domain_id, name FROM identity_group WHERE id = :id")
            .bind("id", id)
            .map((rs, c) -> new GroupRef(rs.getString(1), rs.getString(2), rs.getString(3)))
            .findOne());
  }

  /** Ids of the users in the group, ordered. */
  public List<String> memberIds(String groupId) {
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT user_id FROM user_group_membership WHERE group_id = :g ORDER BY user_id")
            .bind("g", groupId)
            .mapTo(String.class)
            .list());
  }
}
