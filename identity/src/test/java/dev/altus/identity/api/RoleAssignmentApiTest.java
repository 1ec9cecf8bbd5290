package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoleAssignmentApiTest {
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

  private static List<JsonNode> list(String query) throws Exception {
    var r = f.get("/v3/role_assignments?" + query);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().at("/links/self").asText()).startsWith(api.base + "/v3/role_assignments");
    List<JsonNode> out = new ArrayList<>();
    r.body().get("role_assignments").forEach(out::add);
    return out;
  }

  private static String v3(String path) {
    return api.base + "/v3" + path;
  }

  @Test
  void directAssignmentsLinkToTheirGrant() throws Exception {
    String domain = f.domain();
    String project = f.project(domain);
    String user = f.user(domain, "pw-12345");
    String role = f.role();
    f.put("/v3/projects/" + project + "/users/" + user + "/roles/" + role);
    f.put("/v3/domains/" + domain + "/users/" + user + "/roles/" + role);
    f.put("/v3/system/users/" + user + "/roles/" + role);
    f.put("/v3/OS-INHERIT/domains/" + domain + "/users/" + user + "/roles/" + role + "/inherited_to_projects");

    List<JsonNode> all = list("user.id=" + user);
    assertThat(all).hasSize(4);
    assertThat(all).extracting(a -> a.at("/links/assignment").asText()).containsExactlyInAnyOrder(
        v3("/projects/" + project + "/users/" + user + "/roles/" + role),
        v3("/domains/" + domain + "/users/" + user + "/roles/" + role),
        v3("/system/users/" + user + "/roles/" + role),
        v3("/OS-INHERIT/domains/" + domain + "/users/" + user + "/roles/" + role + "/inherited_to_projects"));

    List<JsonNode> onProject = list("user.id=" + user + "&scope.project.id=" + project);
    assertThat(onProject).hasSize(1);
    JsonNode a = onProject.get(0);
    assertThat(a.at("/scope/project/id").asText()).isEqualTo(project);
    assertThat(a.at("/user/id").asText()).isEqualTo(user);
    assertThat(a.at("/role/id").asText()).isEqualTo(role);

    List<JsonNode> system = list("user.id=" + user + "&scope.system=all");
    assertThat(system).hasSize(1);
    assertThat(system.get(0).at("/scope/system/all").asBoolean()).isTrue();

    List<JsonNode> inherited = list("user.id=" + user + "&scope.OS-INHERIT:inherited_to=projects");
    assertThat(inherited).hasSize(1);
    assertThat(inherited.get(0).at("/scope/domain/id").asText()).isEqualTo(domain);
    assertThat(inherited.get(0).at("/scope/OS-INHERIT:inherited_to").asText()).isEqualTo("projects");

    assertThat(list("role.id=" + role)).hasSize(4);
    assertThat(list("role.id=" + role + "&scope.domain.id=" + domain)).hasSize(2);
  }

  @Test
  void effectiveExpandsGroupsInheritanceAndImpliedRoles() throws Exception {
    String domain = f.domain();
    String parent = f.project(domain);
    String leaf = f.childProject(parent);
    String user = f.user(domain, "pw-12345");
    String group = f.group(domain);
    f.addMember(group, user);
    String prior = f.role();
    String implied = f.role();
    String fromDomain = f.role();
    String fromParent = f.role();
    f.put("/v3/roles/" + prior + "/implies/" + implied);
    f.put("/v3/projects/" + leaf + "/groups/" + group + "/roles/" + prior);
    f.put("/v3/OS-INHERIT/domains/" + domain + "/users/" + user + "/roles/" + fromDomain + "/inherited_to_projects");
    f.put("/v3/OS-INHERIT/projects/" + parent + "/users/" + user + "/roles/" + fromParent + "/inherited_to_projects");

    List<JsonNode> onLeaf = list("effective&user.id=" + user + "&scope.project.id=" + leaf);
    assertThat(onLeaf).extracting(a -> a.at("/role/id").asText())
        .containsExactlyInAnyOrder(prior, implied, fromDomain, fromParent);
    for (JsonNode a : onLeaf) {
      assertThat(a.has("group")).isFalse();
      assertThat(a.at("/user/id").asText()).isEqualTo(user);
      assertThat(a.at("/scope/project/id").asText()).isEqualTo(leaf);
      String role = a.at("/role/id").asText();
      String link = a.at("/links/assignment").asText();
      if (role.equals(prior)) {
        assertThat(link).isEqualTo(v3("/projects/" + leaf + "/groups/" + group + "/roles/" + prior));
        assertThat(a.at("/links/membership").asText()).isEqualTo(v3("/groups/" + group + "/users/" + user));
      } else if (role.equals(implied)) {
        assertThat(link).isEqualTo(v3("/projects/" + leaf + "/groups/" + group + "/roles/" + prior));
        assertThat(a.at("/links/prior_role").asText())
            .isEqualTo(v3("/prior_role/" + implied + "/implies/" + prior));
      } else if (role.equals(fromDomain)) {
        assertThat(link).isEqualTo(v3("/OS-INHERIT/domains/" + domain + "/users/" + user + "/roles/"
            + fromDomain + "/inherited_to_projects"));
        assertThat(a.at("/scope/OS-INHERIT:inherited_to").asText()).isEqualTo("projects");
      } else {
        assertThat(link).isEqualTo(v3("/OS-INHERIT/projects/" + parent + "/users/" + user + "/roles/"
            + fromParent + "/inherited_to_projects"));
      }
    }
    assertThat(f.get("/v3/role_assignments?effective").body().at("/links/self").asText())
        .isEqualTo(api.base + "/v3/role_assignments?effective");
    // the parent gets the domain-inherited role, but not its own inherited-to-children one
    assertThat(list("effective&user.id=" + user + "&scope.project.id=" + parent))
        .extracting(a -> a.at("/role/id").asText()).containsExactly(fromDomain);
    // only the stored grants without effective
    assertThat(list("user.id=" + user + "&scope.project.id=" + leaf)).isEmpty();
    assertThat(list("group.id=" + group)).hasSize(1);
    // role filter applies after implied roles are added
    assertThat(list("effective&user.id=" + user + "&role.id=" + implied)).hasSize(1);
    // removing the rule removes the implied assignment
    f.delete("/v3/roles/" + prior + "/implies/" + implied);
    assertThat(list("effective&user.id=" + user + "&role.id=" + implied)).isEmpty();
  }

  @Test
  void includeSubtreeCoversChildProjects() throws Exception {
    String domain = f.domain();
    String parent = f.project(domain);
    String leaf = f.childProject(parent);
    String user = f.user(domain, "pw-12345");
    String role = f.role();
    f.put("/v3/projects/" + parent + "/users/" + user + "/roles/" + role);
    f.put("/v3/projects/" + leaf + "/users/" + user + "/roles/" + role);
    assertThat(list("scope.project.id=" + parent)).hasSize(1);
    assertThat(list("scope.project.id=" + parent + "&include_subtree=true")).hasSize(2);
    assertThat(f.get("/v3/role_assignments?include_subtree=true").status()).isEqualTo(400);
    assertThat(f.get("/v3/role_assignments?include_subtree=true&scope.project.id=nope").status())
        .isEqualTo(404);
  }

  @Test
  void domainRolesAreLeftOutOfEffectiveAssignments() throws Exception {
    String domain = f.domain();
    String project = f.project(domain);
    String user = f.user(domain, "pw-12345");
    String domainRole = f.domainRole(domain);
    String global = f.role();
    f.put("/v3/projects/" + project + "/users/" + user + "/roles/" + domainRole);
    String q = "effective&user.id=" + user + "&scope.project.id=" + project;
    assertThat(list(q)).isEmpty();
    assertThat(list("user.id=" + user + "&scope.project.id=" + project)).hasSize(1);
    f.put("/v3/roles/" + domainRole + "/implies/" + global);
    assertThat(list(q)).extracting(a -> a.at("/role/id").asText()).containsExactly(global);
  }

  @Test
  void includeNamesAddsNamesAndDomains() throws Exception {
    String domain = f.domain();
    String project = f.project(domain);
    String user = f.user(domain, "pw-12345");
    String group = f.group(domain);
    String role = f.domainRole(domain);
    f.put("/v3/projects/" + project + "/users/" + user + "/roles/" + role);
    f.put("/v3/domains/" + domain + "/groups/" + group + "/roles/" + role);
    String domainName = f.get("/v3/domains/" + domain).body().at("/domain/name").asText();

    JsonNode onProject = list("include_names&user.id=" + user).get(0);
    assertThat(onProject.at("/user/name").asText()).startsWith("user-");
    assertThat(onProject.at("/user/domain/id").asText()).isEqualTo(domain);
    assertThat(onProject.at("/user/domain/name").asText()).isEqualTo(domainName);
    assertThat(onProject.at("/scope/project/name").asText()).startsWith("proj-");
    assertThat(onProject.at("/scope/project/domain/name").asText()).isEqualTo(domainName);
    assertThat(onProject.at("/role/name").asText()).startsWith("drole-");
    assertThat(onProject.at("/role/domain/id").asText()).isEqualTo(domain);

    JsonNode onDomain = list("include_names=true&group.id=" + group).get(0);
    assertThat(onDomain.at("/group/name").asText()).startsWith("group-");
    assertThat(onDomain.at("/group/domain/name").asText()).isEqualTo(domainName);
    assertThat(onDomain.at("/scope/domain/name").asText()).isEqualTo(domainName);

    JsonNode plain = list("user.id=" + user).get(0);
    assertThat(plain.get("user").size()).isEqualTo(1);
    assertThat(plain.get("role").size()).isEqualTo(1);
  }

  @Test
  void unknownProjectInEffectiveModeIs404() throws Exception {
    assertThat(f.get("/v3/role_assignments?effective&scope.project.id=nope").status()).isEqualTo(404);
    assertThat(list("scope.project.id=nope")).isEmpty();
    assertThat(list("user.id=nope&effective")).isEmpty();
  }

  @Test
  void contradictoryFiltersAre400() throws Exception {
    for (String q : List.of("user.id=a&group.id=b", "scope.project.id=a&scope.domain.id=b",
        "scope.system=all&scope.project.id=a", "scope.system=all&scope.domain.id=a",
        "effective&group.id=a", "effective&scope.domain.id=a&scope.OS-INHERIT:inherited_to=projects")) {
      var r = f.get("/v3/role_assignments?" + q);
      assertThat(r.status()).as(q).isEqualTo(400);
      assertThat(r.body().at("/error/message").asText()).as(q).isNotBlank();
    }
  }

  @Test
  void membersMayNotListAssignments() throws Exception {
    assertThat(api.call("GET", "/v3/role_assignments", null, api.demoToken()).status()).isEqualTo(403);
  }
}
