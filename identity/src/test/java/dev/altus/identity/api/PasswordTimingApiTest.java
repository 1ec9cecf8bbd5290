package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failed password authentication does the same bcrypt work whether the user exists or not, so
 * its time does not reveal which names are real. Checked by counting bcrypt verifications (one
 * per attempt on every path), not by timing, which would be flaky.
 */
class PasswordTimingApiTest {
  static IdentityApiHarness api;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  long checksFor(String user) throws Exception {
    long before = api.identity.hasher.checks();
    var r = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": %s}}}}
        """.formatted(user), null);
    assertThat(r.status()).as(user).isEqualTo(401);
    assertThat(r.body().get("error").get("message").asText())
        .isEqualTo("The request you have made requires authentication.");
    return api.identity.hasher.checks() - before;
  }

  @Test
  void everyFailedPasswordCostsOneBcryptCheckWhetherOrNotTheUserExists() throws Exception {
    String wrongPassword = """
        {"name": "admin", "domain": {"id": "default"}, "password": "wrong"}""";
    String noSuchName = """
        {"name": "nobody-here", "domain": {"id": "default"}, "password": "wrong"}""";
    String noSuchDomain = """
        {"name": "admin", "domain": {"name": "no-such-domain"}, "password": "wrong"}""";
    String noSuchId = """
        {"id": "0123456789abcdef0123456789abcdef", "password": "wrong"}""";
    assertThat(checksFor(wrongPassword)).isEqualTo(1);
    assertThat(checksFor(noSuchName)).isEqualTo(1);
    assertThat(checksFor(noSuchDomain)).isEqualTo(1);
    assertThat(checksFor(noSuchId)).isEqualTo(1);
  }

  @Test
  void aUserWithoutAPasswordCostsTheSameCheck() throws Exception {
    String admin = api.adminToken();
    var created = api.call("POST", "/v3/users", """
        {"user": {"name": "no-password-user", "domain_id": "default"}}""", admin);
    assertThat(created.status()).isEqualTo(201);
    assertThat(checksFor("""
        {"name": "no-password-user", "domain": {"id": "default"}, "password": "x"}""")).isEqualTo(1);
  }
}
