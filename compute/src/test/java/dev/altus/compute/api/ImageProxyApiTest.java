package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image proxy (before 2.36), the extensions list, and what the servers part reports to the
 * admin views: servers per hypervisor, host uptime, servers' history in usage reports.
 */
class ImageProxyApiTest {
  static ComputeApiHarness h;
  static String demo;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    h = new ComputeApiHarness();
    demo = h.demoToken();
    admin = h.adminToken();
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void imagesAreShownWithStatusAndMetadata() throws Exception {
    var list = h.call("GET", "/v2.1/images", null, demo);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().path("images").findValuesAsText("id")).contains(h.imageId);
    var one = h.call("GET", "/v2.1/images/" + h.imageId, null, demo).body().path("image");
    assertThat(one.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(one.path("progress").asInt()).isEqualTo(100);
    assertThat(one.path("metadata").path("architecture").asText()).isEqualTo("x86_64");
    assertThat(h.call("GET", "/v2.1/images/detail?name=nope", null, demo).body()
        .path("images").size()).isZero();
    assertThat(h.call("GET", "/v2.1/images/" + h.imageId, null, demo, "2.36").status())
        .isEqualTo(404);
    assertThat(h.call("GET", "/v2.1/images/no-such", null, demo).status()).isEqualTo(404);
  }

  @Test
  void ownImageMetadataIsSetReplacedAndDeleted() throws Exception {
    String server = h.boot(demo, "snapped", "1");
    h.waitFor(server, "ACTIVE", demo);
    var snap = h.call("POST", "/v2.1/servers/" + server + "/action",
        "{\"createImage\": {\"name\": \"snap\", \"metadata\": {\"a\": \"1\"}}}", demo);
    assertThat(snap.status()).isEqualTo(202);
    String location = snap.header("Location");
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertThat(h.call("GET", "/v2.1/images?server=" + server, null, demo).body()
        .path("images").findValuesAsText("id")).containsExactly(id);
    String path = "/v2.1/images/" + id + "/metadata";
    var set = h.call("POST", path, "{\"metadata\": {\"b\": \"2\"}}", demo);
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().path("metadata").path("a").asText()).isEqualTo("1");
    assertThat(set.body().path("metadata").path("b").asText()).isEqualTo("2");
    assertThat(h.call("GET", "/v2.1/images/" + id, null, demo).body().path("image")
        .path("server").path("id").asText()).isEqualTo(server);
    var replaced = h.call("PUT", path, "{\"metadata\": {\"c\": \"3\"}}", demo).body();
    assertThat(replaced.path("metadata").has("a")).isFalse();
    assertThat(h.call("PUT", path + "/c", "{\"meta\": {\"d\": \"4\"}}", demo).status())
        .isEqualTo(400);
    assertThat(h.call("PUT", path + "/d", "{\"meta\": {\"d\": \"4\"}}", demo).body()
        .path("meta").path("d").asText()).isEqualTo("4");
    assertThat(h.call("GET", path + "/d", null, demo).body().path("meta").path("d").asText())
        .isEqualTo("4");
    assertThat(h.call("DELETE", path + "/d", null, demo).status()).isEqualTo(204);
    assertThat(h.call("GET", path + "/d", null, demo).status()).isEqualTo(404);
    assertThat(h.call("POST", path, "{\"metadata\": []}", demo).status()).isEqualTo(400);
    assertThat(h.call("DELETE", "/v2.1/images/" + id, null, demo).status()).isEqualTo(204);
    assertThat(h.call("GET", "/v2.1/images/" + id, null, demo).status()).isEqualTo(404);
  }

  @Test
  void osNetworksListsWhatTheCallerSeesIncludingASharedExternalNetwork() throws Exception {
    // Tempest's test_list_all_networks / test_get_network with a shared external "public"
    String publicId = h.networks.addNetwork("public", "admin-project", true, true);
    String otherId = h.networks.addNetwork("someone-elses", "other-project", false, false);
    JsonNode asAdmin = h.call("GET", "/v2.1/os-networks", null, admin).body().path("networks");
    assertThat(asAdmin.findValuesAsText("label")).contains("public", "private", "someone-elses");
    assertThat(h.call("GET", "/v2.1/os-networks/" + publicId, null, admin).body()
        .path("network").path("label").asText()).isEqualTo("public");
    JsonNode asDemo = h.call("GET", "/v2.1/os-networks", null, demo).body().path("networks");
    assertThat(asDemo.findValuesAsText("id")).contains(publicId, h.networkId)
        .doesNotContain(otherId);
    assertThat(h.call("GET", "/v2.1/os-networks/" + otherId, null, demo).status())
        .isEqualTo(404);
  }

  @Test
  void tenantNetworksAreTheUsableOnes() throws Exception {
    JsonNode list = h.call("GET", "/v2.1/os-tenant-networks", null, demo).body();
    assertThat(list.path("networks").findValuesAsText("id")).contains(h.networkId);
    assertThat(h.call("GET", "/v2.1/os-networks/" + h.networkId, null, demo).body()
        .path("network").path("label").asText()).isEqualTo("private");
    assertThat(h.call("GET", "/v2.1/os-networks/nope", null, demo).status()).isEqualTo(404);
    assertThat(h.call("GET", "/v2.1/os-tenant-networks", null, demo, "2.36").status())
        .isEqualTo(404);
  }

  @Test
  void extensionsListTheOfferedFeatures() throws Exception {
    JsonNode list = h.call("GET", "/v2.1/extensions", null, demo).body();
    assertThat(list.path("extensions").findValuesAsText("name")).contains("Hosts");
    assertThat(h.call("GET", "/v2.1/extensions/os-consoles", null, demo).body()
        .path("extension").path("alias").asText()).isEqualTo("os-consoles");
    assertThat(h.call("GET", "/v2.1/extensions/os-nothing", null, demo).status())
        .isEqualTo(404);
  }

  @Test
  void hypervisorsShowTheirServersAndUptimeAndUsageCountsThem() throws Exception {
    String id = h.boot(demo, "reported", "1");
    h.waitFor(id, "ACTIVE", demo);
    JsonNode hv = h.call("GET", "/v2.1/os-hypervisors?with_servers=true", null, admin, "2.53")
        .body().path("hypervisors");
    assertThat(hv.findValuesAsText("uuid")).contains(id);
    String hvId = hv.get(0).path("id").asText();
    JsonNode up = h.call("GET", "/v2.1/os-hypervisors/" + hvId, null, admin, "2.88").body();
    assertThat(up.path("hypervisor").path("uptime").isNull()).isFalse();
    JsonNode usage = h.call("GET", "/v2.1/os-simple-tenant-usage?detailed=1"
            + "&start=2000-01-01T00:00:00&end=2100-01-01T00:00:00", null, admin)
        .body();
    assertThat(usage.findValuesAsText("instance_id")).contains(id);
  }
}
