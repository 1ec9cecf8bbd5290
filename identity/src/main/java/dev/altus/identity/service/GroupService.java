package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Group;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.User;
import dev.altus.identity.store.GroupStore;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.UserStore;
import java.util.List;
import java.util.Objects;

/**
 * Rules for groups: unique names per domain, an immutable domain, and memberships. Removing a member
 * (or deleting a group that holds roles) revokes the affected users' tokens, as Keystone does.
 */
public final class GroupService {
  private final GroupStore groups;
  private final UserStore users;
  private final ProjectStore projects;
  private final TokenService tokens;

  public GroupService(GroupStore groups, UserStore users, ProjectStore projects, TokenService tokens) {
    this.groups = Objects.requireNonNull(groups);
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
    this.tokens = Objects.requireNonNull(tokens);
  }

  public Group get(String id) {
    return groups.find(id).orElseThrow(() -> ApiException.notFound("Could not find group: " + id + "."));
  }

  public List<Group> list() {
    return groups.list();
  }

  public Group create(String name, String domainId, String description, ObjectNode extra) {
    Project domain = projects.find(domainId).filter(Project::isDomain)
        .orElseThrow(() -> ApiException.notFound("Could not find domain: " + domainId + "."));
    String n = name.strip();
    if (groups.findByName(domain.id(), n).isPresent()) {
      throw duplicate("store", n, domain.id());
    }
    Group g = new Group(Ids.newId(), domain.id(), n, description == null ? "" : description, extra);
    try {
      groups.insert(g);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw duplicate("store", n, domain.id());
      }
      throw e;
    }
    return get(g.id());
  }

  /** Saves new attributes; the domain cannot change. */
  public Group update(Group before, Group after) {
    if (!before.domainId().equals(after.domainId())) {
      throw ApiException.badRequest("Cannot change Domain ID");
    }
    Group g = new Group(before.id(), before.domainId(), after.name().strip(), after.description(),
        after.extra());
    if (!before.name().equals(g.name()) && groups.findByName(before.domainId(), g.name()).isPresent()) {
      throw duplicate("update", g.name(), before.domainId());
    }
    try {
      groups.update(g);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw duplicate("update", g.name(), before.domainId());
      }
      throw e;
    }
    return get(before.id());
  }

  /** Deletes a group, its memberships and its role assignments. */
  public void delete(String id) {
    Group g = get(id);
    List<User> members = groups.members(g.id());
    boolean hadRoles = groups.hasAssignments(g.id());
    groups.delete(g.id());
    if (hadRoles) {
      members.forEach(u -> tokens.revokeUser(u.id()));
    }
  }

  public void addMember(String groupId, String userId) {
    Group g = get(groupId);
    User u = user(userId);
    groups.addMember(g.id(), u.id());
  }

  public void removeMember(String groupId, String userId) {
    Group g = get(groupId);
    User u = user(userId);
    if (!groups.removeMember(g.id(), u.id())) {
      throw notMember(u.id(), g.id());
    }
    tokens.revokeUser(u.id());
  }

  public void checkMember(String groupId, String userId) {
    Group g = get(groupId);
    User u = user(userId);
    if (!groups.isMember(g.id(), u.id())) {
      throw notMember(u.id(), g.id());
    }
  }

  public List<User> members(String groupId) {
    return groups.members(get(groupId).id());
  }

  public List<Group> groupsOf(String userId) {
    return groups.groupsOf(user(userId).id());
  }

  private User user(String id) {
    return users.find(id).orElseThrow(() -> ApiException.notFound("Could not find user: " + id + "."));
  }

  private static ApiException notMember(String userId, String groupId) {
    return ApiException.notFound("User '" + userId + "' not found in group '" + groupId + "'.");
  }

  private static ApiException duplicate(String op, String name, String domainId) {
    return ApiException.conflict("Conflict occurred attempting to " + op
        + " group - Duplicate entry found with name " + name + " at domain ID " + domainId + ".");
  }
}
