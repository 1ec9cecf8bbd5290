package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImpliedRoleApiTest {
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

  private static List<String> ids(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  @Test
  void createShowCheckListAndDeleteARule() throws Exception {
    String prior = f.role();
    String implied = f.role();
    String path = "/v3/roles/" + prior + "/implies/" + implied;
    var created = f.put(path);
    assertThat(created.status()).isEqualTo(201);
    JsonNode inf = created.body().get("role_inference");
    assertThat(inf.at("/prior_role/id").asText()).isEqualTo(prior);
    assertThat(inf.at("/prior_role/name").asText()).isNotBlank();
    assertThat(inf.at("/prior_role/links/self").asText()).isEqualTo(api.base + "/v3/roles/" + prior);
    assertThat(inf.at("/implies/id").asText()).isEqualTo(implied);
    assertThat(inf.at("/implies/links/self").asText()).isEqualTo(api.base + "/v3/roles/" + implied);
    assertThat(created.body().at("/links/self").asText()).isEqualTo(api.base + path);

    assertThat(f.head(path).status()).isEqualTo(204);
    var shown = f.get(path);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.body()).isEqualTo(created.body());

    var list = f.get("/v3/roles/" + prior + "/implies");
    assertThat(list.status()).isEqualTo(200);
    assertThat(ids(list.body().at("/role_inference/implies"))).containsExactly(implied);
    assertThat(list.body().at("/links/self").asText()).endsWith("/v3/roles/" + prior + "/implies");

    var all = f.get("/v3/role_inferences");
    assertThat(all.status()).isEqualTo(200);
    JsonNode rule = null;
    for (JsonNode r : all.body().get("role_inferences")) {
      if (r.at("/prior_role/id").asText().equals(prior)) {
        rule = r;
      }
    }
    assertThat(rule).isNotNull();
    assertThat(ids(rule.get("implies"))).containsExactly(implied);

    assertThat(f.delete(path).status()).isEqualTo(204);
    assertThat(f.get(path).status()).isEqualTo(404);
    assertThat(f.head(path).status()).isEqualTo(404);
    assertThat(f.delete(path).status()).isEqualTo(404);
    assertThat(f.get("/v3/roles/" + prior + "/implies").body().at("/role_inference/implies")).isEmpty();
  }

  @Test
  void unknownRolesAre404() throws Exception {
    String role = f.role();
    assertThat(f.put("/v3/roles/nope/implies/" + role).status()).isEqualTo(404);
    assertThat(f.put("/v3/roles/" + role + "/implies/nope").status()).isEqualTo(404);
    assertThat(f.get("/v3/roles/nope/implies").status()).isEqualTo(404);
    var r = f.get("/v3/roles/" + role + "/implies/nope");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body().at("/error/code").asInt()).isEqualTo(404);
  }

  @Test
  void cyclesAreRefused() throws Exception {
    String a = f.role();
    String b = f.role();
    String c = f.role();
    assertThat(f.put("/v3/roles/" + a + "/implies/" + b).status()).isEqualTo(201);
    assertThat(f.put("/v3/roles/" + b + "/implies/" + c).status()).isEqualTo(201);
    var cycle = f.put("/v3/roles/" + c + "/implies/" + a);
    assertThat(cycle.status()).isEqualTo(400);
    assertThat(cycle.body().at("/error/message").asText()).contains("cycle");
    assertThat(f.put("/v3/roles/" + a + "/implies/" + a).status()).isEqualTo(400);
    // adding an existing rule again is harmless
    assertThat(f.put("/v3/roles/" + a + "/implies/" + b).status()).isEqualTo(201);
  }

  @Test
  void domainRoleRules() throws Exception {
    String domain = f.domain();
    String other = f.domain();
    String d1 = f.domainRole(domain);
    String d2 = f.domainRole(domain);
    String d3 = f.domainRole(other);
    String global = f.role();
    assertThat(f.put("/v3/roles/" + d1 + "/implies/" + d2).status()).isEqualTo(201);
    assertThat(f.put("/v3/roles/" + d1 + "/implies/" + d3).status()).isEqualTo(201);
    assertThat(f.put("/v3/roles/" + d1 + "/implies/" + global).status()).isEqualTo(201);
    var refused = f.put("/v3/roles/" + global + "/implies/" + d1);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().at("/error/title").asText()).isEqualTo("Forbidden");
  }

  @Test
  void adminCannotBeImplied() throws Exception {
    String adminRole = f.get("/v3/roles?name=admin").body().at("/roles/0/id").asText();
    assertThat(f.put("/v3/roles/" + f.role() + "/implies/" + adminRole).status()).isEqualTo(403);
  }

  @Test
  void membersMayNotManageRules() throws Exception {
    String demo = api.demoToken();
    String a = f.role();
    String b = f.role();
    assertThat(api.call("PUT", "/v3/roles/" + a + "/implies/" + b, null, demo).status()).isEqualTo(403);
    assertThat(api.call("GET", "/v3/role_inferences", null, demo).status()).isEqualTo(403);
  }

  @Test
  void domainRolesAreListedByDomain() throws Exception {
    String domain = f.domain();
    var created = api.call("POST", "/v3/roles", "{\"role\": {\"name\": \"shared-name\", \"domain_id\": \""
        + domain + "\"}}", f.admin);
    assertThat(created.status()).isEqualTo(201);
    var listed = f.get("/v3/roles?domain_id=" + domain);
    assertThat(listed.body().get("roles")).hasSize(1);
    assertThat(listed.body().get("roles").get(0)).isEqualTo(created.body().get("role"));
    assertThat(ids(f.get("/v3/roles").body().get("roles")))
        .doesNotContain(created.body().at("/role/id").asText());
    // the same name may exist globally and in another domain, but not twice in one domain
    assertThat(api.call("POST", "/v3/roles", "{\"role\": {\"name\": \"shared-name\"}}", f.admin).status())
        .isEqualTo(201);
    assertThat(api.call("POST", "/v3/roles", "{\"role\": {\"name\": \"shared-name\", \"domain_id\": \""
        + domain + "\"}}", f.admin).status()).isEqualTo(409);
    assertThat(api.call("POST", "/v3/roles", "{\"role\": {\"name\": \"x\", \"domain_id\": \"nope\"}}",
        f.admin).status()).isEqualTo(404);
  }

  @Test
  void immutableRolesCannotBeChangedOrDeleted() throws Exception {
    var created = api.call("POST", "/v3/roles",
        "{\"role\": {\"name\": \"" + RoleFixtures.unique("imm") + "\", \"options\": {\"immutable\": true}}}", f.admin);
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().at("/role/id").asText();
    assertThat(f.delete("/v3/roles/" + id).status()).isEqualTo(403);
    assertThat(api.call("PATCH", "/v3/roles/" + id, "{\"role\": {\"description\": \"x\"}}", f.admin).status())
        .isEqualTo(403);
    assertThat(api.call("PATCH", "/v3/roles/" + id, "{\"role\": {\"options\": {\"immutable\": false}}}",
        f.admin).status()).isEqualTo(200);
    assertThat(f.delete("/v3/roles/" + id).status()).isEqualTo(204);
    assertThat(api.call("POST", "/v3/roles", "{\"role\": {\"name\": \"y\", \"options\": {\"bogus\": 1}}}",
        f.admin).status()).isEqualTo(400);
  }
}
