package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OS-EP-FILTER endpoint groups, project associations and their effect on token catalogs. */
class EndpointFilterResourceTest {
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

  private static String create(String path, String key, String body) throws Exception {
    var r = call("POST", path, body);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().at("/" + key + "/id").asText();
  }

  private static String projectId(String name) throws Exception {
    var r = call("GET", "/v3/projects?name=" + name, null);
    return r.body().at("/projects/0/id").asText();
  }

  private static JsonNode tokenCatalog(String token) throws Exception {
    var r = api.call("GET", "/v3/auth/tokens", null, admin, Map.of("X-Subject-Token", token));
    return r.body().at("/token/catalog");
  }

  @Test
  void groupLifecycleAndBadFilters() throws Exception {
    String s = create("/v3/services", "service", "{\"service\": {\"type\": \"grp\"}}");
    var created = call("POST", "/v3/OS-EP-FILTER/endpoint_groups", "{\"endpoint_group\": {\"name\": \"g1\","
        + " \"description\": \"d\", \"filters\": {\"service_id\": \"" + s + "\"}}}");
    assertThat(created.status()).isEqualTo(201);
    JsonNode g = created.body().get("endpoint_group");
    String id = g.get("id").asText();
    assertThat(g.at("/filters/service_id").asText()).isEqualTo(s);
    assertThat(g.at("/links/self").asText()).endsWith("/v3/OS-EP-FILTER/endpoint_groups/" + id);

    var list = call("GET", "/v3/OS-EP-FILTER/endpoint_groups", null).body().get("endpoint_groups");
    assertThat(list).contains(g);
    assertThat(call("HEAD", "/v3/OS-EP-FILTER/endpoint_groups/" + id, null).status()).isEqualTo(200);
    var upd = call("PATCH", "/v3/OS-EP-FILTER/endpoint_groups/" + id,
        "{\"endpoint_group\": {\"name\": \"g2\", \"filters\": {\"interface\": \"admin\"}}}");
    assertThat(upd.status()).isEqualTo(200);
    assertThat(upd.body().at("/endpoint_group/name").asText()).isEqualTo("g2");
    assertThat(upd.body().at("/endpoint_group/filters/interface").asText()).isEqualTo("admin");
    assertThat(upd.body().at("/endpoint_group/description").asText()).isEqualTo("d");

    String groups = "/v3/OS-EP-FILTER/endpoint_groups";
    assertThat(call("POST", groups, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": {\"color\": \"red\"}}}")
        .status()).isEqualTo(400);
    assertThat(call("POST", groups, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": {}}}").status())
        .isEqualTo(400);
    assertThat(call("POST", groups, "{\"endpoint_group\": {\"name\": \"x\"}}").status()).isEqualTo(400);
    assertThat(call("POST", groups, "{\"endpoint_group\": {\"filters\": {\"interface\": \"public\"}}}").status())
        .isEqualTo(400);
    assertThat(call("POST", groups, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": \"interface\"}}")
        .status()).isEqualTo(400);
    assertThat(call("POST", groups, "{\"endpoint_group\": {\"name\": \"x\", \"filters\": {\"interface\": 1}}}")
        .status()).isEqualTo(400);
    assertThat(call("PATCH", groups + "/" + id, "{\"endpoint_group\": {\"filters\": {\"url\": \"x\"}}}")
        .status()).isEqualTo(400);
    assertThat(call("PATCH", groups + "/" + id, "{\"endpoint_group\": {}}").status()).isEqualTo(400);

    assertThat(call("DELETE", groups + "/" + id, null).status()).isEqualTo(204);
    assertThat(call("GET", groups + "/" + id, null).status()).isEqualTo(404);
    assertThat(call("HEAD", groups + "/" + id, null).status()).isEqualTo(404);
  }

  @Test
  void projectAssociationsRestrictTheProjectCatalog() throws Exception {
    String s = create("/v3/services", "service", "{\"service\": {\"type\": \"filtered\", \"name\": \"f\"}}");
    String ep = create("/v3/endpoints", "endpoint", "{\"endpoint\": {\"service_id\": \"" + s
        + "\", \"interface\": \"public\", \"url\": \"http://filtered.example/\"}}");
    String other = create("/v3/services", "service", "{\"service\": {\"type\": \"unfiltered\"}}");
    create("/v3/endpoints", "endpoint", "{\"endpoint\": {\"service_id\": \"" + other
        + "\", \"interface\": \"public\", \"url\": \"http://unfiltered.example/\"}}");
    String demo = projectId("demo");
    String groups = "/v3/OS-EP-FILTER/endpoint_groups";
    String g = create(groups, "endpoint_group", "{\"endpoint_group\": {\"name\": \"only-f\","
        + " \"filters\": {\"service_id\": \"" + s + "\"}}}");

    // before any association the demo project sees the whole catalog
    JsonNode before = tokenCatalog(api.demoToken());
    assertThat(before.findValuesAsText("type")).contains("unfiltered", "filtered");

    assertThat(call("PUT", groups + "/" + g + "/projects/" + demo, null).status()).isEqualTo(204);
    assertThat(call("PUT", groups + "/" + g + "/projects/" + demo, null).status()).isEqualTo(409);
    assertThat(call("PUT", groups + "/" + g + "/projects/nope", null).status()).isEqualTo(404);
    assertThat(call("PUT", groups + "/nope/projects/" + demo, null).status()).isEqualTo(404);
    var assoc = call("GET", groups + "/" + g + "/projects/" + demo, null);
    assertThat(assoc.status()).isEqualTo(200);
    assertThat(assoc.body().at("/project_endpoint_group/project_id").asText()).isEqualTo(demo);
    assertThat(call("GET", groups + "/" + g + "/projects", null).body().get("projects")
        .findValuesAsText("id")).containsExactly(demo);
    assertThat(call("GET", groups + "/" + g + "/endpoints", null).body().get("endpoints")
        .findValuesAsText("id")).containsExactly(ep);
    assertThat(call("GET", "/v3/OS-EP-FILTER/projects/" + demo + "/endpoint_groups", null).body()
        .get("endpoint_groups").findValuesAsText("id")).containsExactly(g);
    assertThat(call("GET", "/v3/OS-EP-FILTER/projects/" + demo + "/endpoints", null).body()
        .get("endpoints").findValuesAsText("id")).containsExactly(ep);

    // now the demo project's catalog holds only the grouped endpoint; admin's is unchanged
    JsonNode after = tokenCatalog(api.demoToken());
    assertThat(after.findValuesAsText("type")).containsExactly("filtered");
    assertThat(after.findValuesAsText("url")).containsExactly("http://filtered.example/");
    var demoCatalog = api.call("GET", "/v3/auth/catalog", null, api.demoToken()).body().get("catalog");
    assertThat(demoCatalog.findValuesAsText("type")).containsExactly("filtered");
    assertThat(tokenCatalog(admin).findValuesAsText("type")).contains("unfiltered", "filtered");

    assertThat(call("DELETE", groups + "/" + g + "/projects/" + demo, null).status()).isEqualTo(204);
    assertThat(call("GET", groups + "/" + g + "/projects/" + demo, null).status()).isEqualTo(404);
    assertThat(tokenCatalog(api.demoToken()).findValuesAsText("type")).contains("unfiltered", "filtered");
  }

  @Test
  void directProjectEndpointAssociations() throws Exception {
    String s = create("/v3/services", "service", "{\"service\": {\"type\": \"direct\"}}");
    String ep = create("/v3/endpoints", "endpoint", "{\"endpoint\": {\"service_id\": \"" + s
        + "\", \"interface\": \"internal\", \"url\": \"http://direct.example/\"}}");
    String admin = projectId("admin");
    String path = "/v3/OS-EP-FILTER/projects/" + admin + "/endpoints/" + ep;
    assertThat(call("GET", path, null).status()).isEqualTo(404);
    assertThat(call("PUT", path, null).status()).isEqualTo(204);
    assertThat(call("HEAD", path, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v3/OS-EP-FILTER/endpoints/" + ep + "/projects", null).body().get("projects")
        .findValuesAsText("id")).containsExactly(admin);
    assertThat(call("PUT", "/v3/OS-EP-FILTER/projects/" + admin + "/endpoints/nope", null).status())
        .isEqualTo(404);
    // deleting the endpoint forgets the association
    assertThat(call("DELETE", "/v3/endpoints/" + ep, null).status()).isEqualTo(204);
    assertThat(call("DELETE", path, null).status()).isEqualTo(404);
  }

  @Test
  void membersCannotManageEndpointGroups() throws Exception {
    String demo = api.demoToken();
    assertThat(api.call("GET", "/v3/OS-EP-FILTER/endpoint_groups", null, demo).status()).isEqualTo(403);
    assertThat(api.call("POST", "/v3/OS-EP-FILTER/endpoint_groups", "{\"endpoint_group\": {\"name\": \"x\","
        + " \"filters\": {\"interface\": \"public\"}}}", demo).status()).isEqualTo(403);
  }
}
