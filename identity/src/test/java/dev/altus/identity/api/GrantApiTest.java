package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GrantApiTest {
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

  private static List<String> roleIds(IdentityApiHarness.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.body().get("roles").forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  /** Grants, lists, checks (GET and HEAD) and revokes on one collection path. */
  private static void roundTrip(String collection, String tail, boolean listable) throws Exception {
    String role = f.role();
    String one = collection + "/" + role + tail;
    assertThat(f.head(one).status()).as(one).isEqualTo(404);
    assertThat(f.put(one).status()).as(one).isEqualTo(204);
    assertThat(f.put(one).status()).as("granting twice is harmless").isEqualTo(204);
    if (listable) {
      assertThat(roleIds(f.get(collection + tail))).containsExactly(role);
    }
    assertThat(f.head(one).status()).isEqualTo(204);
    assertThat(f.get(one).status()).isEqualTo(204);
    assertThat(f.delete(one).status()).isEqualTo(204);
    assertThat(f.head(one).status()).isEqualTo(404);
    var gone = f.delete(one);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().at("/error/message").asText()).contains("Could not find role assignment");
    if (listable) {
      assertThat(roleIds(f.get(collection + tail))).isEmpty();
    }
  }

  @Test
  void everyGrantKindRoundTrips() throws Exception {
    String domain = f.domain();
    String project = f.project(domain);
    String user = f.user(domain, "pw-12345");
    String group = f.group(domain);
    for (String actor : List.of("/users/" + user, "/groups/" + group)) {
      roundTrip("/v3/projects/" + project + actor + "/roles", "", true);
      roundTrip("/v3/domains/" + domain + actor + "/roles", "", true);
      roundTrip("/v3/system" + actor + "/roles", "", true);
      roundTrip("/v3/OS-INHERIT/domains/" + domain + actor + "/roles", "/inherited_to_projects", true);
      roundTrip("/v3/OS-INHERIT/projects/" + project + actor + "/roles", "/inherited_to_projects", false);
    }
  }

  @Test
  void inheritedAndDirectGrantsAreSeparate() throws Exception {
    String domain = f.domain();
    String user = f.user(domain, "pw-12345");
    String role = f.role();
    assertThat(f.put("/v3/OS-INHERIT/domains/" + domain + "/users/" + user + "/roles/" + role
        + "/inherited_to_projects").status()).isEqualTo(204);
    assertThat(roleIds(f.get("/v3/domains/" + domain + "/users/" + user + "/roles"))).isEmpty();
    assertThat(f.head("/v3/domains/" + domain + "/users/" + user + "/roles/" + role).status()).isEqualTo(404);
    assertThat(roleIds(f.get("/v3/OS-INHERIT/domains/" + domain + "/users/" + user
        + "/roles/inherited_to_projects"))).containsExactly(role);
  }

  @Test
  void unknownIdsAre404() throws Exception {
    String domain = f.domain();
    String project = f.project(domain);
    String user = f.user(domain, "pw-12345");
    String role = f.role();
    for (String path : List.of(
        "/v3/projects/nope/users/" + user + "/roles/" + role,
        "/v3/projects/" + project + "/users/nope/roles/" + role,
        "/v3/projects/" + project + "/users/" + user + "/roles/nope",
        "/v3/projects/" + project + "/groups/nope/roles/" + role,
        "/v3/domains/nope/users/" + user + "/roles/" + role,
        "/v3/domains/" + project + "/users/" + user + "/roles/" + role,
        "/v3/system/users/nope/roles/" + role,
        "/v3/system/groups/nope/roles/" + role,
        "/v3/OS-INHERIT/domains/nope/users/" + user + "/roles/" + role + "/inherited_to_projects",
        "/v3/OS-INHERIT/projects/nope/users/" + user + "/roles/" + role + "/inherited_to_projects")) {
      var r = f.put(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body().at("/error/code").asInt()).as(path).isEqualTo(404);
    }
    assertThat(f.get("/v3/projects/nope/users/" + user + "/roles").status()).isEqualTo(404);
    assertThat(f.get("/v3/projects/" + project + "/users/nope/roles").status()).isEqualTo(404);
  }

  @Test
  void domainRoleOnlyOnProjectsOfItsDomain() throws Exception {
    String domain = f.domain();
    String other = f.domain();
    String user = f.user(domain, "pw-12345");
    String role = f.domainRole(domain);
    String own = f.project(domain);
    String foreign = f.project(other);
    assertThat(f.put("/v3/projects/" + own + "/users/" + user + "/roles/" + role).status()).isEqualTo(204);
    var mismatch = f.put("/v3/projects/" + foreign + "/users/" + user + "/roles/" + role);
    assertThat(mismatch.status()).isEqualTo(403);
    assertThat(mismatch.body().at("/error/message").asText()).contains("same domain");
    assertThat(f.put("/v3/OS-INHERIT/projects/" + foreign + "/users/" + user + "/roles/" + role
        + "/inherited_to_projects").status()).isEqualTo(403);
    assertThat(f.put("/v3/system/users/" + user + "/roles/" + role).status()).isEqualTo(400);
  }

  @Test
  void membersMayNotGrant() throws Exception {
    String domain = f.domain();
    String project = f.project(domain);
    String user = f.user(domain, "pw-12345");
    String role = f.role();
    var r = api.call("PUT", "/v3/projects/" + project + "/users/" + user + "/roles/" + role, null,
        api.demoToken());
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void groupGrantGivesMembersTheRoleInTheirToken() throws Exception {
    String domain = f.domain();
    String project = f.project(domain);
    String user = f.user(domain, "pw-12345");
    String group = f.group(domain);
    String role = f.role();
    f.addMember(group, user);
    assertThat(f.put("/v3/projects/" + project + "/groups/" + group + "/roles/" + role).status()).isEqualTo(204);
    var token = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "pw-12345"}}}, "scope": {"project": {"id": "%s"}}}}""".formatted(user, project), null);
    assertThat(token.status()).as(token.raw()).isEqualTo(201);
    assertThat(token.body().at("/token/roles/0/id").asText()).isEqualTo(role);
  }
}
