package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One identity flow that must behave the same on every supported database: bootstrap, tokens,
 * projects, users, grants, revocation, duplicate names. Each database has a subclass.
 */
abstract class IdentityOnDatabaseContract {
  static IdentityApiHarness api;

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
      api = null;
    }
  }

  @Test
  void fullFlow() throws Exception {
    String admin = api.adminToken();
    var p = api.call("POST", "/v3/projects", "{\"project\": {\"name\": \"db-flow\", \"tags\": [\"a\", \"b\"]}}", admin);
    assertThat(p.status()).isEqualTo(201);
    String projectId = p.body().at("/project/id").asText();
    assertThat(p.body().at("/project/tags").size()).isEqualTo(2);

    var dup = api.call("POST", "/v3/projects", "{\"project\": {\"name\": \"db-flow\"}}", admin);
    assertThat(dup.status()).isEqualTo(409);

    var u = api.call("POST", "/v3/users", "{\"user\": {\"name\": \"db-user\", \"password\": \"pw-123456\"}}", admin);
    assertThat(u.status()).isEqualTo(201);
    String userId = u.body().at("/user/id").asText();
    assertThat(u.body().at("/user").has("password")).isFalse();

    var roles = api.call("GET", "/v3/roles?name=member", null, admin);
    String member = roles.body().at("/roles/0/id").asText();
    assertThat(api.call("PUT", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member, null, admin).status())
        .isEqualTo(204);

    String userToken = api.token("db-user", "pw-123456", "db-flow");
    var v = api.call("GET", "/v3/auth/tokens", null, admin, Map.of("X-Subject-Token", userToken));
    assertThat(v.status()).isEqualTo(200);
    assertThat(v.body().at("/token/roles").findValuesAsText("name")).contains("member", "reader");

    // removing the only role invalidates the token at once
    assertThat(api.call("DELETE", "/v3/projects/" + projectId + "/users/" + userId + "/roles/" + member, null, admin).status())
        .isEqualTo(204);
    assertThat(api.call("GET", "/v3/auth/tokens", null, admin, Map.of("X-Subject-Token", userToken)).status())
        .isEqualTo(404);

    assertThat(api.call("DELETE", "/v3/users/" + userId, null, admin).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v3/users/" + userId, null, admin).status()).isEqualTo(404);
    assertThat(api.call("DELETE", "/v3/projects/" + projectId, null, admin).status()).isEqualTo(204);
  }

  @Test
  void domainMustBeDisabledBeforeDelete() throws Exception {
    String admin = api.adminToken();
    var d = api.call("POST", "/v3/domains", "{\"domain\": {\"name\": \"db-domain\"}}", admin);
    assertThat(d.status()).isEqualTo(201);
    String id = d.body().at("/domain/id").asText();
    assertThat(api.call("DELETE", "/v3/domains/" + id, null, admin).status()).isEqualTo(403);
    assertThat(api.call("PATCH", "/v3/domains/" + id, "{\"domain\": {\"enabled\": false}}", admin).status())
        .isEqualTo(200);
    assertThat(api.call("DELETE", "/v3/domains/" + id, null, admin).status()).isEqualTo(204);
  }
}
