package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.identity.store.RoleStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroupResourceTest {
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

  private static JsonNode group(String name) throws Exception {
    return fx.expect(201, "POST", "/v3/groups",
        "{\"group\": {\"name\": \"" + name + "\", \"description\": \"d\", \"color\": \"red\"}}").get("group");
  }

  @Test
  void createShowUpdateDelete() throws Exception {
    String name = Fixtures.unique("grp");
    JsonNode g = group(name);
    assertThat(g.get("name").asText()).isEqualTo(name);
    assertThat(g.get("domain_id").asText()).isEqualTo("default");
    assertThat(g.get("description").asText()).isEqualTo("d");
    assertThat(g.get("color").asText()).isEqualTo("red");
    assertThat(g.at("/links/self").asText()).endsWith("/v3/groups/" + g.get("id").asText());
    String path = "/v3/groups/" + g.get("id").asText();

    assertThat(fx.expect(200, "GET", path, null).get("group")).isEqualTo(g);
    JsonNode renamed = fx.expect(200, "PATCH", path, "{\"group\": {\"name\": \"" + name + "-2\"}}").get("group");
    assertThat(renamed.get("name").asText()).isEqualTo(name + "-2");
    assertThat(renamed.get("description").asText()).isEqualTo("d");
    JsonNode listed = fx.expect(200, "GET", "/v3/groups?name=" + name + "-2", null);
    assertThat(listed.get("groups")).hasSize(1);
    assertThat(fx.expect(200, "GET", "/v3/groups?name__startswith=" + name, null).get("groups")).hasSize(1);

    fx.expect(204, "DELETE", path, null);
    fx.expect(404, "GET", path, null);
    fx.expect(404, "DELETE", path, null);
  }

  @Test
  void descriptionDefaultsToEmpty() throws Exception {
    JsonNode g = fx.expect(201, "POST", "/v3/groups",
        "{\"group\": {\"name\": \"" + Fixtures.unique("grp") + "\"}}").get("group");
    assertThat(g.get("description").asText()).isEmpty();
  }

  @Test
  void duplicateNameInDomainIs409() throws Exception {
    String name = Fixtures.unique("grp");
    JsonNode g = group(name);
    JsonNode err = fx.expect(409, "POST", "/v3/groups", "{\"group\": {\"name\": \"" + name + "\"}}");
    assertThat(err.at("/error/code").asInt()).isEqualTo(409);
    JsonNode other = group(Fixtures.unique("grp"));
    fx.expect(409, "PATCH", "/v3/groups/" + other.get("id").asText(),
        "{\"group\": {\"name\": \"" + g.get("name").asText() + "\"}}");
  }

  @Test
  void badInputIs400AndUnknownDomainIs404() throws Exception {
    for (String body : new String[] {"{", "[]", "{}", "{\"group\": 1}", "{\"group\": {}}",
        "{\"group\": {\"name\": 1}}", "{\"group\": {\"name\": \"  \"}}",
        "{\"group\": {\"name\": \"" + "x".repeat(65) + "\"}}",
        "{\"group\": {\"name\": \"g\", \"description\": 5}}",
        "{\"group\": {\"name\": \"g\", \"domain_id\": \"not valid!\"}}"}) {
      var r = api.call("POST", "/v3/groups", body, fx.admin);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.body().at("/error/title").asText()).isEqualTo("Bad Request");
    }
    fx.expect(404, "POST", "/v3/groups", "{\"group\": {\"name\": \"g\", \"domain_id\": \"abc123\"}}");
    JsonNode g = group(Fixtures.unique("grp"));
    String path = "/v3/groups/" + g.get("id").asText();
    fx.expect(400, "PATCH", path, "{\"group\": {}}");
    fx.expect(400, "PATCH", path, "{\"group\": {\"domain_id\": \"other\"}}");
    fx.expect(400, "PATCH", path, "{\"group\": {\"id\": \"other\"}}");
    fx.expect(404, "PATCH", "/v3/groups/nope", "{\"group\": {\"name\": \"x\"}}");
  }

  @Test
  void membershipAddCheckListRemove() throws Exception {
    JsonNode g = group(Fixtures.unique("grp"));
    JsonNode u = fx.user("pw-1", null);
    String gid = g.get("id").asText();
    String uid = u.get("id").asText();
    String member = "/v3/groups/" + gid + "/users/" + uid;

    fx.expect(404, "HEAD", member, null);
    fx.expect(404, "GET", member, null);
    fx.expect(204, "PUT", member, null);
    fx.expect(204, "PUT", member, null); // adding twice changes nothing
    fx.expect(204, "HEAD", member, null);
    fx.expect(204, "GET", member, null);

    JsonNode users = fx.expect(200, "GET", "/v3/groups/" + gid + "/users", null).get("users");
    assertThat(users).hasSize(1);
    assertThat(users.get(0)).isEqualTo(u);
    JsonNode groups = fx.expect(200, "GET", "/v3/users/" + uid + "/groups", null).get("groups");
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).get("id").asText()).isEqualTo(gid);
    assertThat(groups.get(0).has("membership_expires_at")).isTrue();
    assertThat(fx.expect(200, "GET", "/v3/groups/" + gid + "/users?enabled=false", null).get("users")).isEmpty();

    fx.expect(204, "DELETE", member, null);
    fx.expect(404, "DELETE", member, null);
    assertThat(fx.expect(200, "GET", "/v3/groups/" + gid + "/users", null).get("users")).isEmpty();

    fx.expect(404, "PUT", "/v3/groups/" + gid + "/users/nope", null);
    fx.expect(404, "PUT", "/v3/groups/nope/users/" + uid, null);
    fx.expect(404, "GET", "/v3/users/nope/groups", null);
  }

  @Test
  void groupRolesReachMembersAndDeletingTheGroupRemovesThem() throws Exception {
    JsonNode u = fx.user("pw-2", fx.project());
    String uid = u.get("id").asText();
    String project = u.get("default_project_id").asText();
    JsonNode g = group(Fixtures.unique("grp"));
    String gid = g.get("id").asText();
    fx.expect(204, "PUT", "/v3/groups/" + gid + "/users/" + uid, null);
    api.identity.roleStore.grant(new RoleStore.Assignment("GroupProject", gid, project,
        fx.roleId("member"), false));

    String token = fx.token(u, "pw-2");
    assertThat(fx.expect(200, "GET", "/v3/users/" + uid + "/projects", null).get("projects")
        .findValuesAsText("id")).containsExactly(project);
    // the member may list its own projects and groups
    assertThat(api.call("GET", "/v3/users/" + uid + "/projects", null, token).status()).isEqualTo(200);
    assertThat(api.call("GET", "/v3/users/" + uid + "/groups", null, token).status()).isEqualTo(200);
    // but not manage groups
    assertThat(api.call("GET", "/v3/groups", null, token).status()).isEqualTo(403);
    assertThat(api.call("PUT", "/v3/groups/" + gid + "/users/" + uid, null, token).status()).isEqualTo(403);

    fx.expect(204, "DELETE", "/v3/groups/" + gid, null);
    assertThat(api.identity.roleStore.assignmentsOf(List.of(gid))).isEmpty();
    assertThat(fx.expect(200, "GET", "/v3/users/" + uid + "/groups", null).get("groups")).isEmpty();
    assertThat(fx.expect(200, "GET", "/v3/users/" + uid + "/projects", null).get("projects")).isEmpty();
    assertThat(api.call("GET", "/v3/users/" + uid, null, token).status()).isEqualTo(401);
  }

  @Test
  void removingAMemberRevokesItsTokens() throws Exception {
    JsonNode u = fx.memberUser("pw-3");
    String uid = u.get("id").asText();
    JsonNode g = group(Fixtures.unique("grp"));
    String member = "/v3/groups/" + g.get("id").asText() + "/users/" + uid;
    fx.expect(204, "PUT", member, null);
    String token = fx.token(u, "pw-3");
    assertThat(api.call("GET", "/v3/users/" + uid, null, token).status()).isEqualTo(200);
    fx.expect(204, "DELETE", member, null);
    assertThat(api.call("GET", "/v3/users/" + uid, null, token).status()).isEqualTo(401);
  }

  @Test
  void withoutATokenIs401BeforeAnyLookup() throws Exception {
    assertThat(api.call("GET", "/v3/groups/nope", null, null).status()).isEqualTo(401);
    assertThat(api.call("PUT", "/v3/groups/nope/users/nope", null, null).status()).isEqualTo(401);
  }
}
