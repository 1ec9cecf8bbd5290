package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

/**
 * Creates the domains, projects, users, roles and groups that role, grant and assignment tests need,
 * through the API (groups directly in the tables, since the groups API is not part of these tests).
 */
final class RoleFixtures {
  private final IdentityApiHarness api;
  final String admin;

  RoleFixtures(IdentityApiHarness api) throws Exception {
    this.api = api;
    this.admin = api.adminToken();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String create(String path, String key, String body) throws Exception {
    var r = api.call("POST", path, body, admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().get(key).get("id").asText();
  }

  String domain() throws Exception {
    return create("/v3/domains", "domain", "{\"domain\": {\"name\": \"" + unique("dom") + "\"}}");
  }

  String project(String domainId) throws Exception {
    return create("/v3/projects", "project", "{\"project\": {\"name\": \"" + unique("proj")
        + "\", \"domain_id\": \"" + domainId + "\"}}");
  }

  String childProject(String parentId) throws Exception {
    return create("/v3/projects", "project", "{\"project\": {\"name\": \"" + unique("child")
        + "\", \"parent_id\": \"" + parentId + "\"}}");
  }

  String user(String domainId, String password) throws Exception {
    return create("/v3/users", "user", "{\"user\": {\"name\": \"" + unique("user")
        + "\", \"domain_id\": \"" + domainId + "\", \"password\": \"" + password + "\"}}");
  }

  String role() throws Exception {
    return create("/v3/roles", "role", "{\"role\": {\"name\": \"" + unique("role") + "\"}}");
  }

  String domainRole(String domainId) throws Exception {
    return create("/v3/roles", "role", "{\"role\": {\"name\": \"" + unique("drole")
        + "\", \"domain_id\": \"" + domainId + "\"}}");
  }

  /** A group row, written to the table directly. */
  String group(String domainId) {
    String id = UUID.randomUUID().toString().replace("-", "");
    api.identity.db.jdbi().useHandle(h -> h.createUpdate(
            "INSERT INTO identity_group (id, domain_id, name) VALUES (:id, :d, :n)")
        .bind("id", id).bind("d", domainId).bind("n", unique("group")).execute());
    return id;
  }

  void addMember(String groupId, String userId) {
    api.identity.db.jdbi().useHandle(h -> h.createUpdate(
            "INSERT INTO user_group_membership (user_id, group_id) VALUES (:u, :g)")
        .bind("u", userId).bind("g", groupId).execute());
  }

  IdentityApiHarness.Response put(String path) throws Exception {
    return api.call("PUT", path, null, admin);
  }

  IdentityApiHarness.Response get(String path) throws Exception {
    return api.call("GET", path, null, admin);
  }

  IdentityApiHarness.Response head(String path) throws Exception {
    return api.call("HEAD", path, null, admin);
  }

  IdentityApiHarness.Response delete(String path) throws Exception {
    return api.call("DELETE", path, null, admin);
  }
}
