package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flavors, their extra specs and access lists through real HTTP. */
class FlavorApiTest {
  static AdminApiHarness api;
  static String admin;
  static String demo;
  static String alt;

  @BeforeAll
  static void start() throws Exception {
    api = new AdminApiHarness();
    admin = api.adminToken();
    demo = api.demoToken();
    alt = api.altToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(f -> out.add(f.get("id").asText()));
    return out;
  }

  private static String create(String body) throws Exception {
    var r = api.call("POST", "/v2.1/flavors", body, admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body().at("/flavor/id").asText();
  }

  @Test
  void theDefaultFlavorsAreListedBrieflyAndInDetail() throws Exception {
    var brief = api.call("GET", "/v2.1/flavors", null, demo);
    assertThat(brief.status()).isEqualTo(200);
    assertThat(ids(brief.body().get("flavors"))).contains("1", "2", "3", "4", "5");
    JsonNode tiny = brief.body().get("flavors").get(0);
    assertThat(tiny.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "links");
    assertThat(tiny.at("/links/0/href").asText()).isEqualTo("http://127.0.0.1:8774/v2.1/flavors/1");
    assertThat(tiny.at("/links/1/rel").asText()).isEqualTo("bookmark");
    assertThat(brief.headers().get("OpenStack-API-Version")).containsExactly("compute 2.1");

    var detail = api.call("GET", "/v2.1/flavors/detail", null, demo);
    JsonNode d = detail.body().at("/flavors/0");
    assertThat(d.get("name").asText()).isEqualTo("m1.tiny");
    assertThat(d.get("ram").asInt()).isEqualTo(512);
    assertThat(d.get("disk").asInt()).isEqualTo(1);
    assertThat(d.get("swap").asText()).isEmpty();
    assertThat(d.get("OS-FLV-EXT-DATA:ephemeral").asInt()).isZero();
    assertThat(d.get("os-flavor-access:is_public").asBoolean()).isTrue();
    assertThat(d.get("rxtx_factor").asDouble()).isEqualTo(1.0);
    assertThat(d.has("description")).isFalse();

    var v275 = api.call("GET", "/v2.1/flavors/1", null, demo, "2.75");
    assertThat(v275.body().at("/flavor/swap").isInt()).isTrue();
    assertThat(v275.body().at("/flavor/description").isNull()).isTrue();
    assertThat(v275.body().at("/flavor/extra_specs").isObject()).isTrue();
    var v255 = api.call("GET", "/v2.1/flavors", null, demo, "2.55");
    assertThat(v255.body().at("/flavors/0").has("description")).isTrue();
  }

  @Test
  void filtersSortingAndPaging() throws Exception {
    var big = api.call("GET", "/v2.1/flavors/detail?minRam=4096&minDisk=41", null, demo);
    assertThat(ids(big.body().get("flavors"))).contains("4", "5").doesNotContain("1", "2", "3");
    var sorted = api.call("GET", "/v2.1/flavors?sort_key=memory_mb&sort_dir=desc", null, demo);
    assertThat(ids(sorted.body().get("flavors")).get(0)).isEqualTo("5");

    var page1 = api.call("GET", "/v2.1/flavors?limit=2", null, demo);
    assertThat(ids(page1.body().get("flavors"))).containsExactly("1", "2");
    String next = page1.body().at("/flavors_links/0/href").asText();
    assertThat(next).contains("marker=2").contains("limit=2");
    var page2 = api.call("GET", "/v2.1/flavors?limit=2&marker=2", null, demo);
    assertThat(ids(page2.body().get("flavors"))).containsExactly("3", "4");
    var all = api.call("GET", "/v2.1/flavors", null, demo);
    assertThat(all.body().has("flavors_links")).isFalse();

    assertThat(api.call("GET", "/v2.1/flavors?marker=nope", null, demo).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/flavors?minRam=lots", null, demo).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/flavors?sort_key=colour", null, demo).status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/flavors?limit=-1", null, demo).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/flavors?is_public=maybe", null, admin).status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/flavors?colour=red", null, demo, "2.75").status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/flavors?colour=red", null, demo, "2.74").status())
        .isEqualTo(200);
    assertThat(api.call("GET", "/v2.1/flavors/nope", null, demo).body()
        .at("/itemNotFound/code").asInt()).isEqualTo(404);
  }

  @Test
  void adminsCreateFlavorsWithNovasRules() throws Exception {
    String uuidId = create("{\"flavor\": {\"name\": \"auto-id\", \"ram\": 256, \"vcpus\": 1,"
        + " \"disk\": 1}}");
    assertThat(uuidId).matches("[0-9a-f-]{36}");
    var r = api.call("POST", "/v2.1/flavors", "{\"flavor\": {\"name\": \"int-id\", \"ram\":"
        + " \"1024\", \"vcpus\": 2, \"disk\": 10, \"id\": 4242, \"swap\": 512,"
        + " \"OS-FLV-EXT-DATA:ephemeral\": 5, \"rxtx_factor\": 2.5,"
        + " \"os-flavor-access:is_public\": \"True\"}}", admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    JsonNode f = r.body().get("flavor");
    assertThat(f.get("id").asText()).isEqualTo("4242");
    assertThat(f.get("ram").asInt()).isEqualTo(1024);
    assertThat(f.get("swap").asInt()).isEqualTo(512);
    assertThat(f.get("OS-FLV-EXT-DATA:ephemeral").asInt()).isEqualTo(5);
    assertThat(f.get("rxtx_factor").asDouble()).isEqualTo(2.5);

    var dupId = api.call("POST", "/v2.1/flavors", "{\"flavor\": {\"name\": \"other\","
        + " \"ram\": 1, \"vcpus\": 1, \"disk\": 0, \"id\": \"4242\"}}", admin);
    assertThat(dupId.status()).isEqualTo(409);
    assertThat(dupId.body().at("/conflictingRequest/message").asText()).contains("ID 4242");
    var dupName = api.call("POST", "/v2.1/flavors", "{\"flavor\": {\"name\": \"int-id\","
        + " \"ram\": 1, \"vcpus\": 1, \"disk\": 0}}", admin);
    assertThat(dupName.status()).isEqualTo(409);
    assertThat(dupName.body().at("/conflictingRequest/message").asText()).contains("name int-id");

    for (String bad : List.of(
        "{\"flavor\": {\"ram\": 1, \"vcpus\": 1, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \"\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \" pad\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \"tab\\there\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \"b1\", \"ram\": 0, \"vcpus\": 1, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \"b2\", \"ram\": -1, \"vcpus\": 1, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \"b3\", \"ram\": 1, \"vcpus\": 0, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \"b4\", \"ram\": 1, \"vcpus\": 1, \"disk\": -1}}",
        "{\"flavor\": {\"name\": \"b5\", \"ram\": 1.5, \"vcpus\": 1, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \"b6\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0, \"swap\": -1}}",
        "{\"flavor\": {\"name\": \"b7\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0,"
            + " \"rxtx_factor\": 0}}",
        "{\"flavor\": {\"name\": \"b8\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0,"
            + " \"id\": \"has/slash\"}}",
        "{\"flavor\": {\"name\": \"b9\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0,"
            + " \"os-flavor-access:is_public\": \"perhaps\"}}",
        "{\"flavor\": {\"name\": \"b10\", \"ram\": 99999999999, \"vcpus\": 1, \"disk\": 0}}",
        "{\"flavor\": {\"name\": \"b11\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0,"
            + " \"description\": \"too early\"}}",
        "{\"flavor\": {\"name\": \"b12\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0, \"colour\": 1}}",
        "{\"flavour\": {}}", "[]", "not json")) {
      var resp = api.call("POST", "/v2.1/flavors", bad, admin);
      assertThat(resp.status()).as(bad + " -> " + resp.raw()).isEqualTo(400);
      assertThat(resp.body().has("badRequest")).as(resp.raw()).isTrue();
    }
    var listed = api.call("GET", "/v2.1/flavors?is_public=none", null, admin);
    assertThat(listed.raw()).doesNotContain("\"b1\"").doesNotContain("\"b12\"");

    assertThat(api.call("POST", "/v2.1/flavors", "{\"flavor\": {\"name\": \"nope\", \"ram\": 1,"
        + " \"vcpus\": 1, \"disk\": 0}}", demo).status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/v2.1/flavors/4242", null, demo).status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/v2.1/flavors/4242", null, admin).status()).isEqualTo(202);
    assertThat(api.call("GET", "/v2.1/flavors/4242", null, admin).status()).isEqualTo(404);
    assertThat(api.call("DELETE", "/v2.1/flavors/4242", null, admin).status()).isEqualTo(404);
    create("{\"flavor\": {\"name\": \"int-id\", \"ram\": 1, \"vcpus\": 1, \"disk\": 0,"
        + " \"id\": 4242}}");
  }

  @Test
  void descriptionsFromMicroversion255() throws Exception {
    var r = api.call("POST", "/v2.1/flavors", "{\"flavor\": {\"name\": \"described\", \"ram\": 64,"
        + " \"vcpus\": 1, \"disk\": 1, \"id\": \"d1\", \"description\": \"small one\"}}", admin,
        "2.55");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().at("/flavor/description").asText()).isEqualTo("small one");
    assertThat(r.body().at("/flavor").has("extra_specs")).isFalse();
    assertThat(api.call("PUT", "/v2.1/flavors/d1", "{\"flavor\": {\"description\": \"x\"}}", admin)
        .status()).isEqualTo(404);
    assertThat(api.call("PUT", "/v2.1/flavors/d1", "{\"flavor\": {\"description\": \"x\"}}", demo,
        "2.55").status()).isEqualTo(403);
    assertThat(api.call("PUT", "/v2.1/flavors/d1", "{\"flavor\": {\"name\": \"x\"}}", admin,
        "2.55").status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/flavors/d1", "{\"flavor\": {}}", admin, "2.55").status())
        .isEqualTo(400);
    var u = api.call("PUT", "/v2.1/flavors/d1", "{\"flavor\": {\"description\": \"renamed\"}}",
        admin, "2.61");
    assertThat(u.status()).isEqualTo(200);
    assertThat(u.body().at("/flavor/description").asText()).isEqualTo("renamed");
    assertThat(u.body().at("/flavor/extra_specs").isObject()).isTrue();
    var cleared = api.call("PUT", "/v2.1/flavors/d1", "{\"flavor\": {\"description\": null}}",
        admin, "2.55");
    assertThat(cleared.body().at("/flavor/description").isNull()).isTrue();
    assertThat(api.call("PUT", "/v2.1/flavors/none-such", "{\"flavor\": {\"description\": \"\"}}",
        admin, "2.55").status()).isEqualTo(404);
  }

  @Test
  void privateFlavorsAreSeenByAdminsAndMemberProjectsOnly() throws Exception {
    String id = create("{\"flavor\": {\"name\": \"private\", \"ram\": 64, \"vcpus\": 1,"
        + " \"disk\": 1, \"id\": \"p1\", \"os-flavor-access:is_public\": false}}");
    assertThat(ids(api.call("GET", "/v2.1/flavors", null, admin).body().get("flavors")))
        .doesNotContain(id);
    assertThat(ids(api.call("GET", "/v2.1/flavors?is_public=false", null, admin).body()
        .get("flavors"))).contains(id).doesNotContain("1");
    for (String word : List.of("f", "false", "no", "0", "FALSE")) {
      assertThat(ids(api.call("GET", "/v2.1/flavors?is_public=" + word, null, admin).body()
          .get("flavors"))).contains(id);
    }
    assertThat(ids(api.call("GET", "/v2.1/flavors?is_public=none", null, admin).body()
        .get("flavors"))).contains(id, "1");
    // non-admins cannot widen their view with is_public
    assertThat(ids(api.call("GET", "/v2.1/flavors?is_public=false", null, demo).body()
        .get("flavors"))).doesNotContain(id).contains("1");
    assertThat(api.call("GET", "/v2.1/flavors/p1", null, demo).status()).isEqualTo(404);
    assertThat(api.call("GET", "/v2.1/flavors/p1", null, admin).status()).isEqualTo(200);

    var empty = api.call("GET", "/v2.1/flavors/p1/os-flavor-access", null, admin);
    assertThat(empty.body().get("flavor_access")).isEmpty();
    String demoProject = api.projectId("demo");
    var added = api.call("POST", "/v2.1/flavors/p1/action",
        "{\"addTenantAccess\": {\"tenant\": \"" + demoProject + "\"}}", admin);
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.body().at("/flavor_access/0/tenant_id").asText()).isEqualTo(demoProject);
    assertThat(added.body().at("/flavor_access/0/flavor_id").asText()).isEqualTo("p1");
    assertThat(api.call("POST", "/v2.1/flavors/p1/action",
        "{\"addTenantAccess\": {\"tenant\": \"" + demoProject + "\"}}", admin).status())
        .isEqualTo(409);
    assertThat(ids(api.call("GET", "/v2.1/flavors/detail", null, demo).body().get("flavors")))
        .contains(id);
    assertThat(api.call("GET", "/v2.1/flavors/p1", null, demo).status()).isEqualTo(200);
    assertThat(api.call("GET", "/v2.1/flavors/p1", null, alt).status()).isEqualTo(404);

    assertThat(api.call("POST", "/v2.1/flavors/p1/action",
        "{\"removeTenantAccess\": {\"tenant\": \"" + demoProject + "\"}}", demo).status())
        .isEqualTo(403);
    assertThat(api.call("POST", "/v2.1/flavors/p1/action",
        "{\"removeTenantAccess\": {\"tenant\": \"" + api.altProjectId + "\"}}", admin).status())
        .isEqualTo(404);
    assertThat(api.call("POST", "/v2.1/flavors/p1/action",
        "{\"addTenantAccess\": {\"tenant\": \"no-such-project\"}}", admin).status())
        .isEqualTo(400);
    assertThat(api.call("POST", "/v2.1/flavors/p1/action", "{\"addTenantAccess\": {}}", admin)
        .status()).isEqualTo(400);
    assertThat(api.call("POST", "/v2.1/flavors/p1/action", "{\"dance\": {}}", admin).status())
        .isEqualTo(400);
    var removed = api.call("POST", "/v2.1/flavors/p1/action",
        "{\"removeTenantAccess\": {\"tenant\": \"" + demoProject + "\"}}", admin);
    assertThat(removed.body().get("flavor_access")).isEmpty();
    assertThat(api.call("GET", "/v2.1/flavors/p1", null, demo).status()).isEqualTo(404);

    assertThat(api.call("GET", "/v2.1/flavors/1/os-flavor-access", null, admin).status())
        .isEqualTo(404);
    assertThat(api.call("GET", "/v2.1/flavors/p1/os-flavor-access", null, demo).status())
        .isEqualTo(403);
    assertThat(api.call("POST", "/v2.1/flavors/1/action",
        "{\"addTenantAccess\": {\"tenant\": \"" + demoProject + "\"}}", admin, "2.7").status())
        .isEqualTo(409);
  }

  @Test
  void extraSpecsAreReadByAnyoneAndWrittenByAdmins() throws Exception {
    create("{\"flavor\": {\"name\": \"specs\", \"ram\": 64, \"vcpus\": 1, \"disk\": 1,"
        + " \"id\": \"s1\"}}");
    var set = api.call("POST", "/v2.1/flavors/s1/os-extra_specs",
        "{\"extra_specs\": {\"hw:numa_nodes\": \"1\", \"hw:cpu_policy\": \"shared\"}}", admin);
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    assertThat(set.body().at("/extra_specs/hw:cpu_policy").asText()).isEqualTo("shared");
    var list = api.call("GET", "/v2.1/flavors/s1/os-extra_specs", null, demo);
    assertThat(list.body().get("extra_specs").size()).isEqualTo(2);
    var one = api.call("GET", "/v2.1/flavors/s1/os-extra_specs/hw:numa_nodes", null, demo);
    assertThat(one.body().get("hw:numa_nodes").asText()).isEqualTo("1");
    assertThat(one.body().size()).isEqualTo(1);
    var upd = api.call("PUT", "/v2.1/flavors/s1/os-extra_specs/hw:numa_nodes",
        "{\"hw:numa_nodes\": \"2\"}", admin);
    assertThat(upd.status()).isEqualTo(200);
    assertThat(api.call("GET", "/v2.1/flavors/s1/os-extra_specs/hw:numa_nodes", null, admin)
        .body().get("hw:numa_nodes").asText()).isEqualTo("2");
    assertThat(api.call("GET", "/v2.1/flavors/s1", null, demo, "2.61").body()
        .at("/flavor/extra_specs/hw:numa_nodes").asText()).isEqualTo("2");

    assertThat(api.call("PUT", "/v2.1/flavors/s1/os-extra_specs/hw:numa_nodes",
        "{\"hw:cpu_policy\": \"shared\"}", admin).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/flavors/s1/os-extra_specs/hw:numa_nodes",
        "{\"hw:numa_nodes\": \"1\", \"hw:cpu_policy\": \"shared\"}", admin).status())
        .isEqualTo(400);
    assertThat(api.call("POST", "/v2.1/flavors/s1/os-extra_specs",
        "{\"extra_specs\": {\"bad/key\": \"1\"}}", admin).status()).isEqualTo(400);
    assertThat(api.call("POST", "/v2.1/flavors/s1/os-extra_specs",
        "{\"extra_specs\": {\"k\": true}}", admin).status()).isEqualTo(400);
    assertThat(api.call("POST", "/v2.1/flavors/s1/os-extra_specs",
        "{\"extra_specs\": {\"k\": \"" + "v".repeat(256) + "\"}}", admin).status())
        .isEqualTo(400);
    assertThat(api.call("POST", "/v2.1/flavors/s1/os-extra_specs",
        "{\"extra_specs\": {\"k\": 1}}", demo).status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/v2.1/flavors/s1/os-extra_specs/hw:numa_nodes", null, demo)
        .status()).isEqualTo(403);
    assertThat(api.call("GET", "/v2.1/flavors/s1/os-extra_specs/hw:cpu_thread_policy", null,
        demo).status()).isEqualTo(404);
    assertThat(api.call("DELETE", "/v2.1/flavors/s1/os-extra_specs/hw:cpu_thread_policy", null,
        admin).status()).isEqualTo(404);
    assertThat(api.call("GET", "/v2.1/flavors/none/os-extra_specs", null, admin).status())
        .isEqualTo(404);

    // 2.86 checks the namespaces Nova owns, and lets others through
    assertThat(api.call("POST", "/v2.1/flavors/s1/os-extra_specs",
        "{\"extra_specs\": {\"hw:cpu_policy\": \"greedy\"}}", admin, "2.86").status())
        .isEqualTo(400);
    assertThat(api.call("POST", "/v2.1/flavors/s1/os-extra_specs",
        "{\"extra_specs\": {\"hw:made_up\": \"1\"}}", admin, "2.86").status()).isEqualTo(400);
    assertThat(api.call("POST", "/v2.1/flavors/s1/os-extra_specs",
        "{\"extra_specs\": {\"hw:cpu_policy\": \"dedicated\", \"foo:bar\": \"baz\","
            + " \"resources:VCPU\": \"2\", \"trait:HW_CPU_X86_AVX\": \"required\"}}", admin,
        "2.86").status()).isEqualTo(200);

    assertThat(api.call("DELETE", "/v2.1/flavors/s1/os-extra_specs/hw:numa_nodes", null, admin)
        .status()).isEqualTo(200);
    assertThat(api.call("GET", "/v2.1/flavors/s1/os-extra_specs", null, admin).body()
        .get("extra_specs").has("hw:numa_nodes")).isFalse();
  }
}
