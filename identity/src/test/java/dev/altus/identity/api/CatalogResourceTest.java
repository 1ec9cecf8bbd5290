package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Regions, services and endpoints over HTTP, including Keystone's bad-input answers. */
class CatalogResourceTest {
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

  private static String service(String type, String name) throws Exception {
    var r = call("POST", "/v3/services",
        "{\"service\": {\"type\": \"" + type + "\", \"name\": \"" + name + "\", \"description\": \"d\"}}");
    assertThat(r.status()).isEqualTo(201);
    return r.body().at("/service/id").asText();
  }

  @Test
  void regionLifecycleWithParentsAndFilter() throws Exception {
    var parent = call("POST", "/v3/regions", "{\"region\": {\"description\": \"top\"}}");
    assertThat(parent.status()).isEqualTo(201);
    String p = parent.body().at("/region/id").asText();
    assertThat(p).hasSize(32);
    assertThat(parent.body().at("/region/parent_region_id").isNull()).isTrue();
    assertThat(parent.body().at("/region/links/self").asText()).endsWith("/v3/regions/" + p);

    var child = call("PUT", "/v3/regions/child-" + p, "{\"region\": {\"parent_region_id\": \"" + p + "\"}}");
    assertThat(child.status()).isEqualTo(201);
    assertThat(child.body().at("/region/id").asText()).isEqualTo("child-" + p);
    assertThat(child.body().at("/region/description").asText()).isEmpty();

    var filtered = call("GET", "/v3/regions?parent_region_id=" + p, null);
    assertThat(filtered.body().get("regions").findValuesAsText("id")).containsExactly("child-" + p);

    var updated = call("PATCH", "/v3/regions/child-" + p, "{\"region\": {\"description\": \"new\"}}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().at("/region/description").asText()).isEqualTo("new");
    assertThat(updated.body().at("/region/parent_region_id").asText()).isEqualTo(p);

    // making the parent a child of its child would be a cycle
    var cycle = call("PATCH", "/v3/regions/" + p, "{\"region\": {\"parent_region_id\": \"child-" + p + "\"}}");
    assertThat(cycle.status()).isEqualTo(400);
    assertThat(call("PATCH", "/v3/regions/" + p, "{\"region\": {\"parent_region_id\": \"" + p + "\"}}").status())
        .isEqualTo(400);

    // deleting the parent takes the child with it
    assertThat(call("DELETE", "/v3/regions/" + p, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v3/regions/child-" + p, null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v3/regions/" + p, null).status()).isEqualTo(404);
  }

  @Test
  void regionBadInput() throws Exception {
    assertThat(call("PUT", "/v3/regions/dup-region", "{\"region\": {}}").status()).isEqualTo(201);
    var dup = call("PUT", "/v3/regions/dup-region", "{\"region\": {}}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.body().at("/error/title").asText()).isEqualTo("Conflict");
    assertThat(call("POST", "/v3/regions", "{\"region\": {\"id\": \"dup-region\"}}").status()).isEqualTo(409);
    assertThat(call("PUT", "/v3/regions/a-region", "{\"region\": {\"id\": \"other\"}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/regions", "{\"region\": {\"parent_region_id\": \"nowhere\"}}").status())
        .isEqualTo(404);
    assertThat(call("POST", "/v3/regions", "{\"region\": {\"description\": 5}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/regions", "{\"region\": []}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/regions", "{").status()).isEqualTo(400);
    assertThat(call("PATCH", "/v3/regions/dup-region", "{\"region\": {}}").status()).isEqualTo(400);
    assertThat(call("GET", "/v3/regions/nowhere", null).status()).isEqualTo(404);
    String huge = "x".repeat(70000);
    assertThat(call("POST", "/v3/regions", "{\"region\": {\"note\": \"" + huge + "\"}}").status())
        .isEqualTo(400);
    assertThat(call("POST", "/v3/services", "{\"service\": {\"type\": \"t\", \"description\": \""
        + huge + "\"}}").status()).isEqualTo(400);
  }

  @Test
  void regionWithEndpointsCannotBeDeleted() throws Exception {
    String s = service("held", "held");
    assertThat(call("PUT", "/v3/regions/held-parent", "{\"region\": {}}").status()).isEqualTo(201);
    assertThat(call("PUT", "/v3/regions/held-child", "{\"region\": {\"parent_region_id\": \"held-parent\"}}")
        .status()).isEqualTo(201);
    var ep = call("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + s
        + "\", \"interface\": \"public\", \"url\": \"http://x/\", \"region_id\": \"held-child\"}}");
    assertThat(ep.status()).isEqualTo(201);
    var r = call("DELETE", "/v3/regions/held-parent", null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body().at("/error/message").asText()).contains("associated endpoints");
    assertThat(call("DELETE", "/v3/endpoints/" + ep.body().at("/endpoint/id").asText(), null).status())
        .isEqualTo(204);
    assertThat(call("DELETE", "/v3/regions/held-parent", null).status()).isEqualTo(204);
  }

  @Test
  void serviceLifecycleAndFilters() throws Exception {
    var created = call("POST", "/v3/services", "{\"service\": {\"type\": \"svc-a\", \"name\": \"alpha\","
        + " \"description\": \"first\", \"color\": \"blue\"}}");
    assertThat(created.status()).isEqualTo(201);
    JsonNode s = created.body().get("service");
    assertThat(s.get("enabled").asBoolean()).isTrue();
    assertThat(s.get("color").asText()).isEqualTo("blue");
    String id = s.get("id").asText();
    var noName = call("POST", "/v3/services", "{\"service\": {\"type\": \"svc-b\"}}");
    assertThat(noName.body().at("/service/name").asText()).isEmpty();

    var byType = call("GET", "/v3/services?type=svc-a", null);
    assertThat(byType.body().get("services").findValuesAsText("id")).containsExactly(id);
    var byName = call("GET", "/v3/services?name=alpha", null);
    assertThat(byName.body().get("services").findValuesAsText("id")).containsExactly(id);

    var upd = call("PATCH", "/v3/services/" + id, "{\"service\": {\"description\": \"second\", \"enabled\": false}}");
    assertThat(upd.status()).isEqualTo(200);
    assertThat(upd.body().at("/service/description").asText()).isEqualTo("second");
    assertThat(upd.body().at("/service/name").asText()).isEqualTo("alpha");
    assertThat(upd.body().at("/service/enabled").asBoolean()).isFalse();
    assertThat(call("GET", "/v3/services/" + id, null).body().at("/service/description").asText())
        .isEqualTo("second");

    assertThat(call("DELETE", "/v3/services/" + id, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v3/services/" + id, null).status()).isEqualTo(404);
  }

  @Test
  void serviceBadInput() throws Exception {
    var missingType = call("POST", "/v3/services", "{\"service\": {\"name\": \"x\"}}");
    assertThat(missingType.status()).isEqualTo(400);
    assertThat(missingType.body().at("/error/message").asText()).contains("type");
    assertThat(call("POST", "/v3/services", "{\"service\": {\"type\": \"\"}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/services", "{\"service\": {\"type\": 7}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/services", "{\"service\": {\"type\": \"t\", \"enabled\": \"yes\"}}").status())
        .isEqualTo(400);
    assertThat(call("POST", "/v3/services", "{\"service\": {\"type\": \"t\", \"name\": \"   \"}}").status())
        .isEqualTo(400);
    assertThat(call("POST", "/v3/services", "{\"service\": {\"type\": \"" + "t".repeat(256) + "\"}}").status())
        .isEqualTo(400);
    String id = service("bad-input", "bad-input");
    assertThat(call("PATCH", "/v3/services/" + id, "{\"service\": {}}").status()).isEqualTo(400);
    assertThat(call("PATCH", "/v3/services/" + id, "{\"service\": {\"id\": \"other\"}}").status()).isEqualTo(400);
    assertThat(call("PATCH", "/v3/services/nope", "{\"service\": {\"type\": \"x\"}}").status()).isEqualTo(404);
  }

  @Test
  void endpointLifecycleWithLegacyRegionAndFilters() throws Exception {
    String s1 = service("ep-a", "ep-a");
    String s2 = service("ep-b", "ep-b");
    var created = call("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + s1
        + "\", \"interface\": \"public\", \"url\": \"http://a.example/\", \"region\": \"auto-region\","
        + " \"enabled\": true}}");
    assertThat(created.status()).isEqualTo(201);
    JsonNode e = created.body().get("endpoint");
    String id = e.get("id").asText();
    assertThat(e.get("region").asText()).isEqualTo("auto-region");
    assertThat(e.get("region_id").asText()).isEqualTo("auto-region");
    // the legacy region attribute created the region
    assertThat(call("GET", "/v3/regions/auto-region", null).status()).isEqualTo(200);

    var internal = call("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + s2
        + "\", \"interface\": \"internal\", \"url\": \"http://b.example/\"}}");
    assertThat(internal.status()).isEqualTo(201);
    assertThat(internal.body().at("/endpoint/region_id").isNull()).isTrue();
    String id2 = internal.body().at("/endpoint/id").asText();

    assertThat(call("GET", "/v3/endpoints?service_id=" + s1, null).body().get("endpoints")
        .findValuesAsText("id")).containsExactly(id);
    assertThat(call("GET", "/v3/endpoints?interface=internal", null).body().get("endpoints")
        .findValuesAsText("id")).contains(id2).doesNotContain(id);
    assertThat(call("GET", "/v3/endpoints?region_id=auto-region", null).body().get("endpoints")
        .findValuesAsText("id")).containsExactly(id);

    var upd = call("PATCH", "/v3/endpoints/" + id, "{\"endpoint\": {\"service_id\": \"" + s2
        + "\", \"interface\": \"internal\", \"url\": \"http://c.example/\", \"region\": \"auto-2\","
        + " \"enabled\": false}}");
    assertThat(upd.status()).isEqualTo(200);
    JsonNode u = upd.body().get("endpoint");
    assertThat(u.get("service_id").asText()).isEqualTo(s2);
    assertThat(u.get("interface").asText()).isEqualTo("internal");
    assertThat(u.get("url").asText()).isEqualTo("http://c.example/");
    assertThat(u.get("region").asText()).isEqualTo("auto-2");
    assertThat(u.get("enabled").asBoolean()).isFalse();

    // a disabled endpoint leaves the catalog
    var catalog = call("GET", "/v3/auth/catalog", null).body().get("catalog");
    assertThat(catalog.findValuesAsText("url")).doesNotContain("http://c.example/")
        .contains("http://b.example/");

    assertThat(call("DELETE", "/v3/endpoints/" + id, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v3/endpoints/" + id, null).status()).isEqualTo(404);
    // deleting a service deletes its endpoints
    assertThat(call("DELETE", "/v3/services/" + s2, null).status()).isEqualTo(204);
    assertThat(call("GET", "/v3/endpoints/" + id2, null).status()).isEqualTo(404);
  }

  @Test
  void endpointBadInput() throws Exception {
    String s = service("ep-bad", "ep-bad");
    String ok = "\"service_id\": \"" + s + "\", \"interface\": \"public\", \"url\": \"http://x/\"";
    // enabled must be a JSON boolean, not the string 'True'
    assertThat(call("POST", "/v3/endpoints", "{\"endpoint\": {" + ok + ", \"enabled\": \"True\"}}").status())
        .isEqualTo(400);
    assertThat(call("POST", "/v3/endpoints", "{\"endpoint\": {" + ok + ", \"enabled\": \"False\"}}").status())
        .isEqualTo(400);
    var unknownService = call("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"nope\","
        + " \"interface\": \"public\", \"url\": \"http://x/\"}}");
    assertThat(unknownService.status()).isEqualTo(400);
    assertThat(unknownService.body().at("/error/message").asText()).contains("service");
    assertThat(call("POST", "/v3/endpoints", "{\"endpoint\": {" + ok + ", \"region_id\": \"nowhere\"}}").status())
        .isEqualTo(400);
    assertThat(call("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + s
        + "\", \"interface\": \"sideways\", \"url\": \"http://x/\"}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + s
        + "\", \"interface\": \"public\", \"url\": \"no-scheme\"}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + s
        + "\", \"interface\": \"public\"}}").status()).isEqualTo(400);
    assertThat(call("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + s
        + "\", \"interface\": \"public\", \"url\": \"http://x/$(bogus)s\"}}").status()).isEqualTo(400);

    var created = call("POST", "/v3/endpoints", "{\"endpoint\": {" + ok + "}}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().at("/endpoint/id").asText();
    assertThat(call("PATCH", "/v3/endpoints/" + id, "{\"endpoint\": {\"enabled\": \"False\"}}").status())
        .isEqualTo(400);
    assertThat(call("PATCH", "/v3/endpoints/" + id, "{\"endpoint\": {\"service_id\": \"nope\"}}").status())
        .isEqualTo(400);
    assertThat(call("PATCH", "/v3/endpoints/" + id, "{\"endpoint\": {}}").status()).isEqualTo(400);
    assertThat(call("GET", "/v3/endpoints/" + id, null).body().at("/endpoint/enabled").asBoolean()).isTrue();
  }

  @Test
  void membersMayReadRegionsButNotManageTheCatalog() throws Exception {
    String demo = api.demoToken();
    assertThat(api.call("GET", "/v3/regions", null, demo).status()).isEqualTo(200);
    assertThat(api.call("POST", "/v3/regions", "{\"region\": {}}", demo).status()).isEqualTo(403);
    assertThat(api.call("GET", "/v3/services", null, demo).status()).isEqualTo(403);
    assertThat(api.call("POST", "/v3/services", "{\"service\": {\"type\": \"x\"}}", demo).status())
        .isEqualTo(403);
    assertThat(api.call("GET", "/v3/endpoints", null, demo).status()).isEqualTo(403);
    assertThat(api.call("GET", "/v3/services", null, null).status()).isEqualTo(401);
  }
}
