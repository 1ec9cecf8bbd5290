package dev.altus.identity.service;

import dev.altus.common.error.ApiException;
import dev.altus.identity.model.User;
import dev.altus.identity.store.UserStore;
import java.time.Clock;
import java.util.Objects;

/**
 * Locks a user out after too many failed password checks, for the policy's lockout duration (for
 * good when it is zero), unless the user has the ignore_lockout_failure_attempts option. A success
 * or an administrator's password reset clears the count.
 */
public final class AccountLockout implements AuthService.PasswordGuard {
  private final UserStore users;
  private final PasswordPolicy policy;
  private final Clock clock;

  public AccountLockout(UserStore users, PasswordPolicy policy, Clock clock) {
    this.users = Objects.requireNonNull(users);
    this.policy = Objects.requireNonNull(policy);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public void beforeCheck(User u) {
    if (!policy.lockoutEnabled(u.options())) {
      return;
    }
    var state = users.passwordState(u.id()).orElse(null);
    if (state == null || state.failedAuthCount() < policy.lockoutFailureAttempts()) {
      return;
    }
    long duration = policy.lockoutDuration().toMillis();
    if (duration == 0 || state.failedAuthAt() == null
        || state.failedAuthAt() + duration > clock.millis()) {
      throw ApiException.unauthorized("The account is locked for user: " + u.id() + ".");
    }
    users.resetFailedAuth(u.id());
  }

  @Override
  public void failed(User u) {
    if (policy.lockoutEnabled(u.options())) {
      users.recordFailedAuth(u.id(), clock.millis());
    }
  }

  @Override
  public void succeeded(User u) {
    if (policy.lockoutEnabled(u.options())) {
      users.resetFailedAuth(u.id());
    }
  }
}
