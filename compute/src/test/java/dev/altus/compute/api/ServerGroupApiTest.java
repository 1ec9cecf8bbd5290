package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /os-server-groups through real HTTP, and the directory the servers part uses. */
class ServerGroupApiTest {
  static KeysAndGroupsHarness api;
  static String admin;
  static String demo;

  @BeforeAll
  static void start() throws Exception {
    api = new KeysAndGroupsHarness();
    admin = api.adminToken();
    demo = api.demoToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static KeysAndGroupsHarness.Response create(String token, String version, String body)
      throws Exception {
    return api.call("POST", "/v2.1/os-server-groups", body, token, version);
  }

  private static String legacy(String name, String policy) {
    return "{\"server_group\": {\"name\": \"" + name + "\", \"policies\": [\"" + policy + "\"]}}";
  }

  private static List<String> ids(KeysAndGroupsHarness.Response r) {
    return r.body().get("server_groups").findValues("id").stream().map(JsonNode::asText).toList();
  }

  @Test
  void createShowListDeleteAt21() throws Exception {
    var r = create(demo, null, legacy("web", "affinity"));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    JsonNode g = r.body().get("server_group");
    String id = g.get("id").asText();
    assertThat(UUID.fromString(id)).isNotNull();
    assertThat(g.get("name").asText()).isEqualTo("web");
    assertThat(g.get("policies").toString()).isEqualTo("[\"affinity\"]");
    assertThat(g.get("members")).isEmpty();
    assertThat(g.get("metadata").isObject()).isTrue();
    assertThat(g.has("project_id")).as("project_id is 2.13").isFalse();
    var show = api.call("GET", "/v2.1/os-server-groups/" + id, null, demo);
    assertThat(show.body().get("server_group")).isEqualTo(g);
    var list = api.call("GET", "/v2.1/os-server-groups", null, demo);
    assertThat(list.body().get("server_groups")).contains(g);
    assertThat(api.call("DELETE", "/v2.1/os-server-groups/" + id, null, demo).status())
        .isEqualTo(204);
    var gone = api.call("GET", "/v2.1/os-server-groups/" + id, null, demo);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().at("/itemNotFound/message").asText())
        .isEqualTo("Instance group " + id + " could not be found.");
    assertThat(api.call("DELETE", "/v2.1/os-server-groups/" + id, null, demo).status())
        .isEqualTo(404);
  }

  @Test
  void microversionsChangeTheBody() throws Exception {
    var v213 = create(demo, "2.13", legacy("v213", "anti-affinity"));
    JsonNode g = v213.body().get("server_group");
    assertThat(g.get("project_id").asText()).isNotBlank();
    assertThat(g.get("user_id").asText()).isEqualTo(api.userOf(demo));
    assertThat(create(demo, "2.14", legacy("soft", "soft-affinity")).status()).isEqualTo(400);
    var soft = create(demo, "2.15", legacy("soft", "soft-anti-affinity"));
    assertThat(soft.status()).isEqualTo(200);
    assertThat(soft.body().at("/server_group/policies/0").asText())
        .isEqualTo("soft-anti-affinity");

    var v264 = create(demo, "2.64", "{\"server_group\": {\"name\": \"spread\", \"policy\":"
        + " \"anti-affinity\", \"rules\": {\"max_server_per_host\": 2}}}");
    assertThat(v264.status()).as(v264.raw()).isEqualTo(200);
    JsonNode s = v264.body().get("server_group");
    assertThat(s.get("policy").asText()).isEqualTo("anti-affinity");
    assertThat(s.get("rules").toString()).isEqualTo("{\"max_server_per_host\":2}");
    assertThat(s.has("policies")).isFalse();
    assertThat(s.has("metadata")).isFalse();
    var old = api.call("GET", "/v2.1/os-server-groups/" + s.get("id").asText(), null, demo, "2.63");
    assertThat(old.body().at("/server_group/policies/0").asText()).isEqualTo("anti-affinity");
    assertThat(old.body().at("/server_group").has("rules")).isFalse();
    var noRules = create(demo, "2.64", "{\"server_group\": {\"name\": \"plain\", \"policy\":"
        + " \"affinity\"}}");
    assertThat(noRules.body().at("/server_group/rules").toString()).isEqualTo("{}");
    var textual = create(demo, "2.64", "{\"server_group\": {\"name\": \"t\", \"policy\":"
        + " \"anti-affinity\", \"rules\": {\"max_server_per_host\": \"3\"}}}");
    assertThat(textual.body().at("/server_group/rules/max_server_per_host").asInt()).isEqualTo(3);
    for (var x : List.of(v213, soft, v264, noRules, textual)) {
      api.call("DELETE", "/v2.1/os-server-groups/" + x.body().at("/server_group/id").asText(),
          null, demo);
    }
  }

  @Test
  void badBodiesAre400AndCreateNothing() throws Exception {
    String[][] cases = {
        {null, "{\"server_group\": {\"policies\": [\"affinity\"]}}"},
        {null, legacy("", "affinity")},
        {null, legacy("x".repeat(256), "affinity")},
        {null, legacy(" lead", "affinity")},
        {null, legacy("bad", "cluster")},
        {null, "{\"server_group\": {\"name\": \"bad\", \"policies\": []}}"},
        {null, "{\"server_group\": {\"name\": \"bad\", \"policies\": [\"affinity\","
            + " \"anti-affinity\"]}}"},
        {null, "{\"server_group\": {\"name\": \"bad\", \"policies\": \"affinity\"}}"},
        {null, "{\"server_group\": {\"name\": \"bad\"}}"},
        {null, "{\"server_group\": {\"name\": \"bad\", \"policies\": [\"affinity\"], \"x\": 1}}"},
        {null, "{\"server_group\": {\"name\": \"bad\", \"policies\": [\"affinity\"]}, \"x\": 1}"},
        {null, "{\"server_group\": []}"},
        {null, "[]"},
        {"2.63", "{\"server_group\": {\"name\": \"bad\", \"policy\": \"affinity\"}}"},
        {"2.64", legacy("bad", "affinity")},
        {"2.64", "{\"server_group\": {\"name\": \"bad\"}}"},
        {"2.64", "{\"server_group\": {\"name\": \"bad\", \"policy\": \"affinity\","
            + " \"rules\": {\"max_server_per_host\": 2}}}"},
        {"2.64", "{\"server_group\": {\"name\": \"bad\", \"policy\": \"anti-affinity\","
            + " \"rules\": {\"max_server_per_host\": 0}}}"},
        {"2.64", "{\"server_group\": {\"name\": \"bad\", \"policy\": \"anti-affinity\","
            + " \"rules\": {\"max_server_per_host\": \"two\"}}}"},
        {"2.64", "{\"server_group\": {\"name\": \"bad\", \"policy\": \"anti-affinity\","
            + " \"rules\": {\"min_server_per_host\": 1}}}"},
        {"2.64", "{\"server_group\": {\"name\": \"bad\", \"policy\": \"anti-affinity\","
            + " \"rules\": []}}"},
    };
    for (String[] c : cases) {
      var r = create(demo, c[0], c[1]);
      assertThat(r.status()).as(c[0] + " " + c[1] + " -> " + r.raw()).isEqualTo(400);
      assertThat(r.body().at("/badRequest/code").asInt()).isEqualTo(400);
    }
    assertThat(api.call("POST", "/v2.1/os-server-groups", "{nope", demo).status()).isEqualTo(400);
    var list = api.call("GET", "/v2.1/os-server-groups", null, demo);
    assertThat(list.body().get("server_groups").findValues("name").stream()
        .map(JsonNode::asText)).doesNotContain("bad");
  }

  @Test
  void aProjectSeesOnlyItsGroupsAndAdminsSeeAll() throws Exception {
    String alt = api.memberOf("alt-groups", "sg-alt");
    String mine = create(demo, null, legacy("mine", "affinity")).body()
        .at("/server_group/id").asText();
    String theirs = create(alt, null, legacy("theirs", "affinity")).body()
        .at("/server_group/id").asText();
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups", null, demo))).contains(mine)
        .doesNotContain(theirs);
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups", null, alt))).contains(theirs)
        .doesNotContain(mine);
    assertThat(api.call("GET", "/v2.1/os-server-groups/" + mine, null, alt).status())
        .isEqualTo(404);
    assertThat(api.call("DELETE", "/v2.1/os-server-groups/" + mine, null, alt).status())
        .isEqualTo(404);
    var forbidden = api.call("GET", "/v2.1/os-server-groups?all_projects=True", null, demo);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.body().at("/forbidden/message").asText())
        .contains("os_compute_api:os-server-groups:index:all_projects");
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups?all_projects=True", null, admin)))
        .contains(mine, theirs);
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups", null, admin)))
        .as("without all_projects an admin sees its own project's").doesNotContain(mine, theirs);
    assertThat(api.call("GET", "/v2.1/os-server-groups/" + theirs, null, admin).status())
        .isEqualTo(200);
    assertThat(api.call("DELETE", "/v2.1/os-server-groups/" + theirs, null, admin).status())
        .isEqualTo(204);
    api.call("DELETE", "/v2.1/os-server-groups/" + mine, null, demo);
  }

  @Test
  void listsPageWithLimitAndOffset() throws Exception {
    String pager = api.memberOf("paged-groups", "sg-pager");
    List<String> made = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      made.add(create(pager, null, legacy("g" + i, "affinity")).body()
          .at("/server_group/id").asText());
    }
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups", null, pager))).isEqualTo(made);
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups?limit=2", null, pager)))
        .isEqualTo(made.subList(0, 2));
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups?limit=2&offset=2", null, pager)))
        .isEqualTo(made.subList(2, 4));
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups?offset=9", null, pager))).isEmpty();
    assertThat(api.call("GET", "/v2.1/os-server-groups?limit=-1", null, pager).status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-server-groups?offset=x", null, pager).status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-server-groups?sort=name", null, pager, "2.74").status())
        .isEqualTo(200);
    assertThat(api.call("GET", "/v2.1/os-server-groups?sort=name", null, pager, "2.75").status())
        .isEqualTo(400);
  }

  @Test
  void theServerGroupQuotaIsPerProject() throws Exception {
    String busy = api.memberOf("busy-groups", "sg-busy");
    for (int i = 0; i < 10; i++) {
      assertThat(create(busy, null, legacy("q" + i, "affinity")).status()).isEqualTo(200);
    }
    var over = create(busy, null, legacy("q10", "affinity"));
    assertThat(over.status()).isEqualTo(403);
    assertThat(over.body().at("/forbidden/message").asText())
        .isEqualTo("Quota exceeded, too many server groups.");
    assertThat(ids(api.call("GET", "/v2.1/os-server-groups", null, busy))).hasSize(10);
  }

  private static RequestContext context(String userId, String projectId, Set<String> roles) {
    return new RequestContext(userId, "u", "default", projectId, "p", "default", null, false,
        roles, Set.of(), "t", Instant.now().plusSeconds(60), List.of(), null, null);
  }

  @Test
  void theDirectoryTracksMembersWithTheirQuota() throws Exception {
    var r = create(demo, "2.64", "{\"server_group\": {\"name\": \"members\", \"policy\":"
        + " \"anti-affinity\", \"rules\": {\"max_server_per_host\": 1}}}");
    JsonNode g = r.body().get("server_group");
    String id = g.get("id").asText();
    String project = api.call("GET", "/v2.1/os-server-groups/" + id, null, demo, "2.13").body()
        .at("/server_group/project_id").asText();
    var dir = api.compute.serverGroups;
    RequestContext member = context("someone", project, Set.of("member", "reader"));
    RequestContext stranger = context("stranger", "other-project", Set.of("member"));
    assertThat(dir.find(member, id)).hasValueSatisfying(grp -> {
      assertThat(grp.policy()).isEqualTo("anti-affinity");
      assertThat(grp.rules()).containsEntry("max_server_per_host", 1);
    });
    assertThat(dir.find(stranger, id)).isEmpty();
    assertThatThrownBy(() -> dir.addMember(stranger, id, UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));

    List<String> servers = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String s = UUID.randomUUID().toString();
      dir.addMember(member, id, s);
      servers.add(s);
    }
    dir.addMember(member, id, servers.get(0)); // again: nothing changes
    assertThatThrownBy(() -> dir.addMember(member, id, UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessage("Quota exceeded, too many servers in group");
    var shown = api.call("GET", "/v2.1/os-server-groups/" + id, null, demo);
    assertThat(shown.body().at("/server_group/members").findValuesAsText("")).isEmpty();
    assertThat(shown.body().at("/server_group/members")).hasSize(10);
    assertThat(shown.body().at("/server_group/members/0").asText()).isEqualTo(servers.get(0));
    assertThat(dir.groupOf(servers.get(3))).hasValueSatisfying(grp ->
        assertThat(grp.members()).containsExactlyElementsOf(servers));

    String other = create(demo, null, legacy("other", "affinity")).body()
        .at("/server_group/id").asText();
    assertThatThrownBy(() -> dir.addMember(member, other, servers.get(1)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    dir.removeMember(servers.get(1));
    dir.removeMember(servers.get(1)); // a server in no group: nothing to do
    assertThat(dir.groupOf(servers.get(1))).isEmpty();
    dir.addMember(member, other, servers.get(1));
    assertThat(dir.groupOf(servers.get(1)).orElseThrow().id()).isEqualTo(other);

    assertThat(api.call("DELETE", "/v2.1/os-server-groups/" + id, null, demo).status())
        .isEqualTo(204);
    assertThat(dir.groupOf(servers.get(3))).as("members go with their group").isEmpty();
    api.call("DELETE", "/v2.1/os-server-groups/" + other, null, demo);
  }
}
