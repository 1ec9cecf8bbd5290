package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Domain-specific configuration: whole config, groups, options, defaults, sensitive options. */
class DomainConfigResourceTest {
  static IdentityApiHarness api;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static IdentityApiHarness.Response call(String method, String path, String body) throws Exception {
    return api.call(method, path, body, admin);
  }

  private static String domain(String name) throws Exception {
    var r = call("POST", "/v3/domains", "{\"domain\": {\"name\": \"" + name + "\"}}");
    assertThat(r.status()).isEqualTo(201);
    return r.body().at("/domain/id").asText();
  }

  @Test
  void createReadUpdateDelete() throws Exception {
    String d = domain("cfg-crud");
    String base = "/v3/domains/" + d + "/config";
    assertThat(call("GET", base, null).status()).isEqualTo(404);
    var created = call("PUT", base, "{\"config\": {\"identity\": {\"driver\": \"ldap\"},"
        + " \"ldap\": {\"url\": \"ldap://a/\", \"user_tree_dn\": \"ou=Users\", \"password\": \"s3cret\"}}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().at("/config/identity/driver").asText()).isEqualTo("ldap");
    assertThat(created.body().at("/config/ldap/url").asText()).isEqualTo("ldap://a/");
    assertThat(created.raw()).doesNotContain("s3cret");
    assertThat(call("GET", base, null).raw()).doesNotContain("s3cret").contains("ou=Users");
    assertThat(call("GET", base + "/ldap/password", null).status()).isEqualTo(404);

    assertThat(call("GET", base + "/ldap", null).body().at("/config/ldap/user_tree_dn").asText())
        .isEqualTo("ou=Users");
    assertThat(call("GET", base + "/identity/driver", null).body().at("/config/driver").asText())
        .isEqualTo("ldap");

    // PUT again replaces and answers 200
    var replaced = call("PUT", base, "{\"config\": {\"identity\": {\"driver\": \"sql\"}}}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.body().at("/config/ldap").isMissingNode()).isTrue();

    var group = call("PATCH", base + "/identity", "{\"config\": {\"identity\": {\"driver\": \"d2\", \"list_limit\": 7}}}");
    assertThat(group.status()).isEqualTo(200);
    assertThat(group.body().at("/config/identity/list_limit").asInt()).isEqualTo(7);
    assertThat(group.body().at("/config/identity/list_limit").isInt()).isTrue();
    var option = call("PATCH", base + "/identity/driver", "{\"config\": {\"driver\": \"d3\"}}");
    assertThat(option.status()).isEqualTo(200);
    assertThat(option.body().at("/config/identity/driver").asText()).isEqualTo("d3");

    assertThat(call("DELETE", base + "/identity/driver", null).status()).isEqualTo(204);
    assertThat(call("GET", base + "/identity/driver", null).status()).isEqualTo(404);
    assertThat(call("DELETE", base + "/identity", null).status()).isEqualTo(204);
    assertThat(call("GET", base + "/identity", null).status()).isEqualTo(404);
    assertThat(call("DELETE", base + "/identity", null).status()).isEqualTo(404);
    assertThat(call("DELETE", base, null).status()).isEqualTo(204);
    assertThat(call("GET", base, null).status()).isEqualTo(404);
  }

  @Test
  void onlyIdentityAndLdapOptionsAreAllowed() throws Exception {
    String d = domain("cfg-bad");
    String base = "/v3/domains/" + d + "/config";
    var badGroup = call("PUT", base, "{\"config\": {\"token\": {\"expiration\": 1}}}");
    assertThat(badGroup.status()).isEqualTo(403);
    assertThat(badGroup.body().at("/error/message").asText()).contains("token");
    assertThat(call("PUT", base, "{\"config\": {\"ldap\": {\"nonsense\": 1}}}").status()).isEqualTo(403);
    assertThat(call("PUT", base, "{\"config\": {}}").status()).isEqualTo(403);
    assertThat(call("PUT", base, "{\"config\": {\"ldap\": \"url\"}}").status()).isEqualTo(403);
    assertThat(call("PUT", base, "{\"config\": []}").status()).isEqualTo(400);
    assertThat(call("PUT", base, "[]").status()).isEqualTo(400);
    assertThat(call("PUT", "/v3/domains/nope/config", "{\"config\": {\"identity\": {\"driver\": \"x\"}}}")
        .status()).isEqualTo(404);
    assertThat(call("PUT", base, "{\"config\": {\"identity\": {\"driver\": \"sql\"}}}").status()).isEqualTo(201);
    // updating a group that is not configured, or with another group in the body
    assertThat(call("PATCH", base + "/ldap", "{\"config\": {\"ldap\": {\"url\": \"ldap://x\"}}}").status())
        .isEqualTo(404);
    assertThat(call("PATCH", base + "/identity", "{\"config\": {\"ldap\": {\"url\": \"ldap://x\"}}}").status())
        .isEqualTo(403);
    assertThat(call("PATCH", base + "/identity/driver", "{\"config\": {\"list_limit\": 3}}").status())
        .isEqualTo(403);
    assertThat(call("GET", base + "/token", null).status()).isEqualTo(403);
  }

  @Test
  void defaultsListAllowedOptionsButNotSensitiveOnes() throws Exception {
    var all = call("GET", "/v3/domains/config/default", null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body().at("/config/identity/driver").asText()).isEqualTo("sql");
    assertThat(all.body().at("/config/identity").has("list_limit")).isTrue();
    assertThat(all.body().at("/config/ldap").has("url")).isTrue();
    assertThat(all.body().at("/config/ldap").has("password")).isFalse();
    var ldap = call("GET", "/v3/domains/config/ldap/default", null);
    assertThat(ldap.body().at("/config").has("identity")).isFalse();
    assertThat(call("GET", "/v3/domains/config/ldap/user_tree_dn/default", null).body().at("/config")
        .has("user_tree_dn")).isTrue();
    assertThat(call("GET", "/v3/domains/config/ldap/password/default", null).status()).isEqualTo(403);
    assertThat(call("GET", "/v3/domains/config/token/default", null).status()).isEqualTo(403);
    assertThat(api.call("GET", "/v3/domains/config/default", null, api.demoToken()).status()).isEqualTo(403);
  }
}
