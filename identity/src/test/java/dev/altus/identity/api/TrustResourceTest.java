package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrustResourceTest {
  static IdentityApiHarness api;
  static String admin;
  static String demoToken;
  static String demoId;
  static String demoProjectId;
  static String trusteeId;
  static String trusteeName;
  static String memberRoleId;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
    admin = api.adminToken();
    demoToken = api.demoToken();
    JsonNode t = api.call("GET", "/v3/auth/tokens", null, demoToken,
        Map.of("X-Subject-Token", demoToken)).body().get("token");
    demoId = t.at("/user/id").asText();
    demoProjectId = t.at("/project/id").asText();
    for (JsonNode r : t.get("roles")) {
      if (r.get("name").asText().equals("member")) {
        memberRoleId = r.get("id").asText();
      }
    }
    trusteeName = "trustee-" + UUID.randomUUID().toString().substring(0, 8);
    var u = api.call("POST", "/v3/users", """
        {"user": {"name": "%s", "password": "trustee-pw", "domain_id": "default"}}"""
        .formatted(trusteeName), admin);
    assertThat(u.status()).isEqualTo(201);
    trusteeId = u.body().at("/user/id").asText();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static IdentityApiHarness.Response createTrust(String extra) throws Exception {
    return api.call("POST", "/v3/OS-TRUST/trusts", """
        {"trust": {"trustor_user_id": "%s", "trustee_user_id": "%s", "project_id": "%s",
         "roles": [{"name": "member"}]%s}}""".formatted(demoId, trusteeId, demoProjectId, extra),
        demoToken);
  }

  /** An unscoped token of the trustee. */
  private static String trusteeToken() throws Exception {
    var r = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "trustee-pw"}}}, "scope": "unscoped"}}""".formatted(trusteeId), null);
    assertThat(r.status()).isEqualTo(201);
    return r.header("X-Subject-Token");
  }

  private static IdentityApiHarness.Response trustAuth(String trustId) throws Exception {
    return api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "trustee-pw"}}}, "scope": {"OS-TRUST:trust": {"id": "%s"}}}}"""
        .formatted(trusteeId, trustId), null);
  }

  @Test
  void impersonatingTrustTokenStandsForTheTrustorWithTheDelegatedRoles() throws Exception {
    var r = createTrust(", \"impersonation\": true");
    assertThat(r.status()).isEqualTo(201);
    JsonNode trust = r.body().get("trust");
    assertThat(trust.get("impersonation").asBoolean()).isTrue();
    assertThat(trust.get("expires_at").isNull()).isTrue();
    assertThat(trust.at("/roles/0/name").asText()).isEqualTo("member");
    assertThat(trust.at("/links/self").asText()).contains("/v3/OS-TRUST/trusts/");
    String id = trust.get("id").asText();

    var tok = trustAuth(id);
    assertThat(tok.status()).isEqualTo(201);
    JsonNode t = tok.body().get("token");
    assertThat(t.at("/user/id").asText()).isEqualTo(demoId);
    assertThat(t.at("/project/id").asText()).isEqualTo(demoProjectId);
    assertThat(t.at("/OS-TRUST:trust/id").asText()).isEqualTo(id);
    assertThat(t.at("/OS-TRUST:trust/impersonation").asBoolean()).isTrue();
    assertThat(t.at("/OS-TRUST:trust/trustee_user/id").asText()).isEqualTo(trusteeId);
    assertThat(t.at("/OS-TRUST:trust/trustor_user/id").asText()).isEqualTo(demoId);
    assertThat(t.get("roles").findValuesAsText("name")).contains("member", "reader");
    api.call("DELETE", "/v3/OS-TRUST/trusts/" + id, null, demoToken);
  }

  @Test
  void trustWithoutImpersonationGivesTheTrusteeATokenThatDiesWithTheTrust() throws Exception {
    String id = createTrust(", \"impersonation\": false").body().at("/trust/id").asText();
    var tok = trustAuth(id);
    assertThat(tok.status()).isEqualTo(201);
    assertThat(tok.body().at("/token/user/id").asText()).isEqualTo(trusteeId);
    String token = tok.header("X-Subject-Token");
    var h = Map.of("X-Subject-Token", token);
    assertThat(api.call("GET", "/v3/auth/tokens", null, admin, h).status()).isEqualTo(200);

    // a trust token can neither be rescoped nor used to create application credentials
    var rescope = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}}}}""".formatted(token),
        null);
    assertThat(rescope.status()).isEqualTo(403);
    var appCred = api.call("POST", "/v3/users/" + trusteeId + "/application_credentials",
        "{\"application_credential\": {\"name\": \"x\"}}", token);
    assertThat(appCred.status()).isEqualTo(403);

    assertThat(api.call("DELETE", "/v3/OS-TRUST/trusts/" + id, null, demoToken).status())
        .isEqualTo(204);
    assertThat(api.call("GET", "/v3/auth/tokens", null, admin, h).status()).isEqualTo(404);
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts/" + id, null, demoToken).status()).isEqualTo(404);
    assertThat(trustAuth(id).status()).isEqualTo(401);
  }

  @Test
  void remainingUsesAreConsumedPerToken() throws Exception {
    var r = createTrust(", \"impersonation\": true, \"remaining_uses\": 1");
    assertThat(r.body().at("/trust/remaining_uses").asInt()).isEqualTo(1);
    String id = r.body().at("/trust/id").asText();
    assertThat(trustAuth(id).status()).isEqualTo(201);
    assertThat(trustAuth(id).status()).isEqualTo(401);
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts/" + id, null, demoToken).status()).isEqualTo(404);
  }

  @Test
  void sameTrustTwiceIsAConflict() throws Exception {
    String exp = Instant.now().plus(1, ChronoUnit.HOURS).toString();
    String extra = ", \"impersonation\": false, \"expires_at\": \"" + exp + "\"";
    var first = createTrust(extra);
    assertThat(first.status()).isEqualTo(201);
    assertThat(createTrust(extra).status()).isEqualTo(409);
    api.call("DELETE", "/v3/OS-TRUST/trusts/" + first.body().at("/trust/id").asText(), null,
        demoToken);
    assertThat(createTrust(extra).status()).isEqualTo(201);
  }

  @Test
  void expiredTrustIsGone() throws Exception {
    String exp = Instant.now().plus(1500, ChronoUnit.MILLIS).toString();
    var r = createTrust(", \"impersonation\": false, \"expires_at\": \"" + exp + "\"");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body().at("/trust/expires_at").asText()).endsWith("Z");
    String id = r.body().at("/trust/id").asText();
    var tok = trustAuth(id);
    assertThat(tok.status()).isEqualTo(201);
    assertThat(Instant.parse(tok.body().at("/token/expires_at").asText()))
        .isBeforeOrEqualTo(Instant.parse(exp));
    Thread.sleep(2000);
    assertThat(trustAuth(id).status()).isEqualTo(401);
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts/" + id, null, demoToken).status()).isEqualTo(404);
  }

  @Test
  void trustRolesAreListedAndCheckedAndOthersAreNotFound() throws Exception {
    String id = createTrust(", \"impersonation\": true").body().at("/trust/id").asText();
    String tt = trusteeToken();
    var roles = api.call("GET", "/v3/OS-TRUST/trusts/" + id + "/roles", null, tt);
    assertThat(roles.status()).isEqualTo(200);
    assertThat(roles.body().get("roles").findValuesAsText("name")).containsExactly("member");
    String path = "/v3/OS-TRUST/trusts/" + id + "/roles/";
    assertThat(api.call("GET", path + memberRoleId, null, tt).body().at("/role/name").asText())
        .isEqualTo("member");
    assertThat(api.call("HEAD", path + memberRoleId, null, tt).status()).isEqualTo(200);
    assertThat(api.call("GET", path + "not-delegated", null, tt).status()).isEqualTo(404);
    assertThat(api.call("HEAD", path + "not-delegated", null, tt).status()).isEqualTo(404);
    api.call("DELETE", "/v3/OS-TRUST/trusts/" + id, null, demoToken);
  }

  @Test
  void usersSeeOnlyTheirTrustsAndAdminSeesAll() throws Exception {
    String id = createTrust(", \"impersonation\": false").body().at("/trust/id").asText();
    var mine = api.call("GET", "/v3/OS-TRUST/trusts?trustor_user_id=" + demoId, null, demoToken);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.body().get("trusts").findValuesAsText("id")).contains(id);
    assertThat(mine.body().at("/trusts/0").has("roles")).isFalse();
    var asTrustee = api.call("GET", "/v3/OS-TRUST/trusts?trustee_user_id=" + trusteeId, null,
        trusteeToken());
    assertThat(asTrustee.body().get("trusts").findValuesAsText("id")).contains(id);
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts?trustor_user_id=" + trusteeId, null, demoToken)
        .status()).isEqualTo(403);
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts", null, demoToken).status()).isEqualTo(403);
    var all = api.call("GET", "/v3/OS-TRUST/trusts", null, admin);
    assertThat(all.body().get("trusts").findValuesAsText("id")).contains(id);
    // the trustee may read the trust but only the trustor (or an admin) may delete it
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts/" + id, null, trusteeToken()).status())
        .isEqualTo(200);
    assertThat(api.call("DELETE", "/v3/OS-TRUST/trusts/" + id, null, trusteeToken()).status())
        .isEqualTo(403);
    assertThat(api.call("DELETE", "/v3/OS-TRUST/trusts/" + id, null, admin).status()).isEqualTo(204);
  }

  @Test
  void badInputIsRejected() throws Exception {
    String good = "\"trustee_user_id\": \"" + trusteeId + "\", \"project_id\": \"" + demoProjectId
        + "\", \"impersonation\": false";
    String[][] cases = {
        {"{}", "400"},
        {"{\"trust\": []}", "400"},
        {"{\"trust\": {\"trustor_user_id\": \"" + demoId + "\", " + good + "}}", "403"},
        {"{\"trust\": {\"trustor_user_id\": \"" + demoId + "\", \"trustee_user_id\": \"" + trusteeId
            + "\", \"roles\": [{\"name\": \"member\"}], \"project_id\": \"" + demoProjectId + "\"}}", "400"},
        {"{\"trust\": {\"trustor_user_id\": \"" + demoId + "\", " + good
            + ", \"roles\": [{\"name\": \"member\"}], \"expires_at\": \"bad.123Z\"}}", "400"},
        {"{\"trust\": {\"trustor_user_id\": \"" + demoId + "\", " + good
            + ", \"roles\": [{\"name\": \"member\"}], \"remaining_uses\": 0}}", "400"},
        {"{\"trust\": {\"trustor_user_id\": \"" + demoId + "\", " + good
            + ", \"roles\": [{\"name\": \"member\"}], \"impersonation\": \"no\"}}", "400"},
        {"{\"trust\": {\"trustor_user_id\": \"someone-else\", " + good
            + ", \"roles\": [{\"name\": \"member\"}]}}", "403"},
        {"{\"trust\": {\"trustor_user_id\": \"" + demoId + "\", \"trustee_user_id\": \"nobody\","
            + " \"project_id\": \"" + demoProjectId + "\", \"impersonation\": false,"
            + " \"roles\": [{\"name\": \"member\"}]}}", "404"},
        {"{\"trust\": {\"trustor_user_id\": \"" + demoId + "\", " + good
            + ", \"roles\": [{\"name\": \"admin\"}]}}", "404"},
    };
    for (String[] c : cases) {
      var r = api.call("POST", "/v3/OS-TRUST/trusts", c[0], demoToken);
      assertThat(r.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      assertThat(r.body().at("/error/message").asText()).as(c[0]).isNotBlank();
    }
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts/nope", null, demoToken).status()).isEqualTo(404);
    assertThat(trustAuth("nope").status()).isEqualTo(401);
  }

  @Test
  void onlyTheTrusteeMayUseTheTrust() throws Exception {
    String id = createTrust(", \"impersonation\": false").body().at("/trust/id").asText();
    var r = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
         "scope": {"OS-TRUST:trust": {"id": "%s"}}}}""".formatted(demoToken, id), null);
    assertThat(r.status()).isEqualTo(403);
    api.call("DELETE", "/v3/OS-TRUST/trusts/" + id, null, demoToken);
  }

  @Test
  void trustStopsWorkingWhenTheTrustorLosesTheRole() throws Exception {
    String uname = "trustor-" + UUID.randomUUID().toString().substring(0, 8);
    String uid = api.call("POST", "/v3/users", """
        {"user": {"name": "%s", "password": "pw-1", "domain_id": "default"}}""".formatted(uname),
        admin).body().at("/user/id").asText();
    String grant = "/v3/projects/" + demoProjectId + "/users/" + uid + "/roles/" + memberRoleId;
    assertThat(api.call("PUT", grant, null, admin).status()).isEqualTo(204);
    String tok = api.token(uname, "pw-1", "demo");
    var created = api.call("POST", "/v3/OS-TRUST/trusts", """
        {"trust": {"trustor_user_id": "%s", "trustee_user_id": "%s", "project_id": "%s",
         "impersonation": false, "roles": [{"id": "%s"}]}}"""
        .formatted(uid, trusteeId, demoProjectId, memberRoleId), tok);
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().at("/trust/id").asText();
    String trustToken = trustAuth(id).header("X-Subject-Token");
    assertThat(api.call("DELETE", grant, null, admin).status()).isEqualTo(204);
    assertThat(api.call("GET", "/v3/auth/tokens", null, admin,
        Map.of("X-Subject-Token", trustToken)).status()).isEqualTo(404);
    assertThat(trustAuth(id).status()).isEqualTo(403);
  }

  @Test
  void deletingAUsersTrustsRevokesTheirTokens() throws Exception {
    String id = createTrust(", \"impersonation\": false").body().at("/trust/id").asText();
    String token = trustAuth(id).header("X-Subject-Token");
    api.identity.trusts.deleteForUser(trusteeId);
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts/" + id, null, demoToken).status()).isEqualTo(404);
    assertThat(api.call("GET", "/v3/auth/tokens", null, admin, Map.of("X-Subject-Token", token))
        .status()).isEqualTo(404);
  }

  @Test
  void trustWithoutProjectCannotDelegateRoles() throws Exception {
    var r = api.call("POST", "/v3/OS-TRUST/trusts", """
        {"trust": {"trustor_user_id": "%s", "trustee_user_id": "%s", "impersonation": false,
         "roles": [{"id": "%s"}]}}""".formatted(demoId, trusteeId, memberRoleId), demoToken);
    assertThat(r.status()).isEqualTo(404);
  }

  @Test
  void trusteeMayRedelegateWithinTheTrustAndDeletingTheParentEndsTheChain() throws Exception {
    var r = createTrust(", \"impersonation\": false, \"allow_redelegation\": true");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body().at("/trust/redelegation_count").asInt()).isEqualTo(3);
    String parent = r.body().at("/trust/id").asText();
    String trustToken = trustAuth(parent).header("X-Subject-Token");
    String adminId = api.call("GET", "/v3/auth/tokens", null, admin,
        Map.of("X-Subject-Token", admin)).body().at("/token/user/id").asText();
    String child = """
        {"trust": {"trustor_user_id": "%s", "trustee_user_id": "%s", "project_id": "%s",
         "impersonation": %s, "allow_redelegation": true, "roles": [{"name": "%s"}]}}""";
    var tooMuch = api.call("POST", "/v3/OS-TRUST/trusts",
        child.formatted(trusteeId, adminId, demoProjectId, "true", "member"), trustToken);
    assertThat(tooMuch.status()).isEqualTo(403);
    var notDelegated = api.call("POST", "/v3/OS-TRUST/trusts",
        child.formatted(trusteeId, adminId, demoProjectId, "false", "reader"), trustToken);
    assertThat(notDelegated.status()).isEqualTo(403);
    var ok = api.call("POST", "/v3/OS-TRUST/trusts",
        child.formatted(trusteeId, adminId, demoProjectId, "false", "member"), trustToken);
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.body().at("/trust/redelegated_trust_id").asText()).isEqualTo(parent);
    assertThat(ok.body().at("/trust/redelegation_count").asInt()).isEqualTo(2);
    String childId = ok.body().at("/trust/id").asText();
    var adminTrustToken = api.call("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
         "scope": {"OS-TRUST:trust": {"id": "%s"}}}}""".formatted(admin, childId), null);
    assertThat(adminTrustToken.status()).isEqualTo(201);
    assertThat(adminTrustToken.body().at("/token/roles").findValuesAsText("name")).contains("member");
    assertThat(api.call("DELETE", "/v3/OS-TRUST/trusts/" + parent, null, demoToken).status())
        .isEqualTo(204);
    assertThat(api.call("GET", "/v3/OS-TRUST/trusts/" + childId, null, admin).status()).isEqualTo(404);
  }
}
