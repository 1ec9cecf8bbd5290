package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v3/policies} and {@code /v3/OS-OAUTH1/consumers}. */
class PolicyAndConsumerResourceTest {
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

  @Test
  void policyLifecycle() throws Exception {
    var created = call("POST", "/v3/policies", "{\"policy\": {\"blob\": \"{}\", \"type\": \"application/json\"}}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().at("/policy/id").asText();
    assertThat(created.body().at("/policy/blob").asText()).isEqualTo("{}");
    assertThat(created.body().at("/policy/links/self").asText()).endsWith("/v3/policies/" + id);
    var upd = call("PATCH", "/v3/policies/" + id, "{\"policy\": {\"type\": \"text/plain\"}}");
    assertThat(upd.status()).isEqualTo(200);
    var shown = call("GET", "/v3/policies/" + id, null).body().get("policy");
    assertThat(shown.get("type").asText()).isEqualTo("text/plain");
    assertThat(shown.get("blob").asText()).isEqualTo("{}");
    assertThat(call("GET", "/v3/policies?type=text/plain", null).body().get("policies")
        .findValuesAsText("id")).containsExactly(id);
    assertThat(call("DELETE", "/v3/policies/" + id, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v3/policies/" + id, null).status()).isEqualTo(404);
  }

  @Test
  void policyBadInput() throws Exception {
    assertThat(call("POST", "/v3/policies", "{\"policy\": {\"blob\": \"x\"}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/policies", "{\"policy\": {\"type\": \"x\"}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/policies", "{\"policy\": {\"type\": \"x\", \"blob\": {}}}").status())
        .isEqualTo(400);
    assertThat(call("POST", "/v3/policies", "{\"policy\": {\"type\": \"" + "x".repeat(256)
        + "\", \"blob\": \"b\"}}").status()).isEqualTo(400);
    assertThat(call("PATCH", "/v3/policies/nope", "{\"policy\": {\"type\": \"x\"}}").status()).isEqualTo(404);
    assertThat(api.call("POST", "/v3/policies", "{\"policy\": {\"blob\": \"x\", \"type\": \"y\"}}",
        api.demoToken()).status()).isEqualTo(403);
  }

  @Test
  void consumerSecretIsShownOnlyOnCreate() throws Exception {
    var created = call("POST", "/v3/OS-OAUTH1/consumers", "{\"consumer\": {\"description\": \"c1\"}}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().at("/consumer/id").asText();
    assertThat(created.body().at("/consumer/secret").asText()).hasSize(32);
    var shown = call("GET", "/v3/OS-OAUTH1/consumers/" + id, null);
    assertThat(shown.body().at("/consumer/description").asText()).isEqualTo("c1");
    assertThat(shown.body().at("/consumer").has("secret")).isFalse();
    assertThat(shown.body().at("/consumer/links")).isEqualTo(created.body().at("/consumer/links"));
    var list = call("GET", "/v3/OS-OAUTH1/consumers", null);
    assertThat(list.body().get("consumers").findValuesAsText("id")).contains(id);
    assertThat(list.raw()).doesNotContain("secret");

    var upd = call("PATCH", "/v3/OS-OAUTH1/consumers/" + id, "{\"consumer\": {\"description\": \"c2\"}}");
    assertThat(upd.status()).isEqualTo(200);
    assertThat(upd.body().at("/consumer/description").asText()).isEqualTo("c2");
    assertThat(call("PATCH", "/v3/OS-OAUTH1/consumers/" + id, "{\"consumer\": {\"secret\": \"x\"}}").status())
        .isEqualTo(400);
    assertThat(call("POST", "/v3/OS-OAUTH1/consumers", "{\"consumer\": {\"description\": 3}}").status())
        .isEqualTo(400);
    assertThat(call("POST", "/v3/OS-OAUTH1/consumers", "{\"consumer\": {\"description\": null}}").status())
        .isEqualTo(201);
    assertThat(call("DELETE", "/v3/OS-OAUTH1/consumers/" + id, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v3/OS-OAUTH1/consumers/" + id, null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v3/OS-OAUTH1/consumers/" + id, null).status()).isEqualTo(404);
  }
}
