package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApplicationCredentialResourceTest {
  static IdentityApiHarness api;
  static String demoToken;
  static String demoId;
  static String demoProjectId;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
    demoToken = api.demoToken();
    JsonNode t = api.call("GET", "/v3/auth/tokens", null, demoToken,
        Map.of("X-Subject-Token", demoToken)).body().get("token");
    demoId = t.at("/user/id").asText();
    demoProjectId = t.at("/project/id").asText();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String name() {
    return "cred-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String base() {
    return "/v3/users/" + demoId + "/application_credentials";
  }

  private static IdentityApiHarness.Response create(String body, String token) throws Exception {
    return api.call("POST", "/v3/users/" + demoId + "/application_credentials", body, token);
  }

  private static IdentityApiHarness.Response authById(String id, String secret) throws Exception {
    return api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["application_credential"],
         "application_credential": {"id": "%s", "secret": "%s"}}}}""".formatted(id, secret), null);
  }

  @Test
  void credentialIssuesProjectTokenWithItsRolesAndSecretIsShownOnce() throws Exception {
    var r = create("{\"application_credential\": {\"name\": \"" + name() + "\"}}", demoToken);
    assertThat(r.status()).isEqualTo(201);
    JsonNode c = r.body().get("application_credential");
    String secret = c.get("secret").asText();
    assertThat(secret).hasSizeGreaterThan(40);
    assertThat(c.get("project_id").asText()).isEqualTo(demoProjectId);
    assertThat(c.get("roles").findValuesAsText("name")).contains("member", "reader");
    assertThat(c.get("unrestricted").asBoolean()).isFalse();
    assertThat(c.get("expires_at").isNull()).isTrue();

    var shown = api.call("GET", base() + "/" + c.get("id").asText(), null, demoToken);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.body().get("application_credential").has("secret")).isFalse();

    var tok = authById(c.get("id").asText(), secret);
    assertThat(tok.status()).isEqualTo(201);
    JsonNode t = tok.body().get("token");
    assertThat(t.at("/project/id").asText()).isEqualTo(demoProjectId);
    assertThat(t.at("/user/id").asText()).isEqualTo(demoId);
    assertThat(t.get("methods").get(0).asText()).isEqualTo("application_credential");
    assertThat(t.at("/application_credential/id").asText()).isEqualTo(c.get("id").asText());
    assertThat(t.at("/application_credential/restricted").asBoolean()).isTrue();
    assertThat(t.get("roles").findValuesAsText("name")).contains("member");

    assertThat(authById(c.get("id").asText(), "wrong").status()).isEqualTo(401);
  }

  @Test
  void credentialByNameAndUserAuthenticates() throws Exception {
    String n = name();
    var r = create("{\"application_credential\": {\"name\": \"" + n + "\", \"secret\": \"s3cret\"}}",
        demoToken);
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body().at("/application_credential/secret").asText()).isEqualTo("s3cret");
    var tok = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["application_credential"],
         "application_credential": {"name": "%s", "secret": "s3cret",
          "user": {"name": "demo", "domain": {"id": "default"}}}}}}""".formatted(n), null);
    assertThat(tok.status()).isEqualTo(201);
    assertThat(tok.body().at("/token/project/id").asText()).isEqualTo(demoProjectId);
  }

  @Test
  void rolesMustBeHeldByTheCreatorAndNamedRolesAreResolved() throws Exception {
    var denied = create("{\"application_credential\": {\"name\": \"" + name()
        + "\", \"roles\": [{\"name\": \"admin\"}]}}", demoToken);
    assertThat(denied.status()).isEqualTo(400);
    var ok = create("{\"application_credential\": {\"name\": \"" + name()
        + "\", \"roles\": [{\"name\": \"reader\"}]}}", demoToken);
    assertThat(ok.status()).isEqualTo(201);
    JsonNode c = ok.body().get("application_credential");
    assertThat(c.get("roles").findValuesAsText("name")).containsExactly("reader");
    var tok = authById(c.get("id").asText(), c.get("secret").asText());
    assertThat(tok.body().at("/token/roles").findValuesAsText("name")).containsExactly("reader");
    var missing = create("{\"application_credential\": {\"name\": \"" + name()
        + "\", \"roles\": [{\"name\": \"no-such-role\"}]}}", demoToken);
    assertThat(missing.status()).isEqualTo(404);
  }

  @Test
  void expiryIsEchoedToTheMicrosecondAndCapsTheToken() throws Exception {
    Instant exp = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS)
        .plusNanos(123_000);
    String text = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
        .withZone(ZoneOffset.UTC).format(exp);
    var r = create("{\"application_credential\": {\"name\": \"" + name() + "\", \"expires_at\": \""
        + text + "\"}}", demoToken);
    assertThat(r.status()).isEqualTo(201);
    JsonNode c = r.body().get("application_credential");
    assertThat(c.get("expires_at").asText()).isEqualTo(text);
    var tok = authById(c.get("id").asText(), c.get("secret").asText());
    Instant tokenExp = Instant.parse(tok.body().at("/token/expires_at").asText());
    assertThat(tokenExp).isBeforeOrEqualTo(exp);
  }

  @Test
  void restrictedCredentialTokenCannotManageCredentialsButUnrestrictedCan() throws Exception {
    var restricted = create("{\"application_credential\": {\"name\": \"" + name() + "\"}}", demoToken)
        .body().get("application_credential");
    String rt = authById(restricted.get("id").asText(), restricted.get("secret").asText())
        .header("X-Subject-Token");
    assertThat(create("{\"application_credential\": {\"name\": \"" + name() + "\"}}", rt).status())
        .isEqualTo(403);
    var unrestricted = create("{\"application_credential\": {\"name\": \"" + name()
        + "\", \"unrestricted\": true}}", demoToken).body().get("application_credential");
    String ut = authById(unrestricted.get("id").asText(), unrestricted.get("secret").asText())
        .header("X-Subject-Token");
    assertThat(create("{\"application_credential\": {\"name\": \"" + name() + "\"}}", ut).status())
        .isEqualTo(201);
  }

  @Test
  void deletingTheCredentialInvalidatesItsTokens() throws Exception {
    JsonNode c = create("{\"application_credential\": {\"name\": \"" + name() + "\"}}", demoToken)
        .body().get("application_credential");
    String token = authById(c.get("id").asText(), c.get("secret").asText()).header("X-Subject-Token");
    String admin = api.adminToken();
    var h = Map.of("X-Subject-Token", token);
    assertThat(api.call("GET", "/v3/auth/tokens", null, admin, h).status()).isEqualTo(200);
    assertThat(api.call("DELETE", base() + "/" + c.get("id").asText(), null, demoToken).status())
        .isEqualTo(204);
    assertThat(api.call("GET", "/v3/auth/tokens", null, admin, h).status()).isEqualTo(404);
    assertThat(api.call("GET", base() + "/" + c.get("id").asText(), null, demoToken).status())
        .isEqualTo(404);
    assertThat(authById(c.get("id").asText(), c.get("secret").asText()).status()).isEqualTo(401);
  }

  @Test
  void listFiltersByName() throws Exception {
    String n = name();
    create("{\"application_credential\": {\"name\": \"" + n + "\"}}", demoToken);
    var all = api.call("GET", base(), null, demoToken);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body().get("application_credentials").size()).isGreaterThanOrEqualTo(1);
    var one = api.call("GET", base() + "?name=" + n, null, demoToken);
    assertThat(one.body().get("application_credentials").size()).isEqualTo(1);
    assertThat(one.body().at("/application_credentials/0/name").asText()).isEqualTo(n);
  }

  @Test
  void badInputIsRejectedInKeystoneFormat() throws Exception {
    String n = name();
    assertThat(create("{\"application_credential\": {\"name\": \"" + n + "\"}}", demoToken).status())
        .isEqualTo(201);
    String[][] cases = {
        {"{}", "400"},
        {"{\"application_credential\": {}}", "400"},
        {"{\"application_credential\": {\"name\": 5}}", "400"},
        {"{\"application_credential\": {\"name\": \"x\", \"bogus\": 1}}", "400"},
        {"{\"application_credential\": {\"name\": \"" + "n".repeat(256) + "\"}}", "400"},
        {"{\"application_credential\": {\"name\": \"x\", \"expires_at\": \"bad.123Z\"}}", "400"},
        {"{\"application_credential\": {\"name\": \"x\", \"expires_at\": \"2001-01-01T00:00:00Z\"}}", "400"},
        {"{\"application_credential\": {\"name\": \"x\", \"roles\": [{\"id\": \"a\", \"name\": \"b\"}]}}", "400"},
        {"{\"application_credential\": {\"name\": \"x\", \"unrestricted\": \"yes\"}}", "400"},
        {"{\"application_credential\": {\"name\": \"x\", \"access_rules\": [{\"path\": \"/x\","
            + " \"method\": \"FETCH\", \"service\": \"compute\"}]}}", "400"},
        {"{\"application_credential\": {\"name\": \"" + n + "\"}}", "409"},
    };
    for (String[] c : cases) {
      var r = create(c[0], demoToken);
      assertThat(r.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      assertThat(r.body().at("/error/code").asInt()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
    }
    var other = api.call("POST", "/v3/users/someone-else/application_credentials",
        "{\"application_credential\": {\"name\": \"x\"}}", demoToken);
    assertThat(other.status()).isEqualTo(403);
    assertThat(api.call("GET", base() + "/nope", null, demoToken).status()).isEqualTo(404);
    assertThat(api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["application_credential"],
         "application_credential": {"secret": "x"}}}}""", null).status()).isEqualTo(400);
  }

  @Test
  void accessRulesAreSharedListedAndOnlyDeletableWhenUnused() throws Exception {
    String rule = "{\"service\": \"compute\", \"path\": \"/v2.1/servers/*/ips\", \"method\": \"GET\"}";
    JsonNode c = create("{\"application_credential\": {\"name\": \"" + name()
        + "\", \"access_rules\": [" + rule + "]}}", demoToken).body().get("application_credential");
    JsonNode ar = c.get("access_rules").get(0);
    assertThat(ar.get("service").asText()).isEqualTo("compute");
    assertThat(ar.size()).isEqualTo(4);
    String ruleId = ar.get("id").asText();
    JsonNode c2 = create("{\"application_credential\": {\"name\": \"" + name()
        + "\", \"access_rules\": [" + rule + "]}}", demoToken).body().get("application_credential");
    assertThat(c2.at("/access_rules/0/id").asText()).isEqualTo(ruleId);

    var tok = authById(c.get("id").asText(), c.get("secret").asText());
    assertThat(tok.body().at("/token/application_credential/access_rules/0/id").asText())
        .isEqualTo(ruleId);

    String rules = "/v3/users/" + demoId + "/access_rules";
    assertThat(api.call("GET", rules, null, demoToken).body().get("access_rules").size()).isEqualTo(1);
    assertThat(api.call("GET", rules + "/" + ruleId, null, demoToken).body()
        .at("/access_rule/path").asText()).isEqualTo("/v2.1/servers/*/ips");
    assertThat(api.call("DELETE", rules + "/" + ruleId, null, demoToken).status()).isEqualTo(403);
    api.call("DELETE", base() + "/" + c.get("id").asText(), null, demoToken);
    api.call("DELETE", base() + "/" + c2.get("id").asText(), null, demoToken);
    assertThat(api.call("GET", rules, null, demoToken).body().get("access_rules").size()).isEqualTo(1);
    assertThat(api.call("DELETE", rules + "/" + ruleId, null, demoToken).status()).isEqualTo(204);
    assertThat(api.call("GET", rules, null, demoToken).body().get("access_rules").size()).isEqualTo(0);
    assertThat(api.call("GET", rules + "/" + ruleId, null, demoToken).status()).isEqualTo(404);
  }

  @Test
  void deletingAUsersCredentialsRemovesThemAndTheirRules() throws Exception {
    String uname = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    String admin = api.adminToken();
    String uid = api.call("POST", "/v3/users", """
        {"user": {"name": "%s", "password": "pw-1", "domain_id": "default"}}""".formatted(uname),
        admin).body().at("/user/id").asText();
    String memberId = api.identity.roleStore.findByName("member", null).orElseThrow().id();
    api.call("PUT", "/v3/projects/" + demoProjectId + "/users/" + uid + "/roles/" + memberId, null,
        admin);
    String tok = api.token(uname, "pw-1", "demo");
    var c = api.call("POST", "/v3/users/" + uid + "/application_credentials", """
        {"application_credential": {"name": "c", "access_rules": [{"service": "image",
         "path": "/v2/images", "method": "GET"}]}}""", tok);
    assertThat(c.status()).isEqualTo(201);
    api.identity.appCreds.deleteForUser(uid);
    assertThat(api.call("GET", "/v3/users/" + uid + "/application_credentials", null, admin).body()
        .get("application_credentials").size()).isEqualTo(0);
    assertThat(api.call("GET", "/v3/users/" + uid + "/access_rules", null, admin).body()
        .get("access_rules").size()).isEqualTo(0);
  }
}
