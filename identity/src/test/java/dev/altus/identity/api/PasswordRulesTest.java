package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.identity.service.PasswordPolicy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The operator's password rules (Keystone's security compliance options), all switched on. */
class PasswordRulesTest {
  static IdentityApiHarness api;
  static Fixtures fx;

  @BeforeAll
  static void start() throws Exception {
    PasswordPolicy rules = new PasswordPolicy(30, 2, 0, "^(?=.*\\d).{6,}$",
        "at least 6 characters with a digit", 2, Duration.ofSeconds(2), false);
    api = new IdentityApiHarness(DatabaseConfig.inMemory("id-" + UUID.randomUUID()),
        c -> c.withPasswords(rules));
    fx = new Fixtures(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static int auth(JsonNode u, String password) throws Exception {
    return api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "%s"}}}}}""".formatted(u.get("id").asText(), password), null).status();
  }

  private static int change(JsonNode u, String original, String password) throws Exception {
    return api.call("POST", "/v3/users/" + u.get("id").asText() + "/password",
        "{\"user\": {\"original_password\": \"" + original + "\", \"password\": \"" + password + "\"}}",
        null).status();
  }

  @Test
  void passwordsMustMeetTheRequirements() throws Exception {
    var weak = api.call("POST", "/v3/users", "{\"user\": {\"name\": \"" + Fixtures.unique("u")
        + "\", \"password\": \"short\"}}", fx.admin);
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.body().at("/error/message").asText()).contains("at least 6 characters with a digit");
    JsonNode u = fx.memberUser("secret1");
    assertThat(change(u, "secret1", "nodigits")).isEqualTo(400);
    fx.expect(400, "PATCH", "/v3/users/" + u.get("id").asText(), "{\"user\": {\"password\": \"abc\"}}");
  }

  @Test
  void passwordsExpireAfterTheConfiguredDays() throws Exception {
    JsonNode u = fx.memberUser("secret1");
    String expires = u.get("password_expires_at").asText();
    assertThat(expires).startsWith(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString());
    JsonNode ignoring = fx.expect(200, "PATCH", "/v3/users/" + u.get("id").asText(),
        "{\"user\": {\"options\": {\"ignore_password_expiry\": true}, \"password\": \"secret2\"}}").get("user");
    assertThat(ignoring.get("password_expires_at").isNull()).isTrue();
  }

  @Test
  void recentPasswordsCannotBeReused() throws Exception {
    JsonNode u = fx.memberUser("secret1");
    assertThat(change(u, "secret1", "secret1")).isEqualTo(400);
    assertThat(change(u, "secret1", "secret2")).isEqualTo(204);
    assertThat(change(u, "secret2", "secret1")).isEqualTo(400);
    assertThat(change(u, "secret2", "secret3")).isEqualTo(204);
    assertThat(change(u, "secret3", "secret1")).as("older than the last two").isEqualTo(204);
    // an administrator's reset is not held to the history
    fx.expect(200, "PATCH", "/v3/users/" + u.get("id").asText(), "{\"user\": {\"password\": \"secret1\"}}");
  }

  @Test
  void repeatedFailuresLockTheAccountForAWhile() throws Exception {
    JsonNode u = fx.memberUser("secret1");
    assertThat(auth(u, "wrong1")).isEqualTo(401);
    assertThat(auth(u, "wrong2")).isEqualTo(401);
    var locked = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "secret1"}}}}}""".formatted(u.get("id").asText()), null);
    assertThat(locked.status()).isEqualTo(401);
    assertThat(locked.body().at("/error/message").asText()).contains("locked");
    assertThat(change(u, "secret1", "secret9")).as("self-service is locked too").isEqualTo(401);
    Thread.sleep(2100);
    assertThat(auth(u, "secret1")).isEqualTo(201);
  }

  @Test
  void usersExemptFromLockoutAreNeverLocked() throws Exception {
    JsonNode u = fx.memberUser("secret1");
    fx.expect(200, "PATCH", "/v3/users/" + u.get("id").asText(),
        "{\"user\": {\"options\": {\"ignore_lockout_failure_attempts\": true}}}");
    for (int i = 0; i < 3; i++) {
      assertThat(auth(u, "wrong")).isEqualTo(401);
    }
    assertThat(auth(u, "secret1")).isEqualTo(201);
  }

  /** An administrator's password must be changed before use; a chosen one lasts a day at least. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class FirstUseAndMinimumAge {
    IdentityApiHarness api2;
    Fixtures fx2;

    @BeforeAll
    void start() throws Exception {
      PasswordPolicy rules = new PasswordPolicy(0, 0, 1, null, null, 0, Duration.ofSeconds(0), true);
      api2 = new IdentityApiHarness(DatabaseConfig.inMemory("id-" + UUID.randomUUID()),
          c -> c.withPasswords(rules));
      fx2 = new Fixtures(api2);
    }

    @AfterAll
    void stop() {
      api2.close();
    }

    @Test
    void adminPasswordMustBeChangedThenKeptADay() throws Exception {
      String project = fx2.project();
      JsonNode u = fx2.user("given-1", project);
      fx2.grant(project, u.get("id").asText(), "member");
      String path = "/v3/users/" + u.get("id").asText() + "/password";
      var expired = api2.call("POST", "/v3/auth/tokens", """
          {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
           "password": "given-1"}}}}}""".formatted(u.get("id").asText()), null);
      assertThat(expired.status()).isEqualTo(401);
      assertThat(expired.body().at("/error/message").asText()).contains("expired");
      assertThat(api2.call("POST", path, "{\"user\": {\"original_password\": \"given-1\","
          + " \"password\": \"chosen-1\"}}", null).status()).isEqualTo(204);
      Thread.sleep(1100); // tokens of the second of the change are revoked with the old password
      fx2.token(u, "chosen-1");
      var tooSoon = api2.call("POST", path, "{\"user\": {\"original_password\": \"chosen-1\","
          + " \"password\": \"chosen-2\"}}", null);
      assertThat(tooSoon.status()).isEqualTo(400);
      assertThat(tooSoon.body().at("/error/message").asText()).contains("minimum password age");
    }
  }
}
