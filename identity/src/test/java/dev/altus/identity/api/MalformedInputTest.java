package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sends malformed and hostile bodies to every identity write route and checks that each gets a 4xx
 * in Keystone's error format, never a 5xx.
 */
class MalformedInputTest {
  static IdentityApiHarness api;
  static String admin;
  static String userId;
  static String projectId;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
    admin = api.adminToken();
    var v = api.call("GET", "/v3/auth/tokens", null, admin, java.util.Map.of("X-Subject-Token", admin));
    userId = v.body().at("/token/user/id").asText();
    projectId = v.body().at("/token/project/id").asText();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  record Target(String method, String path, String key) {}

  static List<Target> targets() {
    String u = "/v3/users/" + userId;
    return List.of(
        new Target("POST", "/v3/auth/tokens", "auth"),
        new Target("POST", "/v3/domains", "domain"),
        new Target("PATCH", "/v3/domains/default", "domain"),
        new Target("POST", "/v3/projects", "project"),
        new Target("PATCH", "/v3/projects/" + projectId, "project"),
        new Target("PUT", "/v3/projects/" + projectId + "/tags", "tags"),
        new Target("POST", "/v3/users", "user"),
        new Target("PATCH", u, "user"),
        new Target("POST", u + "/password", "user"),
        new Target("POST", "/v3/groups", "group"),
        new Target("POST", "/v3/roles", "role"),
        new Target("POST", "/v3/credentials", "credential"),
        new Target("POST", u + "/credentials/OS-EC2", "tenant_id"),
        new Target("POST", "/v3/regions", "region"),
        new Target("PUT", "/v3/regions/malformed-test", "region"),
        new Target("POST", "/v3/services", "service"),
        new Target("POST", "/v3/endpoints", "endpoint"),
        new Target("POST", "/v3/policies", "policy"),
        new Target("POST", "/v3/OS-EP-FILTER/endpoint_groups", "endpoint_group"),
        new Target("PUT", "/v3/domains/default/config", "config"),
        new Target("POST", "/v3/OS-OAUTH1/consumers", "consumer"),
        new Target("POST", u + "/application_credentials", "application_credential"),
        new Target("POST", "/v3/OS-TRUST/trusts", "trust"));
  }

  static List<String> bodies(String key) {
    List<String> b = new ArrayList<>(List.of(
        "", "{", "[]", "null", "1", "\"text\"", "{}", "{\"" + key + "\": null}",
        "{\"" + key + "\": []}", "{\"" + key + "\": 7}", "{\"" + key + "\": \"x\"}",
        "{\"" + key + "\": {\"name\": 5}}", "{\"" + key + "\": {\"name\": [\"a\"]}}",
        "{\"" + key + "\": {\"name\": {\"nested\": true}}}",
        "{\"" + key + "\": {\"name\": \"" + "n".repeat(70_000) + "\"}}",
        "{\"" + key + "\": {\"name\": \"ok\", \"enabled\": \"yes\"}}",
        "{\"" + key + "\": {\"name\": \"ok\", \"domain_id\": 12}}",
        "{\"" + key + "\": {\"name\": \"ok\", \"domain_id\": \"no-such-domain\"}}",
        "{\"" + key + "\": {\"id\": \"\\u0000\", \"name\": \"\\ud800\"}}"));
    return b;
  }

  @Test
  void everyWriteRouteAnswersMalformedInputWithA4xx() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Target t : targets()) {
      for (String body : bodies(t.key())) {
        var r = api.call(t.method(), t.path(), body, admin);
        if (r.status() >= 500 || r.status() < 400 && !isAcceptedSuccess(t, r.status())) {
          failures.add(t.method() + " " + t.path() + " <- " + abbreviate(body) + " => " + r.status()
              + " " + abbreviate(r.raw()));
        } else if (r.status() >= 400 && (r.body() == null || !r.body().has("error"))) {
          failures.add(t.method() + " " + t.path() + " <- " + abbreviate(body)
              + " => not in Keystone's error format: " + abbreviate(r.raw()));
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /** A few bodies are valid for some routes (e.g. a bare name); success is fine there. */
  private static boolean isAcceptedSuccess(Target t, int status) {
    return status >= 200 && status < 300;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
