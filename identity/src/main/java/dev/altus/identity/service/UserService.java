package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.User;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Rules for users: unique names per domain, hashed passwords, revoking tokens on change. */
public final class UserService {
  private final UserStore users;
  private final ProjectStore projects;
  private final PasswordHasher hasher;
  private final TokenService tokens;
  private final Clock clock;

  public UserService(UserStore users, ProjectStore projects, PasswordHasher hasher,
      TokenService tokens, Clock clock) {
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
    this.hasher = Objects.requireNonNull(hasher);
    this.tokens = Objects.requireNonNull(tokens);
    this.clock = Objects.requireNonNull(clock);
  }

  public User get(String id) {
    return users.find(id).orElseThrow(() -> ApiException.notFound("Could not find user: " + id + "."));
  }

  public List<User> list() {
    return users.list();
  }

  public User create(String name, String domainId, String password, boolean enabled,
      String defaultProjectId, ObjectNode options, ObjectNode extra) {
    Project domain = projects.find(domainId).filter(Project::isDomain)
        .orElseThrow(() -> ApiException.badRequest("Could not find domain: " + domainId + "."));
    if (defaultProjectId != null) {
      projects.find(defaultProjectId).filter(p -> !p.isDomain())
          .orElseThrow(() -> ApiException.badRequest("Could not find project: " + defaultProjectId + "."));
    }
    if (users.findByName(domain.id(), name).isPresent()) {
      throw ApiException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name " + name + " at domain ID " + domain.id() + ".");
    }
    User u = new User(Ids.newId(), domain.id(), name, enabled, defaultProjectId,
        password == null ? null : hasher.hash(password), null, clock.millis(), options, extra);
    try {
      users.insert(u);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw ApiException.conflict("Conflict occurred attempting to store user - Duplicate entry found with name " + name + ".");
      }
      throw e;
    }
    return get(u.id());
  }

  /** Updates a user; a new password is hashed, and disabling revokes the user's tokens. */
  public User update(User before, User after, String newPassword) {
    if (!before.name().equals(after.name()) || !before.domainId().equals(after.domainId())) {
      if (users.findByName(after.domainId(), after.name()).isPresent()) {
        throw ApiException.conflict("Conflict occurred attempting to update user - Duplicate entry found with name " + after.name() + ".");
      }
    }
    if (after.defaultProjectId() != null && !after.defaultProjectId().equals(before.defaultProjectId())) {
      projects.find(after.defaultProjectId()).filter(p -> !p.isDomain())
          .orElseThrow(() -> ApiException.badRequest("Could not find project: " + after.defaultProjectId() + "."));
    }
    users.update(after);
    if (newPassword != null) {
      users.setPassword(before.id(), hasher.hash(newPassword), null, clock.millis());
    }
    if ((before.enabled() && !after.enabled()) || newPassword != null) {
      tokens.revokeUser(before.id());
    }
    return get(before.id());
  }

  /** Self-service password change: the original password must match. */
  public void changePassword(String userId, String original, String password) {
    User u = get(userId);
    if (!hasher.verify(original, u.passwordHash())) {
      throw ApiException.unauthorized("The original password is not correct.");
    }
    users.setPassword(userId, hasher.hash(password), null, clock.millis());
    tokens.revokeUser(userId);
  }

  public void delete(String id) {
    get(id);
    users.delete(id);
    tokens.revokeUser(id);
  }
}
