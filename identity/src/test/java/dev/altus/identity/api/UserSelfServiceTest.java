package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserSelfServiceTest {
  static IdentityApiHarness api;
  static Fixtures fx;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
    fx = new Fixtures(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String passwordBody(String original, String password) {
    return "{\"user\": {\"original_password\": \"" + original + "\", \"password\": \"" + password + "\"}}";
  }

  @Test
  void userReadsItselfAndItsProjectsButNotOthers() throws Exception {
    JsonNode u = fx.memberUser("pw");
    JsonNode other = fx.memberUser("pw");
    String token = fx.token(u, "pw");
    String uid = u.get("id").asText();
    String oid = other.get("id").asText();
    var self = api.call("GET", "/v3/users/" + uid, null, token);
    assertThat(self.status()).isEqualTo(200);
    assertThat(self.body().get("user")).isEqualTo(u);
    var projects = api.call("GET", "/v3/users/" + uid + "/projects", null, token);
    assertThat(projects.status()).isEqualTo(200);
    assertThat(projects.body().get("projects").findValuesAsText("id"))
        .containsExactly(u.get("default_project_id").asText());
    assertThat(api.call("GET", "/v3/users/" + oid, null, token).status()).isEqualTo(403);
    assertThat(api.call("GET", "/v3/users/" + oid + "/projects", null, token).status()).isEqualTo(403);
    assertThat(api.call("GET", "/v3/users/" + oid + "/groups", null, token).status()).isEqualTo(403);
    assertThat(api.call("PATCH", "/v3/users/" + uid, "{\"user\": {\"name\": \"x\"}}", token).status())
        .isEqualTo(403);
  }

  @Test
  void passwordChangeNeedsTheOriginalAndRevokesOldTokens() throws Exception {
    JsonNode u = fx.memberUser("old-pw");
    String uid = u.get("id").asText();
    String token = fx.token(u, "old-pw");
    String path = "/v3/users/" + uid + "/password";

    var wrong = api.call("POST", path, passwordBody("nope", "new-pw"), token);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body().at("/error/code").asInt()).isEqualTo(401);
    for (String body : new String[] {"{", "{}", "{\"user\": {\"password\": \"x\"}}",
        "{\"user\": {\"original_password\": \"old-pw\"}}",
        "{\"user\": {\"original_password\": \"old-pw\", \"password\": 5}}",
        "{\"user\": {\"original_password\": \"old-pw\", \"password\": \"x\", \"extra\": 1}}"}) {
      assertThat(api.call("POST", path, body, token).status()).as(body).isEqualTo(400);
    }
    assertThat(api.call("POST", path, passwordBody("old-pw", "new-pw"), token).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v3/users/" + uid, null, token).status()).isEqualTo(401);
    // Token times have one-second precision: a token issued in the second of the revocation is
    // revoked too (as in Keystone, and why Tempest waits a second here).
    Thread.sleep(1100);
    String fresh = fx.token(u, "new-pw");
    assertThat(api.call("GET", "/v3/users/" + uid, null, fresh).status()).isEqualTo(200);
    // a user whose password expired has no token: the original password is proof enough
    assertThat(api.call("POST", path, passwordBody("new-pw", "newer-pw"), null).status()).isEqualTo(204);
    Thread.sleep(1100);
    fx.token(u, "newer-pw");
    assertThat(api.call("POST", "/v3/users/nobody/password", passwordBody("a", "b"), null).status())
        .isEqualTo(401);
  }

  @Test
  void longPasswordsWorkAndEveryCharacterCounts() throws Exception {
    String longPw = "p".repeat(100);
    JsonNode u = fx.memberUser(longPw);
    fx.token(u, longPw);
    var r = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "%s"}}}}}""".formatted(u.get("id").asText(), "p".repeat(99) + "q"), null);
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void lockedPasswordCannotBeChangedBySelfService() throws Exception {
    JsonNode u = fx.memberUser("pw");
    String uid = u.get("id").asText();
    JsonNode updated = fx.expect(200, "PATCH", "/v3/users/" + uid,
        "{\"user\": {\"options\": {\"lock_password\": true}}}").get("user");
    assertThat(updated.at("/options/lock_password").asBoolean()).isTrue();
    assertThat(api.call("POST", "/v3/users/" + uid + "/password", passwordBody("pw", "other"), null)
        .status()).isEqualTo(400);
    JsonNode cleared = fx.expect(200, "PATCH", "/v3/users/" + uid,
        "{\"user\": {\"options\": {\"lock_password\": null}}}").get("user");
    assertThat(cleared.get("options").has("lock_password")).isFalse();
  }

  @Test
  void adminUpdateSemantics() throws Exception {
    JsonNode u = fx.memberUser("pw");
    String uid = u.get("id").asText();
    String path = "/v3/users/" + uid;
    String token = fx.token(u, "pw");
    JsonNode updated = fx.expect(200, "PATCH", path, "{\"user\": {\"id\": \"" + uid + "\","
        + " \"email\": \"a@b.c\", \"description\": \"d\", \"name\": \"  spaced  \"}}").get("user");
    assertThat(updated.get("email").asText()).isEqualTo("a@b.c");
    assertThat(updated.get("name").asText()).isEqualTo("spaced");
    assertThat(api.call("GET", path, null, token).status()).as("token survives a rename").isEqualTo(200);
    fx.expect(400, "PATCH", path, "{\"user\": {}}");
    fx.expect(400, "PATCH", path, "{\"user\": {\"domain_id\": \"other\"}}");
    fx.expect(400, "PATCH", path, "{\"user\": {\"id\": \"other\"}}");
    fx.expect(400, "PATCH", path, "{\"user\": {\"enabled\": \"no\"}}");
    fx.expect(400, "PATCH", path, "{\"user\": {\"options\": {\"unknown\": true}}}");
    fx.expect(400, "PATCH", path, "{\"user\": {\"default_project_id\": \"default\"}}");
    String taken = fx.user("pw", null).get("name").asText();
    fx.expect(409, "PATCH", path, "{\"user\": {\"name\": \"" + taken + "\"}}");

    fx.expect(200, "PATCH", path, "{\"user\": {\"enabled\": false}}");
    assertThat(api.call("GET", path, null, token).status()).as("disabling revokes").isEqualTo(401);
    fx.expect(200, "PATCH", path, "{\"user\": {\"enabled\": true, \"password\": null}}");
    var noPassword = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "pw"}}}}}""".formatted(uid), null);
    assertThat(noPassword.status()).isEqualTo(401);
  }

  @Test
  void createUserRules() throws Exception {
    fx.expect(404, "POST", "/v3/users",
        "{\"user\": {\"name\": \"x\", \"domain_id\": \"0123456789abcdef0123456789abcdef\"}}");
    for (String body : new String[] {"{\"user\": {}}", "{\"user\": {\"name\": \"\"}}",
        "{\"user\": {\"name\": \"   \"}}", "{\"user\": {\"name\": \"" + "n".repeat(256) + "\"}}",
        "{\"user\": {\"name\": \"x\", \"password\": 1}}", "{\"user\": {\"name\": \"x\", \"options\": []}}",
        "{\"user\": {\"name\": \"x\", \"options\": {\"multi_factor_auth_rules\": [[]]}}}",
        "{\"user\": {\"name\": \"x\", \"domain_id\": \"a b\"}}",
        "{\"user\": {\"name\": \"x\", \"federated\": []}}"}) {
      var r = api.call("POST", "/v3/users", body, fx.admin);
      assertThat(r.status()).as(body + " -> " + r.raw()).isEqualTo(400);
    }
    String name = Fixtures.unique("u");
    JsonNode u = fx.expect(201, "POST", "/v3/users", "{\"user\": {\"name\": \"" + name + "\","
        + " \"options\": {\"multi_factor_auth_rules\": [[\"password\", \"totp\"]]}}}").get("user");
    assertThat(u.at("/options/multi_factor_auth_rules/0/1").asText()).isEqualTo("totp");
    assertThat(u.get("password_expires_at").isNull()).isTrue();
    assertThat(u.has("password")).isFalse();
    fx.expect(409, "POST", "/v3/users", "{\"user\": {\"name\": \"" + name + "\"}}");
  }

  @Test
  void listFilters() throws Exception {
    JsonNode enabled = fx.user("pw", null);
    String disabledName = Fixtures.unique("off");
    fx.expect(201, "POST", "/v3/users", "{\"user\": {\"name\": \"" + disabledName + "\", \"enabled\": false}}");
    JsonNode byName = fx.expect(200, "GET", "/v3/users?name=" + enabled.get("name").asText(), null);
    assertThat(byName.get("users").findValuesAsText("id")).containsExactly(enabled.get("id").asText());
    assertThat(fx.expect(200, "GET", "/v3/users?enabled=false", null).get("users").findValuesAsText("name"))
        .contains(disabledName).doesNotContain(enabled.get("name").asText());
    assertThat(fx.expect(200, "GET", "/v3/users?name__icontains=" + disabledName.toUpperCase(), null)
        .get("users").findValuesAsText("name")).containsExactly(disabledName);
    assertThat(fx.expect(200, "GET", "/v3/users?domain_id=nope", null).get("users")).isEmpty();
    assertThat(fx.expect(200, "GET", "/v3/users?password_expires_at=lt:2030-01-01T00:00:00Z", null)
        .get("users")).isEmpty();
    fx.expect(400, "GET", "/v3/users?password_expires_at=xx:2030-01-01T00:00:00Z", null);
    fx.expect(400, "GET", "/v3/users?enabled=perhaps", null);
  }

  @Test
  void deletingADomainDeletesItsUsersGroupsAndProjects() throws Exception {
    String domain = fx.expect(201, "POST", "/v3/domains",
        "{\"domain\": {\"name\": \"" + Fixtures.unique("dom") + "\"}}").at("/domain/id").asText();
    String project = fx.expect(201, "POST", "/v3/projects", "{\"project\": {\"name\": \"p\","
        + " \"domain_id\": \"" + domain + "\"}}").at("/project/id").asText();
    String child = fx.expect(201, "POST", "/v3/projects", "{\"project\": {\"name\": \"c\","
        + " \"parent_id\": \"" + project + "\"}}").at("/project/id").asText();
    String user = fx.expect(201, "POST", "/v3/users", "{\"user\": {\"name\": \"u\", \"password\": \"pw\","
        + " \"domain_id\": \"" + domain + "\"}}").at("/user/id").asText();
    String group = fx.expect(201, "POST", "/v3/groups", "{\"group\": {\"name\": \"g\","
        + " \"domain_id\": \"" + domain + "\"}}").at("/group/id").asText();
    fx.expect(204, "PUT", "/v3/groups/" + group + "/users/" + user, null);
    fx.grant(child, user, "member");
    String cred = fx.expect(201, "POST", "/v3/users/" + user + "/credentials/OS-EC2",
        "{\"tenant_id\": \"" + child + "\"}").at("/credential/access").asText();

    fx.expect(403, "DELETE", "/v3/domains/" + domain, null);
    fx.expect(200, "PATCH", "/v3/domains/" + domain, "{\"domain\": {\"enabled\": false}}");
    fx.expect(204, "DELETE", "/v3/domains/" + domain, null);
    fx.expect(404, "GET", "/v3/domains/" + domain, null);
    fx.expect(404, "GET", "/v3/users/" + user, null);
    fx.expect(404, "GET", "/v3/groups/" + group, null);
    fx.expect(404, "GET", "/v3/projects/" + project, null);
    fx.expect(404, "GET", "/v3/projects/" + child, null);
    assertThat(fx.expect(200, "GET", "/v3/credentials?user_id=" + user, null).get("credentials")).isEmpty();
    assertThat(cred).isNotEmpty();
  }
}
