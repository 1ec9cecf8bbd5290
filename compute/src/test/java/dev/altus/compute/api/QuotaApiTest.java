package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.service.ProjectUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quota sets, quota classes and limits through real HTTP, with a test double counting servers. */
class QuotaApiTest {
  static AdminApiHarness api;
  static String admin;
  static String demo;
  static String alt;
  static String demoProject;
  static String demoUser;
  /** What the servers part would count: project (or project/user) to usage. */
  static final Map<String, ProjectUsage.Usage> USAGE = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    api = new AdminApiHarness();
    api.compute.countServersWith((project, user) -> USAGE.getOrDefault(
        user == null ? project : project + "/" + user, new ProjectUsage.Usage(0, 0, 0)));
    admin = api.adminToken();
    demo = api.demoToken();
    alt = api.altToken();
    demoProject = api.projectId("demo");
    demoUser = api.identity.userStore.findByName("default", "demo").orElseThrow().id();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void defaultsAreNovasAndShapedByMicroversion() throws Exception {
    var d = api.call("GET", "/v2.1/os-quota-sets/" + api.altProjectId + "/defaults", null, alt);
    assertThat(d.status()).isEqualTo(200);
    JsonNode set = d.body().get("quota_set");
    assertThat(set.get("id").asText()).isEqualTo(api.altProjectId);
    assertThat(set.get("instances").asInt()).isEqualTo(10);
    assertThat(set.get("cores").asInt()).isEqualTo(20);
    assertThat(set.get("ram").asInt()).isEqualTo(51200);
    assertThat(set.get("key_pairs").asInt()).isEqualTo(100);
    assertThat(set.get("server_groups").asInt()).isEqualTo(10);
    assertThat(set.get("server_group_members").asInt()).isEqualTo(10);
    assertThat(set.get("metadata_items").asInt()).isEqualTo(128);
    assertThat(set.get("floating_ips").asInt()).isEqualTo(-1);
    assertThat(set.get("injected_files").asInt()).isEqualTo(5);
    assertThat(set.size()).isEqualTo(15);
    var v236 = api.call("GET", "/v2.1/os-quota-sets/" + api.altProjectId, null, alt, "2.36");
    assertThat(v236.body().get("quota_set").has("floating_ips")).isFalse();
    assertThat(v236.body().get("quota_set").has("injected_files")).isTrue();
    var v257 = api.call("GET", "/v2.1/os-quota-sets/" + api.altProjectId, null, alt, "2.57");
    assertThat(v257.body().get("quota_set").has("injected_files")).isFalse();
    assertThat(v257.body().get("quota_set").size()).isEqualTo(8);
    assertThat(api.call("GET", "/v2.1/os-quota-sets/" + api.altProjectId + "?x=1", null, alt,
        "2.75").status()).isEqualTo(400);
  }

  @Test
  void projectsSeeOnlyTheirOwnQuotasAndAdminsChangeThem() throws Exception {
    assertThat(api.call("GET", "/v2.1/os-quota-sets/" + demoProject, null, alt).status())
        .isEqualTo(403);
    assertThat(api.call("GET", "/v2.1/os-quota-sets/" + demoProject + "/detail", null, alt)
        .status()).isEqualTo(403);
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + api.altProjectId,
        "{\"quota_set\": {\"ram\": 1}}", alt).status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/v2.1/os-quota-sets/" + api.altProjectId, null, alt)
        .status()).isEqualTo(403);
    assertThat(api.call("GET", "/v2.1/os-quota-sets/no-such-project", null, admin).status())
        .isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/no-such-project",
        "{\"quota_set\": {\"ram\": 1}}", admin).status()).isEqualTo(400);

    var upd = api.call("PUT", "/v2.1/os-quota-sets/" + api.altProjectId,
        "{\"quota_set\": {\"ram\": \"5120\", \"instances\": 3, \"cores\": -1}}", admin);
    assertThat(upd.status()).as(upd.raw()).isEqualTo(200);
    assertThat(upd.body().get("quota_set").has("id")).isFalse();
    assertThat(upd.body().at("/quota_set/ram").asInt()).isEqualTo(5120);
    var mine = api.call("GET", "/v2.1/os-quota-sets/" + api.altProjectId, null, alt);
    assertThat(mine.body().at("/quota_set/instances").asInt()).isEqualTo(3);
    assertThat(mine.body().at("/quota_set/cores").asInt()).isEqualTo(-1);
    assertThat(api.compute.quotas.limits(api.altProjectId, null)).containsEntry("ram", 5120);

    for (String bad : List.of("{\"quota_set\": {\"ram\": -2}}",
        "{\"quota_set\": {\"ram\": \"lots\"}}", "{\"quota_set\": {\"ram\": 1.5}}",
        "{\"quota_set\": {\"ram\": null}}", "{\"quota_set\": {\"colour\": 1}}",
        "{\"quota_set\": {\"ram\": 4294967296}}", "{\"quota\": {}}")) {
      assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + api.altProjectId, bad, admin)
          .status()).as(bad).isEqualTo(400);
    }
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + api.altProjectId,
        "{\"quota_set\": {\"floating_ips\": 3}}", admin, "2.36").status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + api.altProjectId,
        "{\"quota_set\": {\"injected_files\": 3}}", admin, "2.57").status()).isEqualTo(400);

    assertThat(api.call("DELETE", "/v2.1/os-quota-sets/" + api.altProjectId, null, admin)
        .status()).isEqualTo(202);
    var reset = api.call("GET", "/v2.1/os-quota-sets/" + api.altProjectId, null, alt);
    assertThat(reset.body().at("/quota_set/ram").asInt()).isEqualTo(51200);
    assertThat(reset.body().at("/quota_set/instances").asInt()).isEqualTo(10);
  }

  @Test
  void limitsCannotGoBelowUsageUnlessForcedAndUsersFitInTheirProject() throws Exception {
    USAGE.put(demoProject, new ProjectUsage.Usage(4, 6, 2048));
    USAGE.put(demoProject + "/" + demoUser, new ProjectUsage.Usage(3, 5, 1536));
    var detail = api.call("GET", "/v2.1/os-quota-sets/" + demoProject + "/detail", null, demo);
    assertThat(detail.status()).isEqualTo(200);
    assertThat(detail.body().at("/quota_set/instances/in_use").asInt()).isEqualTo(4);
    assertThat(detail.body().at("/quota_set/cores/in_use").asInt()).isEqualTo(6);
    assertThat(detail.body().at("/quota_set/ram/limit").asInt()).isEqualTo(51200);
    assertThat(detail.body().at("/quota_set/ram/reserved").asInt()).isZero();
    var userDetail = api.call("GET", "/v2.1/os-quota-sets/" + demoProject + "/detail?user_id="
        + demoUser, null, demo);
    assertThat(userDetail.body().at("/quota_set/instances/in_use").asInt()).isEqualTo(3);

    var tooLow = api.call("PUT", "/v2.1/os-quota-sets/" + demoProject,
        "{\"quota_set\": {\"instances\": 2}}", admin);
    assertThat(tooLow.status()).isEqualTo(400);
    assertThat(tooLow.body().at("/badRequest/message").asText()).contains("already used");
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + demoProject,
        "{\"quota_set\": {\"instances\": 2, \"force\": \"True\"}}", admin).status())
        .isEqualTo(200);
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + demoProject,
        "{\"quota_set\": {\"instances\": 8, \"ram\": 5120}}", admin).status()).isEqualTo(200);

    // a user's limit: at least what the user uses, at most what the project leaves for users
    var user = api.call("PUT", "/v2.1/os-quota-sets/" + demoProject + "?user_id=" + demoUser,
        "{\"quota_set\": {\"ram\": \"2048\"}}", admin);
    assertThat(user.status()).as(user.raw()).isEqualTo(200);
    assertThat(user.body().at("/quota_set/ram").asInt()).isEqualTo(2048);
    var shown = api.call("GET", "/v2.1/os-quota-sets/" + demoProject + "?user_id=" + demoUser,
        null, demo);
    assertThat(shown.body().at("/quota_set/ram").asInt()).isEqualTo(2048);
    assertThat(shown.body().at("/quota_set/instances").asInt()).isEqualTo(8);
    assertThat(api.compute.quotas.limits(demoProject, demoUser)).containsEntry("ram", 2048);
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + demoProject + "?user_id=" + demoUser,
        "{\"quota_set\": {\"ram\": 6000}}", admin).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + demoProject + "?user_id=" + demoUser,
        "{\"quota_set\": {\"ram\": 1024}}", admin).status()).isEqualTo(400);
    // the project cannot drop below what its users were given
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + demoProject,
        "{\"quota_set\": {\"ram\": 2047}}", admin).status()).isEqualTo(400);

    assertThat(api.call("DELETE", "/v2.1/os-quota-sets/" + demoProject + "?user_id=" + demoUser,
        null, admin).status()).isEqualTo(202);
    assertThat(api.call("GET", "/v2.1/os-quota-sets/" + demoProject + "?user_id=" + demoUser,
        null, demo).body().at("/quota_set/ram").asInt()).isEqualTo(5120);
    api.call("DELETE", "/v2.1/os-quota-sets/" + demoProject, null, admin);
    USAGE.clear();
  }

  @Test
  void theDefaultClassSetsEveryProjectsDefaults() throws Exception {
    assertThat(api.call("GET", "/v2.1/os-quota-class-sets/default", null, demo).status())
        .isEqualTo(403);
    var show = api.call("GET", "/v2.1/os-quota-class-sets/default", null, admin);
    assertThat(show.body().at("/quota_class_set/id").asText()).isEqualTo("default");
    assertThat(show.body().get("quota_class_set").has("server_groups")).isFalse();
    assertThat(api.call("GET", "/v2.1/os-quota-class-sets/default", null, admin, "2.50").body()
        .get("quota_class_set").has("server_groups")).isTrue();
    var upd = api.call("PUT", "/v2.1/os-quota-class-sets/default",
        "{\"quota_class_set\": {\"instances\": 15, \"key_pairs\": 7}}", admin, "2.57");
    assertThat(upd.status()).as(upd.raw()).isEqualTo(200);
    assertThat(upd.body().at("/quota_class_set/instances").asInt()).isEqualTo(15);
    assertThat(upd.body().get("quota_class_set").has("id")).isFalse();
    assertThat(upd.body().get("quota_class_set").has("injected_files")).isFalse();
    var d = api.call("GET", "/v2.1/os-quota-sets/" + api.altProjectId + "/defaults", null, alt);
    assertThat(d.body().at("/quota_set/instances").asInt()).isEqualTo(15);
    assertThat(api.call("GET", "/v2.1/limits", null, alt).body()
        .at("/limits/absolute/maxTotalKeypairs").asInt()).isEqualTo(7);
    assertThat(api.call("PUT", "/v2.1/os-quota-class-sets/default",
        "{\"quota_class_set\": {\"floating_ips\": 1}}", admin, "2.50").status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-quota-class-sets/default",
        "{\"quota_class_set\": {\"instances\": 15}}", demo).status()).isEqualTo(403);
    api.call("PUT", "/v2.1/os-quota-class-sets/default",
        "{\"quota_class_set\": {\"instances\": 10, \"key_pairs\": 100}}", admin);
  }

  @Test
  void limitsShowQuotasAndUsage() throws Exception {
    USAGE.put(api.altProjectId, new ProjectUsage.Usage(2, 3, 1024));
    var r = api.call("GET", "/v2.1/limits", null, alt);
    assertThat(r.status()).isEqualTo(200);
    JsonNode abs = r.body().at("/limits/absolute");
    assertThat(r.body().at("/limits/rate").isArray()).isTrue();
    assertThat(abs.get("maxTotalInstances").asInt()).isEqualTo(10);
    assertThat(abs.get("maxTotalCores").asInt()).isEqualTo(20);
    assertThat(abs.get("maxTotalRAMSize").asInt()).isEqualTo(51200);
    assertThat(abs.get("maxServerMeta").asInt()).isEqualTo(128);
    assertThat(abs.get("maxImageMeta").asInt()).isEqualTo(128);
    assertThat(abs.get("maxPersonality").asInt()).isEqualTo(5);
    assertThat(abs.get("totalInstancesUsed").asInt()).isEqualTo(2);
    assertThat(abs.get("totalCoresUsed").asInt()).isEqualTo(3);
    assertThat(abs.get("totalRAMUsed").asInt()).isEqualTo(1024);
    assertThat(abs.get("totalFloatingIpsUsed").asInt()).isZero();
    var v257 = api.call("GET", "/v2.1/limits", null, alt, "2.57").body().at("/limits/absolute");
    assertThat(v257.has("maxPersonality")).isFalse();
    assertThat(v257.has("maxImageMeta")).isFalse();
    assertThat(v257.has("maxSecurityGroups")).isFalse();
    assertThat(v257.has("maxServerGroups")).isTrue();

    assertThat(api.call("GET", "/v2.1/limits?tenant_id=" + demoProject, null, alt).status())
        .isEqualTo(403);
    var other = api.call("GET", "/v2.1/limits?tenant_id=" + api.altProjectId, null, admin);
    assertThat(other.body().at("/limits/absolute/totalInstancesUsed").asInt()).isEqualTo(2);
    assertThat(api.call("GET", "/v2.1/limits?colour=red", null, alt, "2.75").status())
        .isEqualTo(400);
    USAGE.clear();
  }

  @Test
  void otherPartsCountTheirOwnResources() throws Exception {
    api.compute.quotas.countWith("key_pairs", (project, user) -> user == null ? 7 : 3);
    var detail = api.call("GET", "/v2.1/os-quota-sets/" + api.altProjectId + "/detail", null, alt);
    assertThat(detail.body().at("/quota_set/key_pairs/in_use").asInt()).isEqualTo(7);
    assertThat(detail.body().at("/quota_set/server_groups/in_use").asInt()).isZero();
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + api.altProjectId,
        "{\"quota_set\": {\"key_pairs\": 6}}", admin).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-quota-sets/" + api.altProjectId,
        "{\"quota_set\": {\"key_pairs\": 7}}", admin).status()).isEqualTo(200);
    api.call("DELETE", "/v2.1/os-quota-sets/" + api.altProjectId, null, admin);
    api.compute.quotas.countWith("key_pairs", (project, user) -> 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> api.compute.quotas.countWith("ram", (p, u) -> 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
