package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Available scopes (/v3/auth/projects, /v3/auth/domains) and rescoping a token. */
class TokenScopeApiTest {
  static IdentityApiHarness api;
  static RoleFixtures f;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
    f = new RoleFixtures(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static IdentityApiHarness.Response password(String user, String scope) throws Exception {
    return api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "pw-12345"}}}%s}}""".formatted(user, scope), null);
  }

  private static List<String> ids(IdentityApiHarness.Response r, String key) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.body().get(key).forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  @Test
  void rescopedTokenKeepsMethodsAndExpiry() throws Exception {
    String domain = f.domain();
    String p1 = f.project(domain);
    String p2 = f.project(domain);
    String user = f.user(domain, "pw-12345");
    String role = f.role();
    f.put("/v3/projects/" + p1 + "/users/" + user + "/roles/" + role);
    f.put("/v3/projects/" + p2 + "/users/" + user + "/roles/" + role);
    var unscoped = password(user, "");
    assertThat(unscoped.status()).isEqualTo(201);
    assertThat(unscoped.body().get("token").has("roles")).isFalse();
    String token = unscoped.header("X-Subject-Token");
    String scope = "{\"auth\": {\"identity\": {\"methods\": [\"token\"], \"token\": {\"id\": \"" + token
        + "\"}}, \"scope\": {\"project\": {\"id\": \"%s\"}}}}";
    var scoped = api.call("POST", "/v3/auth/tokens", scope.formatted(p1), null);
    assertThat(scoped.status()).as(scoped.raw()).isEqualTo(201);
    assertThat(scoped.body().at("/token/methods")).extracting(n -> n.asText())
        .containsExactlyInAnyOrder("password", "token");
    assertThat(scoped.body().at("/token/expires_at")).isEqualTo(unscoped.body().at("/token/expires_at"));
    assertThat(scoped.body().at("/token/project/id").asText()).isEqualTo(p1);
    assertThat(scoped.body().at("/token/roles/0/id").asText()).isEqualTo(role);
    var h = java.util.Map.of("X-Subject-Token", scoped.header("X-Subject-Token"));
    assertThat(api.call("DELETE", "/v3/auth/tokens", null, f.admin, h).status()).isEqualTo(204);
    var again = api.call("POST", "/v3/auth/tokens?nocatalog", scope.formatted(p2), null);
    assertThat(again.status()).as(again.raw()).isEqualTo(201);
    assertThat(again.body().get("token").has("catalog")).as("key-only ?nocatalog").isFalse();
    assertThat(again.body().at("/token/project/id").asText()).isEqualTo(p2);
  }

  @Test
  void availableScopesComeFromUserGroupAndInheritedGrants() throws Exception {
    String home = f.domain();
    String user = f.user(home, "pw-12345");
    String role = f.role();
    String viaUser = f.domain();
    String viaGroup = f.domain();
    String group = f.group(viaGroup);
    f.addMember(group, user);
    f.put("/v3/domains/" + viaUser + "/users/" + user + "/roles/" + role);
    f.put("/v3/domains/" + viaGroup + "/groups/" + group + "/roles/" + role);
    String inheritedFrom = f.domain();
    String project = f.project(inheritedFrom);
    f.put("/v3/OS-INHERIT/domains/" + inheritedFrom + "/users/" + user + "/roles/" + role
        + "/inherited_to_projects");
    String token = password(user, "").header("X-Subject-Token");
    assertThat(ids(api.call("GET", "/v3/auth/domains", null, token), "domains"))
        .containsExactlyInAnyOrder(viaUser, viaGroup);
    assertThat(ids(api.call("GET", "/v3/auth/projects", null, token), "projects")).containsExactly(project);
    var domainScoped = password(user, ", \"scope\": {\"domain\": {\"id\": \"" + viaGroup + "\"}}");
    assertThat(domainScoped.status()).as(domainScoped.raw()).isEqualTo(201);
    assertThat(domainScoped.body().at("/token/domain/id").asText()).isEqualTo(viaGroup);
  }
}
