package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The password rules an operator may turn on, as Keystone's {@code [security_compliance]} options.
 * All are off by default.
 *
 * @param expiresDays a password expires this many days after it is set (0: never)
 * @param uniqueLastCount a self-service password may not repeat any of the last this many (0: off)
 * @param minimumAgeDays a self-service password may only be changed again after this many days
 * @param regex a new password must match this regular expression (null: any password)
 * @param regexDescription what the regular expression asks for, shown when a password fails it
 * @param lockoutFailureAttempts after this many failed authentications the user is locked (0: off)
 * @param lockoutDuration how long a lock lasts
 * @param changeUponFirstUse a password set by an administrator must be changed before it can be used
 */
public record PasswordPolicy(int expiresDays, int uniqueLastCount, int minimumAgeDays, String regex,
    String regexDescription, int lockoutFailureAttempts, Duration lockoutDuration,
    boolean changeUponFirstUse) {
  public static final PasswordPolicy DEFAULTS =
      new PasswordPolicy(0, 0, 0, null, null, 0, Duration.ofMinutes(30), false);

  public PasswordPolicy {
    if (expiresDays < 0 || uniqueLastCount < 0 || minimumAgeDays < 0 || lockoutFailureAttempts < 0) {
      throw new IllegalArgumentException("password rule counts and days must not be negative");
    }
    if (lockoutDuration == null || lockoutDuration.isNegative()) {
      throw new IllegalArgumentException("the lockout duration must not be negative");
    }
    if (regex != null) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("the password regex is invalid: " + e.getDescription());
      }
    }
  }

  /** 400 unless the password meets the regular expression. */
  public void checkRequirements(String password) {
    if (password != null && regex != null && !Pattern.compile(regex).matcher(password).lookingAt()) {
      throw ApiException.badRequest("The password does not meet the requirements: "
          + (regexDescription == null ? "it does not match " + regex : regexDescription) + ".");
    }
  }

  /**
   * When a password set at {@code now} expires (null: never). One set by an administrator expires at
   * once when it must be changed upon first use.
   */
  public Long expiresAt(long now, ObjectNode options, boolean byAdministrator) {
    if (byAdministrator && changeUponFirstUse
        && !UserOptions.isSet(options, "ignore_change_password_upon_first_use")) {
      return now;
    }
    if (expiresDays > 0 && !UserOptions.isSet(options, UserOptions.IGNORE_PASSWORD_EXPIRY)) {
      return now + Duration.ofDays(expiresDays).toMillis();
    }
    return null;
  }

  public boolean lockoutEnabled(ObjectNode options) {
    return lockoutFailureAttempts > 0
        && !UserOptions.isSet(options, "ignore_lockout_failure_attempts");
  }
}
