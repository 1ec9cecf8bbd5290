package dev.altus.volume.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Volumes through real HTTP with the file backend: create, list, show, update, extend, delete. */
class VolumeApiTest extends VolumeApiCase {
  static String create(String token, String project, String body) throws Exception {
    return create(h, token, project, body);
  }

  /** Creates a volume and waits until it is available. */
  static String create(VolumeApiHarness h, String token, String project, String body)
      throws Exception {
    var r = h.call("POST", "/v3/" + project + "/volumes", body, token);
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(202);
    assertThat(r.body().path("volume").path("status").asText()).isEqualTo("creating");
    String id = r.body().path("volume").path("id").asText();
    h.await("/v3/" + project + "/volumes/" + id, "volume", "available", token);
    return id;
  }

  @Test
  void versionsAndMicroversions() throws Exception {
    var root = h.call("GET", "/", null, null);
    assertThat(root.status()).isEqualTo(300);
    JsonNode v = root.body().path("versions").get(0);
    assertThat(v.path("id").asText()).isEqualTo("v3.0");
    assertThat(v.path("version").asText()).isEqualTo("3.70");
    assertThat(v.path("min_version").asText()).isEqualTo("3.0");
    assertThat(h.call("GET", "/v3/", null, null).status()).isEqualTo(200);
    var ok = h.call("GET", "/v3/" + demoProject + "/volumes", null, demo,
        Map.of("OpenStack-API-Version", "volume 3.59"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("OpenStack-API-Version")).isEqualTo("volume 3.59");
    var high = h.call("GET", "/v3/" + demoProject + "/volumes", null, demo,
        Map.of("OpenStack-API-Version", "volume 3.71"));
    assertThat(high.status()).isEqualTo(406);
    assertThat(high.body().path("HTTPNotAcceptable").path("code").asInt()).isEqualTo(406);
    var bad = h.call("GET", "/v3/" + demoProject + "/volumes", null, demo,
        Map.of("OpenStack-API-Version", "volume three"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().has("badRequest")).isTrue();
  }

  @Test
  void createMakesASparseFileOfTheSizeAndDeleteRemovesIt() throws Exception {
    String id = create(demo, demoProject, """
        {"volume": {"size": 1, "name": "data", "description": "d", "metadata": {"k": "v"}}}""");
    Path file = h.volumesDir().resolve("volume-" + id);
    assertThat(Files.size(file)).isEqualTo(1L << 30);
    var show = h.call("GET", "/v3/" + demoProject + "/volumes/" + id, null, demo);
    JsonNode v = show.body().path("volume");
    assertThat(v.path("name").asText()).isEqualTo("data");
    assertThat(v.path("volume_type").asText()).isEqualTo("__DEFAULT__");
    assertThat(v.path("bootable").asText()).isEqualTo("false");
    assertThat(v.path("metadata").path("k").asText()).isEqualTo("v");
    assertThat(v.has("os-vol-host-attr:host")).isFalse();
    var adminView = h.call("GET", "/v3/" + adminProject + "/volumes/" + id, null, admin);
    assertThat(adminView.body().path("volume").path("os-vol-host-attr:host").asText())
        .isEqualTo("testhost@file#file");

    assertThat(h.call("DELETE", "/v3/" + demoProject + "/volumes/" + id, null, demo).status())
        .isEqualTo(202);
    h.await("/v3/" + demoProject + "/volumes/" + id, "volume", "deleted", demo);
    assertThat(file).doesNotExist();
  }

  @Test
  void badCreatesAreRefusedInCindersFormat() throws Exception {
    String p = "/v3/" + demoProject + "/volumes";
    var zero = h.call("POST", p, "{\"volume\": {\"size\": 0}}", demo);
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.body().path("badRequest").path("code").asInt()).isEqualTo(400);
    assertThat(h.call("POST", p, "{\"volume\": {\"size\": \"x\"}}", demo).status())
        .isEqualTo(400);
    assertThat(h.call("POST", p, "{\"volume\": {}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", p, "{\"volume\": {\"size\": 1, \"volume_type\": \"nope\"}}", demo)
        .status()).isEqualTo(404);
    assertThat(h.call("POST", p, "{\"volume\": {\"size\": 1, \"metadata\": {\"a\": 1}}}", demo)
        .status()).isEqualTo(400);
    assertThat(h.call("POST", p, "{\"volume\": {\"size\": 1, \"availability_zone\": \"z9\"}}",
        demo).status()).isEqualTo(400);
    var missing = h.call("GET", p + "/0b5e3c59-0000-4000-8000-000000000000", null, demo);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("itemNotFound").path("message").asText())
        .contains("could not be found");
  }

  @Test
  void projectsAreIsolatedAndAdminsListAllTenants() throws Exception {
    String id = create(demo, demoProject, "{\"volume\": {\"size\": 1, \"name\": \"mine\"}}");
    // admin's own project does not hold it; another project sees nothing of it
    var adminList = h.call("GET", "/v3/" + adminProject + "/volumes", null, admin);
    assertThat(adminList.body().path("volumes").findValuesAsText("id")).doesNotContain(id);
    var all = h.call("GET", "/v3/" + adminProject + "/volumes/detail?all_tenants=1", null, admin);
    assertThat(all.body().path("volumes").findValuesAsText("id")).contains(id);
    String adminVol = create(admin, adminProject, "{\"volume\": {\"size\": 1}}");
    assertThat(h.call("GET", "/v3/" + demoProject + "/volumes/" + adminVol, null, demo).status())
        .isEqualTo(404);
    var demoAll = h.call("GET", "/v3/" + demoProject + "/volumes?all_tenants=1", null, demo);
    assertThat(demoAll.body().path("volumes").findValuesAsText("id")).doesNotContain(adminVol);
    // a project in the URL that is not the token's
    assertThat(h.call("GET", "/v3/" + adminProject + "/volumes", null, demo).status())
        .isEqualTo(400);
  }

  @Test
  void listFiltersSortsAndPages() throws Exception {
    String a = create(demo, demoProject,
        "{\"volume\": {\"size\": 1, \"name\": \"pg-a\", \"metadata\": {\"tier\": \"gold\"}}}");
    String b = create(demo, demoProject, "{\"volume\": {\"size\": 2, \"name\": \"pg-b\"}}");
    String p = "/v3/" + demoProject + "/volumes";
    var byName = h.call("GET", p + "?name=pg-b", null, demo);
    assertThat(byName.body().path("volumes").findValuesAsText("id")).containsExactly(b);
    var byMeta = h.call("GET", p + "/detail?metadata=%7B%27tier%27%3A+%27gold%27%7D", null, demo);
    assertThat(byMeta.body().path("volumes").findValuesAsText("id")).containsExactly(a);
    var sorted = h.call("GET", p + "/detail?sort=size:desc", null, demo);
    var sizes = sorted.body().path("volumes").findValues("size");
    for (int i = 1; i < sizes.size(); i++) {
      assertThat(sizes.get(i - 1).asLong()).isGreaterThanOrEqualTo(sizes.get(i).asLong());
    }
    var page = h.call("GET", p + "?limit=1", null, demo);
    assertThat(page.body().path("volumes")).hasSize(1);
    assertThat(page.body().path("volumes_links").get(0).path("rel").asText()).isEqualTo("next");
    String first = page.body().path("volumes").get(0).path("id").asText();
    var next = h.call("GET", p + "?limit=1&marker=" + first, null, demo);
    assertThat(next.body().path("volumes").get(0).path("id").asText()).isNotEqualTo(first);
    assertThat(h.call("GET", p + "?sort=bogus:asc", null, demo).status()).isEqualTo(400);
    assertThat(h.call("GET", p + "/", null, demo).status()).isEqualTo(404);
    assertThat(next.body().path("volumes_links").get(0).path("href").asText())
        .startsWith("http://127.0.0.1:8776/v3/" + demoProject + "/volumes?limit=1&marker=");
  }

  @Test
  void updateMetadataAndExtend() throws Exception {
    String id = create(demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String v = "/v3/" + demoProject + "/volumes/" + id;
    var up = h.call("PUT", v, "{\"volume\": {\"name\": \"renamed\", \"description\": null}}",
        demo);
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.body().path("volume").path("name").asText()).isEqualTo("renamed");
    assertThat(h.call("POST", v + "/metadata", "{\"metadata\": {\"a\": \"1\", \"b\": \"2\"}}",
        demo).body().path("metadata").size()).isEqualTo(2);
    assertThat(h.call("PUT", v + "/metadata", "{\"metadata\": {\"c\": \"3\"}}", demo).body()
        .path("metadata").size()).isEqualTo(1);
    assertThat(h.call("PUT", v + "/metadata/c", "{\"meta\": {\"c\": \"4\"}}", demo).body()
        .path("meta").path("c").asText()).isEqualTo("4");
    assertThat(h.call("PUT", v + "/metadata/c", "{\"meta\": {\"d\": \"4\"}}", demo).status())
        .isEqualTo(400);
    assertThat(h.call("GET", v + "/metadata/c", null, demo).body().path("meta").path("c")
        .asText()).isEqualTo("4");
    assertThat(h.call("DELETE", v + "/metadata/c", null, demo).status()).isEqualTo(200);
    assertThat(h.call("GET", v + "/metadata/c", null, demo).status()).isEqualTo(404);

    assertThat(h.call("POST", v + "/action", "{\"os-extend\": {\"new_size\": 1}}", demo)
        .status()).isEqualTo(400);
    assertThat(h.call("POST", v + "/action", "{\"os-extend\": {\"new_size\": 3}}", demo)
        .status()).isEqualTo(202);
    JsonNode done = h.await(v, "volume", "available", demo);
    long deadline = System.currentTimeMillis() + 5000;
    while (h.call("GET", v, null, demo).body().path("volume").path("size").asLong() != 3
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(done).isNotNull();
    assertThat(Files.size(h.volumesDir().resolve("volume-" + id))).isEqualTo(3L << 30);
    assertThat(h.call("POST", v + "/action", "{\"os-set_bootable\": {\"bootable\": true}}", demo)
        .status()).isEqualTo(200);
    assertThat(h.call("GET", v, null, demo).body().path("volume").path("bootable").asText())
        .isEqualTo("true");
    assertThat(h.call("POST", v + "/action", "{\"os-nonsense\": {}}", demo).status())
        .isEqualTo(400);
  }

  @Test
  void quotasRefuseWhatExceedsThem() throws Exception {
    String q = "/v3/" + adminProject + "/os-quota-sets/" + demoProject;
    assertThat(h.call("PUT", "/v3/" + demoProject + "/os-quota-sets/" + demoProject,
        "{\"quota_set\": {\"gigabytes\": 5}}", demo).status()).isEqualTo(403);
    assertThat(h.call("PUT", q, "{\"quota_set\": {\"gigabytes\": 5}}", admin).status())
        .isEqualTo(200);
    try {
      var over = h.call("POST", "/v3/" + demoProject + "/volumes",
          "{\"volume\": {\"size\": 500}}", demo);
      assertThat(over.status()).isEqualTo(413);
      assertThat(over.body().path("overLimit").path("code").asInt()).isEqualTo(413);
      var usage = h.call("GET", "/v3/" + demoProject + "/os-quota-sets/" + demoProject
          + "?usage=true", null, demo);
      assertThat(usage.body().path("quota_set").path("gigabytes").path("limit").asLong())
          .isEqualTo(5);
      var limits = h.call("GET", "/v3/" + demoProject + "/limits", null, demo);
      assertThat(limits.body().path("limits").path("absolute").path("maxTotalVolumeGigabytes")
          .asLong()).isEqualTo(5);
    } finally {
      assertThat(h.call("DELETE", q, null, admin).status()).isEqualTo(200);
    }
  }

  @Test
  void zonesAndServicesReportTheHeartbeats() throws Exception {
    var az = h.call("GET", "/v3/" + demoProject + "/os-availability-zone", null, demo);
    assertThat(az.body().path("availabilityZoneInfo").get(0).path("zoneState")
        .path("available").asBoolean()).isTrue();
    assertThat(h.call("GET", "/v3/" + demoProject + "/os-services", null, demo).status())
        .isEqualTo(403);
    var svc = h.call("GET", "/v3/" + adminProject + "/os-services", null, admin);
    assertThat(svc.body().path("services").findValuesAsText("host"))
        .contains("testhost", "testhost@file");
    assertThat(svc.body().path("services").findValuesAsText("state")).containsOnly("up");
  }

  @Test
  void poolsCapabilitiesQuotaClassesAndDisabledServices() throws Exception {
    String a = "/v3/" + adminProject;
    var pools = h.call("GET", a + "/scheduler-stats/get_pools?detail=true", null, admin);
    JsonNode pool = pools.body().path("pools").get(0);
    assertThat(pool.path("name").asText()).isEqualTo("testhost@file#file");
    assertThat(pool.path("capabilities").path("total_capacity_gb").asLong()).isPositive();
    assertThat(h.call("GET", "/v3/" + demoProject + "/scheduler-stats/get_pools", null, demo)
        .status()).isEqualTo(403);
    var caps = h.call("GET", a + "/capabilities/testhost@file", null, admin);
    assertThat(caps.body().path("volume_backend_name").asText()).isEqualTo("file");
    assertThat(h.call("GET", a + "/capabilities/otherhost@file", null, admin).status())
        .isEqualTo(404);

    var cls = h.call("GET", a + "/os-quota-class-sets/default", null, admin);
    long snaps = cls.body().path("quota_class_set").path("snapshots").asLong();
    assertThat(h.call("PUT", a + "/os-quota-class-sets/default",
        "{\"quota_class_set\": {\"snapshots\": " + (snaps + 1) + "}}", admin).status())
        .isEqualTo(200);
    try {
      assertThat(h.call("GET", a + "/os-quota-sets/" + demoProject + "/defaults", null, admin)
          .body().path("quota_set").path("snapshots").asLong()).isEqualTo(snaps + 1);
    } finally {
      h.call("PUT", a + "/os-quota-class-sets/default",
          "{\"quota_class_set\": {\"snapshots\": " + snaps + "}}", admin);
    }

    String disable = "{\"host\": \"testhost@file\", \"binary\": \"cinder-volume\"}";
    assertThat(h.call("PUT", a + "/os-services/disable-log-reason", disable, admin).status())
        .isEqualTo(400);
    assertThat(h.call("PUT", a + "/os-services/disable", disable, admin).status())
        .isEqualTo(200);
    try {
      var r = h.call("POST", "/v3/" + demoProject + "/volumes", "{\"volume\": {\"size\": 1}}",
          demo);
      String id = r.body().path("volume").path("id").asText();
      h.await("/v3/" + demoProject + "/volumes/" + id, "volume", "error", demo);
      assertThat(h.volumesDir().resolve("volume-" + id)).doesNotExist();
    } finally {
      assertThat(h.call("PUT", a + "/os-services/enable", disable, admin).status())
          .isEqualTo(200);
    }
    assertThat(h.call("PUT", a + "/os-services/enable",
        "{\"host\": \"nohost\", \"binary\": \"cinder-volume\"}", admin).status())
        .isEqualTo(404);
  }

  @Test
  void aTypeNoBackendFitsEndsInErrorWithAUserMessage() throws Exception {
    String a = "/v3/" + adminProject;
    var t = h.call("POST", a + "/types", "{\"volume_type\": {\"name\": \"acme\","
        + " \"extra_specs\": {\"vendor_name\": \"Acme\"}}}", admin);
    String tid = t.body().path("volume_type").path("id").asText();
    var r = h.call("POST", "/v3/" + demoProject + "/volumes",
        "{\"volume\": {\"size\": 1, \"volume_type\": \"" + tid + "\"}}", demo);
    String id = r.body().path("volume").path("id").asText();
    h.await("/v3/" + demoProject + "/volumes/" + id, "volume", "error", demo);
    Map<String, String> v33 = Map.of("OpenStack-API-Version", "volume 3.3");
    var msgs = h.call("GET", "/v3/" + demoProject + "/messages", null, demo, v33);
    JsonNode m = msgs.body().path("messages").get(0);
    assertThat(m.path("resource_uuid").asText()).isEqualTo(id);
    assertThat(m.path("user_message").asText()).contains("vendor_name");
    assertThat(h.call("GET", "/v3/" + demoProject + "/messages", null, demo).status())
        .isEqualTo(404);
    String mid = m.path("id").asText();
    assertThat(h.call("DELETE", "/v3/" + demoProject + "/messages/" + mid, null, demo, v33)
        .status()).isEqualTo(204);
    assertThat(h.call("GET", "/v3/" + demoProject + "/messages/" + mid, null, demo, v33)
        .status()).isEqualTo(404);
  }
}
