package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.User;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Rules for users: unique names per domain, an immutable domain, hashed passwords, and revoking a
 * user's tokens when the user is disabled, deleted or given a new password.
 */
public final class UserService {
  /** The longest password accepted, as Keystone's {@code max_password_length}. */
  public static final int MAX_PASSWORD_LENGTH = 4096;
  private static final String BAD_PASSWORD = "Error when changing user password: Invalid user / password";
  private final UserStore users;
  private final ProjectStore projects;
  private final PasswordHasher hasher;
  private final TokenService tokens;
  private final Clock clock;
  private final PasswordPolicy policy;
  private final AccountLockout lockout;

  public UserService(UserStore users, ProjectStore projects, PasswordHasher hasher,
      TokenService tokens, Clock clock, PasswordPolicy policy) {
    this.users = Objects.requireNonNull(users);
    this.projects = Objects.requireNonNull(projects);
    this.hasher = Objects.requireNonNull(hasher);
    this.tokens = Objects.requireNonNull(tokens);
    this.clock = Objects.requireNonNull(clock);
    this.policy = Objects.requireNonNull(policy);
    this.lockout = new AccountLockout(users, policy, clock);
  }

  /** The lockout the password authentication must apply too. */
  public AccountLockout lockout() {
    return lockout;
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
        .orElseThrow(() -> ApiException.notFound("Could not find domain: " + domainId + "."));
    checkDefaultProject(defaultProjectId);
    String n = name.strip();
    if (users.findByName(domain.id(), n).isPresent()) {
      throw duplicate("store", n, domain.id());
    }
    policy.checkRequirements(password);
    long now = clock.millis();
    User u = new User(Ids.newId(), domain.id(), n, enabled, defaultProjectId,
        password == null ? null : hasher.hash(password),
        password == null ? null : policy.expiresAt(now, options, true), now, options, extra);
    try {
      users.insert(u);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw duplicate("store", n, domain.id());
      }
      throw e;
    }
    return get(u.id());
  }

  /**
   * Updates a user. With {@code setPassword} the password becomes {@code newPassword} (null leaves
   * the user without one); a new password or disabling the user revokes the user's tokens.
   */
  public User update(User before, User after, boolean setPassword, String newPassword) {
    if (!before.domainId().equals(after.domainId())) {
      throw ApiException.badRequest("Cannot change Domain ID");
    }
    User u = new User(before.id(), before.domainId(), after.name().strip(), after.enabled(),
        after.defaultProjectId(), before.passwordHash(), before.passwordExpiresAt(),
        before.createdAt(), after.options(), after.extra());
    if (!before.name().equals(u.name()) && users.findByName(u.domainId(), u.name()).isPresent()) {
      throw duplicate("update", u.name(), u.domainId());
    }
    if (!Objects.equals(before.defaultProjectId(), u.defaultProjectId())) {
      checkDefaultProject(u.defaultProjectId());
    }
    if (setPassword) {
      policy.checkRequirements(newPassword);
    }
    try {
      users.update(u);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw duplicate("update", u.name(), u.domainId());
      }
      throw e;
    }
    long now = clock.millis();
    if (setPassword) {
      users.setPassword(before.id(), newPassword == null ? null : hasher.hash(newPassword),
          newPassword == null ? null : policy.expiresAt(now, u.options(), true), now, false);
    } else if (!before.enabled() && u.enabled()) {
      users.resetFailedAuth(before.id()); // enabling a user also lifts a lockout
    }
    if ((before.enabled() && !u.enabled()) || (setPassword && newPassword != null)) {
      tokens.revokeUser(before.id());
    }
    return get(before.id());
  }

  /**
   * Self-service password change: the original password is the proof, so an unknown user and a
   * wrong password fail alike (401), and failures count towards a lockout. An expired password may
   * be changed; a locked one (lock_password) may not. The password rules apply: requirements,
   * minimum age of the current self-service password, and no reuse of recent passwords.
   */
  public void changePassword(String userId, String original, String password) {
    User u = users.find(userId).orElseThrow(() -> ApiException.unauthorized(BAD_PASSWORD));
    lockout.beforeCheck(u);
    if (!hasher.verify(original, u.passwordHash())) {
      lockout.failed(u);
      throw ApiException.unauthorized(BAD_PASSWORD);
    }
    lockout.succeeded(u);
    if (!u.enabled()) {
      throw ApiException.unauthorized("Error when changing user password: the user is disabled.");
    }
    if (UserOptions.isSet(u.options(), UserOptions.LOCK_PASSWORD)) {
      throw ApiException.badRequest("You cannot change your password at this time due to the"
          + " 'lock_password' option on the user.");
    }
    policy.checkRequirements(password);
    long now = clock.millis();
    checkMinimumAge(u, now);
    if (policy.uniqueLastCount() > 0) {
      for (String old : users.recentPasswordHashes(userId, policy.uniqueLastCount())) {
        if (hasher.verify(password, old)) {
          throw ApiException.badRequest("The new password cannot be identical to a previous"
              + " password. The total number which includes the new password must be unique is "
              + policy.uniqueLastCount() + ".");
        }
      }
    }
    users.setPassword(userId, hasher.hash(password), policy.expiresAt(now, u.options(), false), now,
        true);
    tokens.revokeUser(userId);
  }

  private void checkMinimumAge(User u, long now) {
    if (policy.minimumAgeDays() == 0) {
      return;
    }
    var state = users.passwordState(u.id()).orElse(null);
    if (state == null || !state.selfService() || state.createdAt() == null) {
      return;
    }
    long changeableAt = state.createdAt() + Duration.ofDays(policy.minimumAgeDays()).toMillis();
    if (now < changeableAt) {
      long daysLeft = Math.max(1, (changeableAt - now) / Duration.ofDays(1).toMillis());
      throw ApiException.badRequest("You cannot change your password at this time due to the"
          + " minimum password age. Once you change your password, it must be used for "
          + policy.minimumAgeDays() + " day(s) before it can be changed. Please try again in "
          + daysLeft + " day(s) or contact your administrator to reset your password.");
    }
  }

  /** Deletes a user with its assignments, memberships and credentials, and revokes its tokens. */
  public void delete(String id) {
    get(id);
    users.delete(id);
    tokens.revokeUser(id);
  }

  /** A default project may be unknown (Keystone accepts that) but never a domain. */
  private void checkDefaultProject(String projectId) {
    if (projectId != null && projects.find(projectId).filter(Project::isDomain).isPresent()) {
      throw ApiException.badRequest("User's default project ID cannot be a domain ID: " + projectId + ".");
    }
  }

  private static ApiException duplicate(String op, String name, String domainId) {
    return ApiException.conflict("Conflict occurred attempting to " + op
        + " user - Duplicate entry found with name " + name + " at domain ID " + domainId + ".");
  }
}
