package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import dev.altus.identity.service.CredentialService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CredentialResourceTest {
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

  private static String ec2Body(String user, String project, String access) {
    return """
        {"credential": {"type": "ec2", "user_id": "%s", "project_id": "%s",
         "blob": "{\\"access\\": \\"%s\\", \\"secret\\": \\"s3cret\\"}"}}""".formatted(user, project, access);
  }

  @Test
  void ec2CredentialLifecycleKeepsItsIdWhenTheKeysChange() throws Exception {
    JsonNode u = fx.memberUser("pw");
    String uid = u.get("id").asText();
    String p1 = u.get("default_project_id").asText();
    String p2 = fx.project();
    String access = Fixtures.unique("access");
    JsonNode c = fx.expect(201, "POST", "/v3/credentials", ec2Body(uid, p1, access)).get("credential");
    assertThat(c.get("id").asText()).isEqualTo(CredentialService.accessKeyId(access)).hasSize(64);
    assertThat(c.get("user_id").asText()).isEqualTo(uid);
    assertThat(c.get("project_id").asText()).isEqualTo(p1);
    assertThat(Json.parse(c.get("blob").asText()).get("secret").asText()).isEqualTo("s3cret");
    String path = "/v3/credentials/" + c.get("id").asText();

    String newBlob = "{\\\"access\\\": \\\"new-access\\\", \\\"secret\\\": \\\"new-secret\\\"}";
    JsonNode updated = fx.expect(200, "PATCH", path, "{\"credential\": {\"blob\": \"" + newBlob
        + "\", \"project_id\": \"" + p2 + "\", \"type\": \"ec2\"}}").get("credential");
    assertThat(updated.get("id").asText()).isEqualTo(c.get("id").asText());
    assertThat(updated.get("project_id").asText()).isEqualTo(p2);
    assertThat(Json.parse(updated.get("blob").asText()).get("access").asText()).isEqualTo("new-access");
    assertThat(fx.expect(200, "GET", path, null).get("credential")).isEqualTo(updated);

    // the original access key still names this credential's id; the new one is taken too
    fx.expect(409, "POST", "/v3/credentials", ec2Body(uid, p1, access));
    fx.expect(409, "POST", "/v3/credentials", ec2Body(uid, p1, "new-access"));
    String other = fx.expect(201, "POST", "/v3/credentials", ec2Body(uid, p1, Fixtures.unique("o")))
        .at("/credential/id").asText();
    fx.expect(409, "PATCH", "/v3/credentials/" + other, "{\"credential\": {\"blob\": \"" + newBlob + "\"}}");
    fx.expect(204, "DELETE", path, null);
    fx.expect(404, "GET", path, null);
    fx.expect(404, "DELETE", path, null);
  }

  @Test
  void otherTypesGetARandomIdAndNeedNoProject() throws Exception {
    JsonNode u = fx.user("pw", null);
    JsonNode c = fx.expect(201, "POST", "/v3/credentials", "{\"credential\": {\"type\": \"cert\","
        + " \"user_id\": \"" + u.get("id").asText() + "\", \"blob\": \"-----BEGIN-----\", \"note\": \"n\"}}")
        .get("credential");
    assertThat(c.get("id").asText()).hasSize(32);
    assertThat(c.get("project_id").isNull()).isTrue();
    assertThat(c.get("note").asText()).isEqualTo("n");
    JsonNode byType = fx.expect(200, "GET", "/v3/credentials?type=cert&user_id=" + u.get("id").asText(), null);
    assertThat(byType.get("credentials").findValuesAsText("id")).containsExactly(c.get("id").asText());
    assertThat(fx.expect(200, "GET", "/v3/credentials?type=ec2&user_id=" + u.get("id").asText(), null)
        .get("credentials")).isEmpty();
  }

  @Test
  void badInputIs400AndUnknownReferencesAre404() throws Exception {
    JsonNode u = fx.memberUser("pw");
    String uid = u.get("id").asText();
    String p = u.get("default_project_id").asText();
    for (String body : new String[] {"{", "{}", "{\"credential\": []}",
        "{\"credential\": {\"type\": \"cert\", \"blob\": \"x\"}}",
        "{\"credential\": {\"user_id\": \"" + uid + "\", \"blob\": \"x\"}}",
        "{\"credential\": {\"type\": \"cert\", \"user_id\": \"" + uid + "\"}}",
        "{\"credential\": {\"type\": \"cert\", \"user_id\": \"" + uid + "\", \"blob\": {}}}",
        "{\"credential\": {\"type\": \"ec2\", \"user_id\": \"" + uid + "\", \"blob\": \"{}\", \"project_id\": \"" + p + "\"}}",
        "{\"credential\": {\"type\": \"ec2\", \"user_id\": \"" + uid + "\", \"blob\": \"not json\", \"project_id\": \"" + p + "\"}}",
        "{\"credential\": {\"type\": \"ec2\", \"user_id\": \"" + uid + "\", \"blob\": \"{\\\"secret\\\": \\\"s\\\"}\", \"project_id\": \"" + p + "\"}}",
        ec2Body(uid, p, "a").replace(", \"project_id\": \"" + p + "\"", "")}) {
      var r = api.call("POST", "/v3/credentials", body, fx.admin);
      assertThat(r.status()).as(body + " -> " + r.raw()).isEqualTo(400);
    }
    fx.expect(404, "POST", "/v3/credentials", ec2Body("nobody", p, "a"));
    fx.expect(404, "POST", "/v3/credentials", ec2Body(uid, "noproject", "a"));
    String id = fx.expect(201, "POST", "/v3/credentials", ec2Body(uid, p, Fixtures.unique("a")))
        .at("/credential/id").asText();
    fx.expect(400, "PATCH", "/v3/credentials/" + id, "{\"credential\": {}}");
    fx.expect(400, "PATCH", "/v3/credentials/" + id, "{\"credential\": {\"id\": \"other\"}}");
    fx.expect(400, "PATCH", "/v3/credentials/" + id, "{\"credential\": {\"project_id\": null}}");
    fx.expect(400, "PATCH", "/v3/credentials/" + id, "{\"credential\": {\"blob\": \"[]\"}}");
    fx.expect(400, "PATCH", "/v3/credentials/" + id,
        "{\"credential\": {\"blob\": \"{\\\"access\\\": \\\"a\\\", \\\"trust_id\\\": \\\"t\\\"}\"}}");
    fx.expect(404, "PATCH", "/v3/credentials/nope", "{\"credential\": {\"type\": \"x\"}}");
  }

  @Test
  void usersManageOnlyTheirOwnCredentials() throws Exception {
    JsonNode alice = fx.memberUser("pw-a");
    JsonNode bob = fx.memberUser("pw-b");
    String aid = alice.get("id").asText();
    String bid = bob.get("id").asText();
    String aliceToken = fx.token(alice, "pw-a");
    String ap = alice.get("default_project_id").asText();

    var mine = api.call("POST", "/v3/credentials", ec2Body(aid, ap, Fixtures.unique("a")), aliceToken);
    assertThat(mine.status()).isEqualTo(201);
    String myId = mine.body().at("/credential/id").asText();
    assertThat(api.call("POST", "/v3/credentials", ec2Body(bid, ap, "b"), aliceToken).status()).isEqualTo(403);
    String bobsId = fx.expect(201, "POST", "/v3/credentials",
        ec2Body(bid, bob.get("default_project_id").asText(), Fixtures.unique("b"))).at("/credential/id").asText();

    var list = api.call("GET", "/v3/credentials", null, aliceToken);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("credentials").findValuesAsText("id")).containsExactly(myId);
    assertThat(api.call("GET", "/v3/credentials/" + bobsId, null, aliceToken).status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/v3/credentials/" + bobsId, null, aliceToken).status()).isEqualTo(403);
    // giving a credential away is refused
    assertThat(api.call("PATCH", "/v3/credentials/" + myId,
        "{\"credential\": {\"user_id\": \"" + bid + "\"}}", aliceToken).status()).isEqualTo(403);
    assertThat(api.call("GET", "/v3/credentials/" + myId, null, aliceToken).status()).isEqualTo(200);
    assertThat(fx.expect(200, "GET", "/v3/credentials", null).get("credentials").findValuesAsText("id"))
        .contains(myId, bobsId);
  }

  @Test
  void deletingTheUserOrTheProjectDeletesItsCredentials() throws Exception {
    JsonNode u = fx.memberUser("pw");
    String uid = u.get("id").asText();
    String p = u.get("default_project_id").asText();
    String byUser = fx.expect(201, "POST", "/v3/credentials", "{\"credential\": {\"type\": \"cert\","
        + " \"user_id\": \"" + uid + "\", \"blob\": \"x\"}}").at("/credential/id").asText();
    String other = fx.user("pw", null).get("id").asText();
    String byProject = fx.expect(201, "POST", "/v3/credentials", ec2Body(other, p, Fixtures.unique("a")))
        .at("/credential/id").asText();
    fx.expect(204, "DELETE", "/v3/users/" + uid, null);
    fx.expect(404, "GET", "/v3/credentials/" + byUser, null);
    fx.expect(200, "GET", "/v3/credentials/" + byProject, null);
    fx.expect(204, "DELETE", "/v3/projects/" + p, null);
    fx.expect(404, "GET", "/v3/credentials/" + byProject, null);
  }
}
