package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deleting a project leaves no endpoint-filter association behind. */
class ProjectDeleteCleanupTest {
  static IdentityApiHarness api;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void endpointGroupAssociationsGoWithTheProject() throws Exception {
    String admin = api.adminToken();
    String project = api.call("POST", "/v3/projects", "{\"project\": {\"name\": \"filtered\"}}", admin)
        .body().at("/project/id").asText();
    var g = api.call("POST", "/v3/OS-EP-FILTER/endpoint_groups",
        "{\"endpoint_group\": {\"name\": \"ids\", \"filters\": {\"interface\": \"public\"}}}", admin);
    assertThat(g.status()).isEqualTo(201);
    String group = g.body().at("/endpoint_group/id").asText();
    assertThat(api.call("PUT", "/v3/OS-EP-FILTER/endpoint_groups/" + group + "/projects/" + project, null, admin)
        .status()).isEqualTo(204);
    assertThat(api.call("GET", "/v3/OS-EP-FILTER/endpoint_groups/" + group + "/projects", null, admin)
        .body().get("projects").size()).isEqualTo(1);
    assertThat(api.call("DELETE", "/v3/projects/" + project, null, admin).status()).isEqualTo(204);
    var left = api.call("GET", "/v3/OS-EP-FILTER/endpoint_groups/" + group + "/projects", null, admin);
    assertThat(left.status()).isEqualTo(200);
    assertThat(left.body().get("projects").size()).isZero();
    int rows = api.identity.db.jdbi().withHandle(h -> h.createQuery(
        "SELECT COUNT(*) FROM project_endpoint_group WHERE project_id = :p").bind("p", project)
        .mapTo(Integer.class).one());
    assertThat(rows).isZero();
  }
}
