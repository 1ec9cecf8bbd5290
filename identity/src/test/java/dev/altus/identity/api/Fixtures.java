package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** Test data made through the API as the admin: users, projects, role grants, tokens. */
final class Fixtures {
  private final IdentityApiHarness api;
  final String admin;

  Fixtures(IdentityApiHarness api) throws Exception {
    this.api = api;
    this.admin = api.adminToken();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Calls as the admin and expects {@code status}; returns the body. */
  JsonNode expect(int status, String method, String path, String body) throws Exception {
    var r = api.call(method, path, body, admin);
    assertThat(r.status()).as(method + " " + path + " -> " + r.raw()).isEqualTo(status);
    return r.body();
  }

  /** A new user of the Default domain with a member role on a new project; returns the user. */
  JsonNode memberUser(String password) throws Exception {
    String project = project();
    JsonNode user = user(password, project);
    grant(project, user.get("id").asText(), "member");
    return user;
  }

  JsonNode user(String password, String defaultProject) throws Exception {
    String name = unique("user");
    String body = "{\"user\": {\"name\": \"" + name + "\", \"password\": \"" + password + "\""
        + (defaultProject == null ? "" : ", \"default_project_id\": \"" + defaultProject + "\"")
        + "}}";
    return expect(201, "POST", "/v3/users", body).get("user");
  }

  String project() throws Exception {
    return expect(201, "POST", "/v3/projects",
        "{\"project\": {\"name\": \"" + unique("proj") + "\"}}").at("/project/id").asText();
  }

  String roleId(String name) throws Exception {
    return expect(200, "GET", "/v3/roles?name=" + name, null).at("/roles/0/id").asText();
  }

  void grant(String project, String user, String role) throws Exception {
    expect(204, "PUT", "/v3/projects/" + project + "/users/" + user + "/roles/" + roleId(role), null);
  }

  /** A token for a Default-domain user scoped to their default project. */
  String token(JsonNode user, String password) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s",
         "password": "%s"}}}, "scope": {"project": {"id": "%s"}}}}
        """.formatted(user.get("id").asText(), password, user.get("default_project_id").asText());
    var r = api.call("POST", "/v3/auth/tokens", body, null);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.header("X-Subject-Token");
  }
}
