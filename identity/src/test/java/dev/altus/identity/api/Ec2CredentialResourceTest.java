package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import dev.altus.identity.service.CredentialService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Ec2CredentialResourceTest {
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

  @Test
  void memberCreatesListsShowsAndDeletesItsKeyPairs() throws Exception {
    JsonNode u = fx.memberUser("pw");
    String uid = u.get("id").asText();
    String project = u.get("default_project_id").asText();
    String token = fx.token(u, "pw");
    String base = "/v3/users/" + uid + "/credentials/OS-EC2";

    var created = api.call("POST", base, "{\"tenant_id\": \"" + project + "\"}", token);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    JsonNode c = created.body().get("credential");
    String access = c.get("access").asText();
    assertThat(access).hasSize(32);
    assertThat(c.get("secret").asText()).hasSize(32).isNotEqualTo(access);
    assertThat(c.get("user_id").asText()).isEqualTo(uid);
    assertThat(c.get("tenant_id").asText()).isEqualTo(project);
    assertThat(c.get("trust_id").isNull()).isTrue();
    assertThat(c.at("/links/self").asText()).endsWith(base + "/" + access);

    var second = api.call("POST", base, "{\"tenant_id\": \"" + project + "\"}", token);
    var list = api.call("GET", base, null, token);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("credentials").findValuesAsText("access"))
        .containsExactlyInAnyOrder(access, second.body().at("/credential/access").asText());

    var shown = api.call("GET", base + "/" + access, null, token);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.body().get("credential")).isEqualTo(c);

    // stored as a v3 credential of type ec2 whose id is the hash of the access key
    JsonNode v3 = fx.expect(200, "GET", "/v3/credentials/" + CredentialService.accessKeyId(access), null)
        .get("credential");
    assertThat(v3.get("type").asText()).isEqualTo("ec2");
    assertThat(Json.parse(v3.get("blob").asText()).get("secret").asText()).isEqualTo(c.get("secret").asText());

    assertThat(api.call("DELETE", base + "/" + access, null, token).status()).isEqualTo(204);
    assertThat(api.call("GET", base + "/" + access, null, token).status()).isEqualTo(404);
    assertThat(api.call("DELETE", base + "/" + access, null, token).status()).isEqualTo(404);
  }

  @Test
  void anotherUsersKeyPairsAreOffLimits() throws Exception {
    JsonNode alice = fx.memberUser("pw-a");
    JsonNode bob = fx.memberUser("pw-b");
    String aliceToken = fx.token(alice, "pw-a");
    String bobBase = "/v3/users/" + bob.get("id").asText() + "/credentials/OS-EC2";
    String bobProject = bob.get("default_project_id").asText();
    String access = fx.expect(201, "POST", bobBase, "{\"tenant_id\": \"" + bobProject + "\"}")
        .at("/credential/access").asText();

    assertThat(api.call("POST", bobBase, "{\"tenant_id\": \"" + bobProject + "\"}", aliceToken).status())
        .isEqualTo(403);
    assertThat(api.call("GET", bobBase, null, aliceToken).status()).isEqualTo(403);
    assertThat(api.call("GET", bobBase + "/" + access, null, aliceToken).status()).isEqualTo(403);
    assertThat(api.call("DELETE", bobBase + "/" + access, null, aliceToken).status()).isEqualTo(403);
    // looking it up under the wrong user finds nothing
    String aliceBase = "/v3/users/" + alice.get("id").asText() + "/credentials/OS-EC2";
    assertThat(api.call("GET", aliceBase + "/" + access, null, aliceToken).status()).isEqualTo(404);
  }

  @Test
  void badInputIs400AndUnknownIdsAre404() throws Exception {
    JsonNode u = fx.memberUser("pw");
    String base = "/v3/users/" + u.get("id").asText() + "/credentials/OS-EC2";
    for (String body : new String[] {"{", "[]", "{}", "{\"tenant_id\": null}", "{\"tenant_id\": 5}",
        "{\"tenant_id\": \"\"}"}) {
      var r = api.call("POST", base, body, fx.admin);
      assertThat(r.status()).as(body).isEqualTo(400);
    }
    fx.expect(404, "POST", base, "{\"tenant_id\": \"no-such-project\"}");
    fx.expect(404, "POST", "/v3/users/nobody/credentials/OS-EC2",
        "{\"tenant_id\": \"" + u.get("default_project_id").asText() + "\"}");
    fx.expect(404, "GET", "/v3/users/nobody/credentials/OS-EC2", null);
    fx.expect(404, "GET", base + "/no-such-access", null);
  }
}
