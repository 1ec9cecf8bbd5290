package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Aggregates, availability zones and what they tell the scheduler, through real HTTP. */
class AggregateApiTest {
  static AdminApiHarness api;
  static FakeHosts hosts;
  static String admin;
  static String demo;

  @BeforeAll
  static void start() throws Exception {
    api = new AdminApiHarness();
    hosts = new FakeHosts(api.db);
    long now = System.currentTimeMillis();
    for (String h : List.of("agg1", "agg2", "agg3", "agg4", "busy")) {
      hosts.compute(h, now);
    }
    hosts.use("busy", 1, 512, 1, 1);
    hosts.service("nova-scheduler", "controller", now);
    admin = api.adminToken();
    demo = api.demoToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static int create(String name, String zone) throws Exception {
    String az = zone == null ? "" : ", \"availability_zone\": \"" + zone + "\"";
    var r = api.call("POST", "/v2.1/os-aggregates",
        "{\"aggregate\": {\"name\": \"" + name + "\"" + az + "}}", admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body().at("/aggregate/id").asInt();
  }

  private static AdminApiHarness.Response act(int id, String body) throws Exception {
    return api.call("POST", "/v2.1/os-aggregates/" + id + "/action", body, admin);
  }

  private static List<String> zoneNames(JsonNode info) {
    List<String> out = new ArrayList<>();
    info.forEach(z -> out.add(z.get("zoneName").asText()));
    return out;
  }

  @Test
  void aggregatesAreCreatedShownUpdatedAndDeleted() throws Exception {
    var r = api.call("POST", "/v2.1/os-aggregates",
        "{\"aggregate\": {\"name\": \"crud\", \"availability_zone\": \"zone-crud\"}}", admin);
    assertThat(r.status()).isEqualTo(200);
    JsonNode a = r.body().get("aggregate");
    assertThat(a.get("availability_zone").asText()).isEqualTo("zone-crud");
    assertThat(a.has("hosts")).isFalse();
    assertThat(a.has("uuid")).isFalse();
    assertThat(a.get("deleted").asBoolean()).isFalse();
    assertThat(a.get("updated_at").isNull()).isTrue();
    int id = a.get("id").asInt();

    var shown = api.call("GET", "/v2.1/os-aggregates/" + id, null, admin, "2.41");
    assertThat(shown.body().at("/aggregate/uuid").asText()).hasSize(36);
    assertThat(shown.body().at("/aggregate/metadata/availability_zone").asText())
        .isEqualTo("zone-crud");
    assertThat(shown.body().at("/aggregate/hosts")).isEmpty();

    var upd = api.call("PUT", "/v2.1/os-aggregates/" + id,
        "{\"aggregate\": {\"name\": \"crud2\", \"availability_zone\": \"zone-crud2\"}}", admin);
    assertThat(upd.status()).isEqualTo(200);
    assertThat(upd.body().at("/aggregate/name").asText()).isEqualTo("crud2");
    assertThat(upd.body().at("/aggregate/availability_zone").asText()).isEqualTo("zone-crud2");
    assertThat(upd.body().at("/aggregate/updated_at").isTextual()).isTrue();

    var list = api.call("GET", "/v2.1/os-aggregates", null, admin);
    assertThat(list.raw()).contains("crud2");
    assertThat(api.call("DELETE", "/v2.1/os-aggregates/" + id, null, admin).status())
        .isEqualTo(200);
    assertThat(api.call("GET", "/v2.1/os-aggregates/" + id, null, admin).status())
        .isEqualTo(404);
    assertThat(api.call("DELETE", "/v2.1/os-aggregates/" + id, null, admin).status())
        .isEqualTo(404);
  }

  @Test
  void badInputAndNonAdminsAreRefused() throws Exception {
    create("dup", null);
    assertThat(api.call("POST", "/v2.1/os-aggregates", "{\"aggregate\": {\"name\": \"dup\"}}",
        admin).status()).isEqualTo(409);
    for (String bad : List.of("{\"aggregate\": {\"name\": \"\"}}",
        "{\"aggregate\": {\"name\": \"" + "n".repeat(256) + "\"}}",
        "{\"aggregate\": {}}", "{\"aggregate\": {\"name\": \"x\", \"colour\": 1}}",
        "{\"aggregate\": {\"name\": \"x\", \"availability_zone\": \"a:b\"}}",
        "{\"aggregate\": {\"name\": \"x\", \"availability_zone\": \"\"}}")) {
      var r = api.call("POST", "/v2.1/os-aggregates", bad, admin);
      assertThat(r.status()).as(bad + " " + r.raw()).isEqualTo(400);
    }
    assertThat(api.call("GET", "/v2.1/os-aggregates/abc", null, admin).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-aggregates/99999", null, admin).status())
        .isEqualTo(404);
    assertThat(api.call("PUT", "/v2.1/os-aggregates/99999",
        "{\"aggregate\": {\"name\": \"x\"}}", admin).status()).isEqualTo(404);
    assertThat(api.call("PUT", "/v2.1/os-aggregates/99999", "{\"aggregate\": {}}", admin)
        .status()).isEqualTo(400);
    for (String path : List.of("/v2.1/os-aggregates", "/v2.1/os-aggregates/1")) {
      assertThat(api.call("GET", path, null, demo).status()).isEqualTo(403);
    }
    assertThat(api.call("POST", "/v2.1/os-aggregates", "{\"aggregate\": {\"name\": \"u\"}}",
        demo).status()).isEqualTo(403);
    assertThat(api.call("POST", "/v2.1/os-aggregates/1/action",
        "{\"add_host\": {\"host\": \"agg1\"}}", demo).status()).isEqualTo(403);
    assertThat(act(1, "{\"jump\": {}}").status()).isEqualTo(400);
  }

  @Test
  void aHostIsInOneZoneOnly() throws Exception {
    int a = create("zone-a-agg", "zone-a");
    int b = create("zone-b-agg", "zone-b");
    int plain = create("plain-agg", null);
    var added = act(a, "{\"add_host\": {\"host\": \"agg1\"}}");
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.body().at("/aggregate/hosts/0").asText()).isEqualTo("agg1");
    assertThat(act(a, "{\"add_host\": {\"host\": \"agg1\"}}").status()).isEqualTo(409);
    assertThat(act(a, "{\"add_host\": {\"host\": \"nowhere\"}}").status()).isEqualTo(404);
    assertThat(act(a, "{\"add_host\": {\"host\": \"bad host\"}}").status()).isEqualTo(400);
    var second = act(b, "{\"add_host\": {\"host\": \"agg1\"}}");
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.body().at("/conflictingRequest/message").asText()).contains("zone-a");
    // an aggregate without a zone may share the host
    assertThat(act(plain, "{\"add_host\": {\"host\": \"agg1\"}}").status()).isEqualTo(200);
    // ... but may not then take a zone that contradicts it
    var meta = act(plain, "{\"set_metadata\": {\"metadata\": {\"availability_zone\": \"zone-b\"}}}");
    assertThat(meta.status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-aggregates/" + plain,
        "{\"aggregate\": {\"availability_zone\": \"zone-b\"}}", admin).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-aggregates/" + plain,
        "{\"aggregate\": {\"availability_zone\": null}}", admin).status()).isEqualTo(400);
    // the same zone is fine
    assertThat(act(plain, "{\"set_metadata\": {\"metadata\": {\"availability_zone\":"
        + " \"zone-a\", \"ssd\": \"true\"}}}").status()).isEqualTo(200);

    assertThat(api.compute.aggregates.zoneOf("agg1")).isEqualTo("zone-a");
    assertThat(api.compute.aggregates.zoneOf("agg2")).isEqualTo("nova");
    assertThat(api.compute.aggregates.metadataOf("agg1").get("ssd")).containsExactly("true");
    assertThat(api.compute.aggregates.metadataOf("agg1").get("availability_zone"))
        .containsExactly("zone-a");

    var cleared = act(plain, "{\"set_metadata\": {\"metadata\": {\"ssd\": null,"
        + " \"never-set\": null}}}");
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.body().at("/aggregate/metadata").has("ssd")).isFalse();
    assertThat(act(plain, "{\"set_metadata\": {\"metadata\": {\"bad/key\": \"1\"}}}").status())
        .isEqualTo(400);

    assertThat(api.call("DELETE", "/v2.1/os-aggregates/" + a, null, admin).status())
        .isEqualTo(400);
    assertThat(act(a, "{\"remove_host\": {\"host\": \"agg2\"}}").status()).isEqualTo(404);
    var removed = act(a, "{\"remove_host\": {\"host\": \"agg1\"}}");
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.body().at("/aggregate/hosts")).isEmpty();
    assertThat(act(plain, "{\"remove_host\": {\"host\": \"agg1\"}}").status()).isEqualTo(200);
    assertThat(act(b, "{\"add_host\": {\"host\": \"agg1\"}}").status()).isEqualTo(200);
    assertThat(api.compute.aggregates.zoneOf("agg1")).isEqualTo("zone-b");
    act(b, "{\"remove_host\": {\"host\": \"agg1\"}}");
    assertThat(api.call("DELETE", "/v2.1/os-aggregates/" + a, null, admin).status())
        .isEqualTo(200);
  }

  @Test
  void aHostWithServersKeepsItsZone() throws Exception {
    int z = create("busy-zone-agg", "busy-zone");
    var r = act(z, "{\"add_host\": {\"host\": \"busy\"}}");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body().at("/conflictingRequest/message").asText()).contains("servers");
    int plain = create("busy-plain", null);
    assertThat(act(plain, "{\"add_host\": {\"host\": \"busy\"}}").status()).isEqualTo(200);
    assertThat(api.call("PUT", "/v2.1/os-aggregates/" + plain,
        "{\"aggregate\": {\"availability_zone\": \"elsewhere\"}}", admin).status())
        .isEqualTo(400);
    assertThat(act(plain, "{\"remove_host\": {\"host\": \"busy\"}}").status()).isEqualTo(200);
  }

  @Test
  void availabilityZonesComeFromServicesAndAggregates() throws Exception {
    int z = create("az-list-agg", "listed-zone");
    act(z, "{\"add_host\": {\"host\": \"agg3\"}}");
    var list = api.call("GET", "/v2.1/os-availability-zone", null, demo);
    assertThat(list.status()).isEqualTo(200);
    JsonNode info = list.body().get("availabilityZoneInfo");
    assertThat(zoneNames(info)).contains("nova", "listed-zone").doesNotContain("internal",
        "zone-b");
    info.forEach(zone -> {
      assertThat(zone.get("hosts").isNull()).isTrue();
      assertThat(zone.at("/zoneState/available").asBoolean()).isTrue();
    });

    assertThat(api.call("GET", "/v2.1/os-availability-zone/detail", null, demo).status())
        .isEqualTo(403);
    var detail = api.call("GET", "/v2.1/os-availability-zone/detail", null, admin);
    JsonNode dinfo = detail.body().get("availabilityZoneInfo");
    assertThat(zoneNames(dinfo)).contains("nova", "listed-zone", "internal");
    for (JsonNode zone : dinfo) {
      if (zone.get("zoneName").asText().equals("listed-zone")) {
        JsonNode svc = zone.at("/hosts/agg3/nova-compute");
        assertThat(svc.get("available").asBoolean()).isTrue();
        assertThat(svc.get("active").asBoolean()).isTrue();
        assertThat(svc.get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(zone.get("hosts").size()).isEqualTo(1);
      }
      if (zone.get("zoneName").asText().equals("internal")) {
        assertThat(zone.at("/hosts/controller").has("nova-scheduler")).isTrue();
      }
    }
    act(z, "{\"remove_host\": {\"host\": \"agg3\"}}");
    assertThat(zoneNames(api.call("GET", "/v2.1/os-availability-zone", null, demo).body()
        .get("availabilityZoneInfo"))).doesNotContain("listed-zone");
    assertThat(Set.of("nova")).contains(api.compute.aggregates.zoneOf("agg3"));
  }
}
