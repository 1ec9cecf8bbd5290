package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthResourceTest {
  static IdentityApiHarness api;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void passwordTokenIsProjectScopedWithRolesAndCatalog() throws Exception {
    String token = api.adminToken();
    var r = api.call("GET", "/v3/auth/tokens", null, token, java.util.Map.of("X-Subject-Token", token));
    assertThat(r.status()).isEqualTo(200);
    var t = r.body().get("token");
    assertThat(t.at("/project/name").asText()).isEqualTo("admin");
    assertThat(t.get("roles").findValuesAsText("name")).contains("admin", "member", "reader");
    assertThat(t.get("methods").get(0).asText()).isEqualTo("password");
    assertThat(t.get("expires_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(t.get("catalog")).isNotNull();
  }

  @Test
  void wrongPasswordIs401InKeystoneFormat() throws Exception {
    var r = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin",
         "domain": {"id": "default"}, "password": "wrong"}}}}}""", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().at("/error/code").asInt()).isEqualTo(401);
    assertThat(r.body().at("/error/title").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void malformedBodiesAre400NotServerErrors() throws Exception {
    for (String body : new String[] {"{", "[]", "{\"auth\": 1}", "{\"auth\": {\"identity\": {}}}",
        "{\"auth\": {\"identity\": {\"methods\": [\"password\"]}}}"}) {
      var r = api.call("POST", "/v3/auth/tokens", body, null);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.body().at("/error/message").asText()).as(body).isNotBlank();
    }
  }

  @Test
  void revokedTokenNoLongerValidates() throws Exception {
    String admin = api.adminToken();
    String demo = api.demoToken();
    var h = java.util.Map.of("X-Subject-Token", demo);
    assertThat(api.call("HEAD", "/v3/auth/tokens", null, admin, h).status()).isEqualTo(200);
    assertThat(api.call("DELETE", "/v3/auth/tokens", null, admin, h).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v3/auth/tokens", null, admin, h).status()).isEqualTo(404);
    assertThat(api.call("GET", "/v3/projects", null, demo).status()).isEqualTo(401);
  }

  @Test
  void memberCannotListUsers() throws Exception {
    var r = api.call("GET", "/v3/users", null, api.demoToken());
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body().at("/error/message").asText()).contains("identity:list_users");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    String admin = api.adminToken();
    assertThat(api.call("GET", "/v3/nothing-here", null, admin).status()).isEqualTo(404);
    assertThat(api.call("PUT", "/v3/auth/tokens", "{}", admin).status()).isEqualTo(405);
  }
}
