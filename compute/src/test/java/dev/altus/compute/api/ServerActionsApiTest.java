package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.support.TestDriver;
import dev.altus.compute.virt.PowerState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server actions through the API: each a guarded transition and agent work. */
class ServerActionsApiTest {
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

  private ComputeApiHarness.Response act(String id, String body) throws Exception {
    return h.call("POST", "/v2.1/servers/" + id + "/action", body, demo);
  }

  private ComputeApiHarness.Response act(String id, String body, String version)
      throws Exception {
    return h.call("POST", "/v2.1/servers/" + id + "/action", body, demo, version);
  }

  private TestDriver driverOf(String id) throws Exception {
    String host = h.call("GET", "/v2.1/servers/" + id, null, admin).body().path("server")
        .path("OS-EXT-SRV-ATTR:host").asText();
    return h.drivers.byHost.get(host);
  }

  private String active(String name) throws Exception {
    String id = h.boot(demo, name, "1");
    h.waitFor(id, "ACTIVE", demo);
    return id;
  }

  @Test
  void stopStartRebootPauseSuspendFollowTheDriver() throws Exception {
    String id = active("power");
    TestDriver d = driverOf(id);
    assertThat(act(id, "{\"os-stop\": null}").status()).isEqualTo(202);
    JsonNode s = h.waitFor(id, "SHUTOFF", demo);
    assertThat(s.path("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
    assertThat(d.guests.get(id).state).isEqualTo(PowerState.SHUTDOWN);
    ComputeApiHarness.Response again = act(id, "{\"os-stop\": null}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.raw()).contains("Cannot 'stop' instance " + id
        + " while it is in vm_state stopped");
    assertThat(act(id, "{\"pause\": null}").status()).isEqualTo(409);
    assertThat(act(id, "{\"os-start\": null}").status()).isEqualTo(202);
    h.waitFor(id, "ACTIVE", demo);
    assertThat(act(id, "{\"reboot\": {\"type\": \"HARD\"}}").status()).isEqualTo(202);
    h.waitFor(id, "ACTIVE", demo);
    assertThat(act(id, "{\"reboot\": {\"type\": \"SIDEWAYS\"}}").status()).isEqualTo(400);
    assertThat(act(id, "{\"pause\": null}").status()).isEqualTo(202);
    assertThat(h.waitFor(id, "PAUSED", demo).path("OS-EXT-STS:power_state").asInt())
        .isEqualTo(3);
    assertThat(act(id, "{\"pause\": null}").status()).isEqualTo(409);
    assertThat(act(id, "{\"unpause\": null}").status()).isEqualTo(202);
    h.waitFor(id, "ACTIVE", demo);
    assertThat(act(id, "{\"resume\": null}").status()).isEqualTo(409);
    assertThat(act(id, "{\"suspend\": null}").status()).isEqualTo(202);
    assertThat(h.waitFor(id, "SUSPENDED", demo).path("OS-EXT-STS:power_state").asInt())
        .isEqualTo(7);
    assertThat(act(id, "{\"resume\": null}").status()).isEqualTo(202);
    h.waitFor(id, "ACTIVE", demo);
    assertThat(act(id, "{\"fly\": null}").status()).isEqualTo(400);
  }

  @Test
  void lockedServerRefusesTheOwnerButNotAnAdmin() throws Exception {
    String id = active("locked");
    assertThat(act(id, "{\"lock\": {\"locked_reason\": \"audit\"}}", "2.73").status())
        .isEqualTo(202);
    JsonNode s = h.call("GET", "/v2.1/servers/" + id, null, demo, "2.73").body()
        .path("server");
    assertThat(s.path("locked").asBoolean()).isTrue();
    assertThat(s.path("locked_reason").asText()).isEqualTo("audit");
    ComputeApiHarness.Response refused = act(id, "{\"os-stop\": null}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.raw()).contains("is locked");
    assertThat(h.call("DELETE", "/v2.1/servers/" + id, null, demo).status()).isEqualTo(409);
    assertThat(act(id, "{\"unlock\": null}").status()).isEqualTo(202);
    assertThat(act(id, "{\"os-stop\": null}").status()).isEqualTo(202);
    h.waitFor(id, "SHUTOFF", demo);
  }

  @Test
  void rescueAndUnrescue() throws Exception {
    String id = active("rescue-me");
    ComputeApiHarness.Response r = act(id, "{\"rescue\": {}}");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.body().path("adminPass").asText()).isNotEmpty();
    h.waitFor(id, "RESCUE", demo);
    assertThat(driverOf(id).guests.get(id).rescued).isTrue();
    assertThat(act(id, "{\"pause\": null}").status()).isEqualTo(409);
    assertThat(act(id, "{\"unrescue\": null}").status()).isEqualTo(202);
    h.waitFor(id, "ACTIVE", demo);
    assertThat(driverOf(id).guests.get(id).rescued).isFalse();
  }

  @Test
  void resizeHoldsBothClaimsUntilConfirmOrRevert() throws Exception {
    String id = active("grow");
    String host = driverOf(id).host;
    int before = h.compute.servers.hosts.host(host).orElseThrow().memoryMbUsed();
    assertThat(act(id, "{\"resize\": {\"flavorRef\": \"1\"}}").status()).as("same flavor")
        .isEqualTo(400);
    assertThat(act(id, "{\"resize\": {\"flavorRef\": \"404\"}}").status()).isEqualTo(400);
    assertThat(act(id, "{\"resize\": {\"flavorRef\": null}}").status()).isEqualTo(400);
    assertThat(act(id, "{\"resize\": {\"flavorRef\": \"2\"}}").status()).isEqualTo(202);
    JsonNode s = h.waitFor(id, "VERIFY_RESIZE", demo);
    assertThat(s.path("flavor").path("id").asText()).isEqualTo("2");
    assertThat(h.compute.servers.hosts.host(host).orElseThrow().memoryMbUsed())
        .isEqualTo(before + 2048);
    assertThat(driverOf(id).guests.get(id).spec.memoryMb()).isEqualTo(2048);
    assertThat(act(id, "{\"revertResize\": null}").status()).isEqualTo(202);
    s = h.waitFor(id, "ACTIVE", demo);
    assertThat(s.path("flavor").path("id").asText()).isEqualTo("1");
    assertThat(h.compute.servers.hosts.host(host).orElseThrow().memoryMbUsed())
        .isEqualTo(before);
    assertThat(act(id, "{\"confirmResize\": null}").status()).isEqualTo(409);

    assertThat(act(id, "{\"resize\": {\"flavorRef\": \"2\"}}").status()).isEqualTo(202);
    h.waitFor(id, "VERIFY_RESIZE", demo);
    assertThat(act(id, "{\"confirmResize\": null}").status()).isEqualTo(204);
    s = h.waitFor(id, "ACTIVE", demo);
    assertThat(s.path("flavor").path("id").asText()).isEqualTo("2");
    assertThat(h.compute.servers.hosts.host(host).orElseThrow().memoryMbUsed())
        .isEqualTo(before - 512 + 2048);
    JsonNode migrations = h.call("GET", "/v2.1/os-migrations?instance_uuid=" + id, null, admin,
        "2.59").body().path("migrations");
    assertThat(migrations.findValuesAsText("status")).containsExactly("confirmed", "reverted");
    assertThat(migrations.get(0).path("migration_type").asText()).isEqualTo("resize");
    assertThat(migrations.get(0).path("source_compute").asText()).isEqualTo(host);
    assertThat(h.call("GET", "/v2.1/os-migrations", null, demo).status()).isEqualTo(403);
  }

  /** An m1.tiny server resized to m1.small, waiting for confirm or revert. */
  private String resizedToSmall(String name) throws Exception {
    String id = active(name);
    assertThat(act(id, "{\"resize\": {\"flavorRef\": \"2\"}}").status()).isEqualTo(202);
    h.waitFor(id, "VERIFY_RESIZE", demo);
    return id;
  }

  @Test
  void revertGoesBackToTheOriginalDiskKeptSinceTheResize() throws Exception {
    // m1.tiny (1 GB) to m1.small (20 GB): a grown disk cannot shrink, the original comes back
    String id = resizedToSmall("tiny-to-small");
    TestDriver.Guest g = driverOf(id).guests.get(id);
    assertThat(g.spec.rootGb()).isEqualTo(20);
    assertThat(g.beforeResize.rootGb()).as("the original disk is kept").isEqualTo(1);
    assertThat(act(id, "{\"revertResize\": null}").status()).isEqualTo(202);
    JsonNode s = h.waitFor(id, "ACTIVE", demo);
    assertThat(s.path("flavor").path("id").asText()).isEqualTo("1");
    assertThat(g.spec.rootGb()).isEqualTo(1);
    assertThat(g.spec.memoryMb()).isEqualTo(512);
    assertThat(g.beforeResize).isNull();
    assertThat(s.has("fault")).isFalse();
  }

  @Test
  void confirmDropsTheKeptOriginalDisk() throws Exception {
    String id = resizedToSmall("confirm-drops");
    assertThat(act(id, "{\"confirmResize\": null}").status()).isEqualTo(204);
    h.waitFor(id, "ACTIVE", demo);
    assertThat(driverOf(id).guests.get(id).beforeResize).isNull();
  }

  @Test
  void aRevertThatFailsEndsInErrorWithAFaultThatSaysSo() throws Exception {
    String id = resizedToSmall("revert-fails");
    driverOf(id).failReverts.set(1);
    assertThat(act(id, "{\"revertResize\": null}").status()).isEqualTo(202);
    JsonNode s = h.waitFor(id, "ERROR", demo);
    assertThat(s.path("fault").path("message").asText())
        .startsWith("Revert resize failed: injected revert failure");
    assertThat(s.path("OS-EXT-STS:task_state").isNull()).isTrue();
    JsonNode migrations = h.call("GET", "/v2.1/os-migrations?instance_uuid=" + id, null, admin,
        "2.59").body().path("migrations");
    assertThat(migrations.findValuesAsText("status")).containsExactly("error");
    assertThat(h.call("DELETE", "/v2.1/servers/" + id, null, demo).status()).isEqualTo(204);
  }

  @Test
  void resizeThatDoesNotFitLeavesTheServerActiveWithAnExplainingFault() throws Exception {
    String id = active("too-big");
    assertThat(act(id, "{\"resize\": {\"flavorRef\": \"5\"}}").status()).isEqualTo(202);
    long end = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < end) {
      var server = h.compute.servers.servers.find(id).orElseThrow();
      if (server.taskState() == null && server.fault() != null) {
        assertThat(server.vmState()).isEqualTo("active");
        assertThat(server.fault().message()).contains("RAM").contains("16384 MB requested");
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("resize did not end");
  }

  @Test
  void rebuildReplacesTheImageAndKeepsAStoppedServerStopped() throws Exception {
    String id = active("rebuild");
    String other = h.images.add("other", 0, 0, 2048, java.util.Map.of());
    ComputeApiHarness.Response r = act(id, "{\"rebuild\": {\"imageRef\": \"" + other
        + "\", \"name\": \"rebuilt\", \"metadata\": {\"k\": \"v\"}}}");
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    assertThat(r.body().path("server").path("adminPass").asText()).isNotEmpty();
    JsonNode s = h.waitFor(id, "ACTIVE", demo);
    assertThat(s.path("image").path("id").asText()).isEqualTo(other);
    assertThat(s.path("name").asText()).isEqualTo("rebuilt");
    assertThat(s.path("metadata").path("k").asText()).isEqualTo("v");
    act(id, "{\"os-stop\": null}");
    h.waitFor(id, "SHUTOFF", demo);
    assertThat(act(id, "{\"rebuild\": {\"imageRef\": \"" + h.imageId + "\"}}").status())
        .isEqualTo(202);
    h.waitFor(id, "SHUTOFF", demo);
    assertThat(act(id, "{\"rebuild\": {\"imageRef\": \"nope\"}}").status()).isEqualTo(400);
  }

  @Test
  void createImageUploadsASnapshot() throws Exception {
    String id = active("snap");
    ComputeApiHarness.Response r = act(id, "{\"createImage\": {\"name\": \"snap-1\","
        + " \"metadata\": {\"purpose\": \"test\"}}}");
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    String location = r.header("Location");
    assertThat(location).contains("/images/");
    String imageId = location.substring(location.lastIndexOf('/') + 1);
    h.waitFor(id, "ACTIVE", demo);
    var image = h.images.get(imageId).orElseThrow();
    assertThat(image.status()).isEqualTo("active");
    assertThat(image.properties()).containsEntry("instance_uuid", id)
        .containsEntry("image_type", "snapshot").containsEntry("purpose", "test");
    ComputeApiHarness.Response v245 = act(id, "{\"createImage\": {\"name\": \"snap-2\"}}",
        "2.45");
    assertThat(v245.body().path("image_id").asText()).isNotEmpty();
    h.waitFor(id, "ACTIVE", demo);
    assertThat(act(id, "{\"createImage\": {}}").status()).isEqualTo(400);
  }

  @Test
  void createBackupRotatesOldBackups() throws Exception {
    String id = active("backup");
    java.util.List<String> made = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ComputeApiHarness.Response r = act(id, "{\"createBackup\": {\"name\": \"b" + i
          + "\", \"backup_type\": \"daily\", \"rotation\": 2}}", "2.45");
      assertThat(r.status()).as(r.raw()).isEqualTo(202);
      made.add(r.body().path("image_id").asText());
      h.waitFor(id, "ACTIVE", demo);
    }
    assertThat(h.images.get(made.get(0))).as("rotated away").isEmpty();
    assertThat(h.images.get(made.get(1)).orElseThrow().properties())
        .containsEntry("image_type", "backup").containsEntry("backup_type", "daily");
    assertThat(h.images.get(made.get(2)).orElseThrow().status()).isEqualTo("active");
    assertThat(act(id, "{\"createBackup\": {\"name\": \"x\", \"rotation\": 1}}")
        .status()).isEqualTo(400);
    assertThat(act(id, "{\"createBackup\": {\"name\": \"x\", \"backup_type\": \"d\","
        + " \"rotation\": -1}}").status()).isEqualTo(400);
  }

  @Test
  void shelveOffloadsAndUnshelvePlacesAgain() throws Exception {
    String id = active("shelf");
    TestDriver before = driverOf(id);
    String host = before.host;
    int used = h.compute.servers.hosts.host(host).orElseThrow().memoryMbUsed();
    assertThat(act(id, "{\"unshelve\": null}").status()).isEqualTo(409);
    assertThat(act(id, "{\"shelve\": null}").status()).isEqualTo(202);
    JsonNode s = h.waitFor(id, "SHELVED_OFFLOADED", demo);
    assertThat(s.path("OS-EXT-STS:power_state").asInt()).isEqualTo(4);
    assertThat(before.guests).doesNotContainKey(id);
    assertThat(h.compute.servers.hosts.host(host).orElseThrow().memoryMbUsed())
        .isEqualTo(used - 512);
    String image = h.compute.servers.servers.shelvedImage(id);
    assertThat(h.images.get(image).orElseThrow().name()).isEqualTo("shelf-shelved");
    var port = h.networks.ports.values().stream().filter(p -> id.equals(p.deviceId))
        .findFirst().orElseThrow();
    assertThat(port.hostId).isEmpty();
    assertThat(act(id, "{\"shelve\": null}").status()).isEqualTo(409);
    assertThat(act(id, "{\"unshelve\": null}").status()).isEqualTo(202);
    h.waitFor(id, "ACTIVE", demo);
    TestDriver after = driverOf(id);
    assertThat(after.guests).containsKey(id);
    assertThat(h.networks.ports.get(port.id).hostId).isEqualTo(after.host);
    assertThat(h.images.get(image)).as("the shelved image is gone").isEmpty();
    // the guest's disk does not depend on the deleted snapshot: the host fetched it into its cache
    try (var in = after.guests.get(id).spec.image().open()) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("disk of " + id);
    }
    assertThat(act(id, "{\"shelve\": null}").status()).isEqualTo(202);
    h.waitFor(id, "SHELVED_OFFLOADED", demo);
  }

  @Test
  void unshelveToAGivenHost() throws Exception {
    String id = active("move-me");
    String other = driverOf(id).host.equals("compute1") ? "compute2" : "compute1";
    act(id, "{\"shelve\": null}");
    h.waitFor(id, "SHELVED_OFFLOADED", demo);
    assertThat(act(id, "{\"unshelve\": {\"host\": \"" + other + "\"}}", "2.91").status())
        .as("admins only").isEqualTo(403);
    assertThat(h.call("POST", "/v2.1/servers/" + id + "/action", "{\"unshelve\": {\"host\":"
        + " \"nowhere\"}}", admin, "2.91").status()).isEqualTo(400);
    assertThat(h.call("POST", "/v2.1/servers/" + id + "/action", "{\"unshelve\": {\"host\": \""
        + other + "\"}}", admin, "2.91").status()).isEqualTo(202);
    h.waitFor(id, "ACTIVE", demo);
    assertThat(driverOf(id).host).isEqualTo(other);
  }

  @Test
  void diagnosticsForAdminsOnly() throws Exception {
    String id = active("diag");
    assertThat(h.call("GET", "/v2.1/servers/" + id + "/diagnostics", null, demo).status())
        .isEqualTo(403);
    JsonNode old = h.call("GET", "/v2.1/servers/" + id + "/diagnostics", null, admin).body();
    assertThat(old.has("cpu0_time")).isTrue();
    JsonNode d = h.call("GET", "/v2.1/servers/" + id + "/diagnostics", null, admin, "2.48")
        .body();
    assertThat(d.path("state").asText()).isEqualTo("running");
    assertThat(d.path("num_cpus").asInt()).isEqualTo(1);
    assertThat(d.path("memory_details").path("maximum").asInt()).isEqualTo(512);
    assertThat(d.path("nic_details")).hasSize(1);
  }

  @Test
  void diskConfigIsKeptAndChangedByUpdateRebuildAndResize() throws Exception {
    ComputeApiHarness.Response r = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "dc", "imageRef": "%s", "flavorRef": "1",
         "networks": [{"uuid": "%s"}], "OS-DCF:diskConfig": "AUTO"}}"""
        .formatted(h.imageId, h.networkId), demo);
    assertThat(r.body().path("server").path("OS-DCF:diskConfig").asText()).isEqualTo("AUTO");
    String id = r.body().path("server").path("id").asText();
    assertThat(h.waitFor(id, "ACTIVE", demo).path("OS-DCF:diskConfig").asText())
        .isEqualTo("AUTO");
    assertThat(h.call("PUT", "/v2.1/servers/" + id,
        "{\"server\": {\"OS-DCF:diskConfig\": \"MANUAL\"}}", demo).body().path("server")
        .path("OS-DCF:diskConfig").asText()).isEqualTo("MANUAL");
    assertThat(act(id, "{\"rebuild\": {\"imageRef\": \"" + h.imageId
        + "\", \"OS-DCF:diskConfig\": \"AUTO\"}}").body().path("server")
        .path("OS-DCF:diskConfig").asText()).isEqualTo("AUTO");
    h.waitFor(id, "ACTIVE", demo);
    assertThat(act(id, "{\"resize\": {\"flavorRef\": \"2\", \"OS-DCF:diskConfig\":"
        + " \"MANUAL\"}}").status()).isEqualTo(202);
    assertThat(h.waitFor(id, "VERIFY_RESIZE", demo).path("OS-DCF:diskConfig").asText())
        .isEqualTo("MANUAL");
    assertThat(h.call("PUT", "/v2.1/servers/" + id,
        "{\"server\": {\"OS-DCF:diskConfig\": \"SOMETIMES\"}}", demo).status())
        .isEqualTo(400);
  }

  @Test
  void externalEventsRefreshTheServersInterfaces() throws Exception {
    String id = active("events");
    String gone = java.util.UUID.randomUUID().toString();
    ComputeApiHarness.Response r = h.call("POST", "/v2.1/os-server-external-events",
        "{\"events\": [{\"name\": \"network-changed\", \"server_uuid\": \"" + id
            + "\"}, {\"name\": \"network-changed\", \"server_uuid\": \"" + gone + "\"}]}",
        admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(207);
    assertThat(r.body().path("events").get(0).path("code").asInt()).isEqualTo(200);
    assertThat(r.body().path("events").get(1).path("code").asInt()).isEqualTo(404);
    assertThat(h.call("POST", "/v2.1/os-server-external-events",
        "{\"events\": [{\"name\": \"network-changed\", \"server_uuid\": \"" + id
            + "\"}]}", demo).status()).isEqualTo(403);
    assertThat(h.call("POST", "/v2.1/os-server-external-events",
        "{\"events\": [{\"name\": \"bogus\", \"server_uuid\": \"" + id + "\"}]}",
        admin).status()).isEqualTo(400);
  }

  @Test
  void serverPasswordIsEmptyUntilAGuestPostsOne() throws Exception {
    String id = active("password");
    String path = "/v2.1/servers/" + id + "/os-server-password";
    assertThat(h.call("GET", path, null, demo).body().path("password").asText()).isEmpty();
    h.compute.servers.servers.password(id, "ZW5jcnlwdGVk");
    assertThat(h.call("GET", path, null, demo).body().path("password").asText())
        .isEqualTo("ZW5jcnlwdGVk");
    assertThat(h.call("DELETE", path, null, demo).status()).isEqualTo(204);
    assertThat(h.call("GET", path, null, demo).body().path("password").asText()).isEmpty();
  }

  @Test
  void consoleOutputAndVncUrl() throws Exception {
    String id = active("console");
    ComputeApiHarness.Response out = act(id, "{\"os-getConsoleOutput\": {\"length\": 2}}");
    assertThat(out.status()).isEqualTo(200);
    assertThat(out.body().path("output").asText()).isEqualTo("line 3\nlogin:");
    assertThat(act(id, "{\"os-getConsoleOutput\": {}}").body().path("output").asText())
        .startsWith("boot ");
    assertThat(act(id, "{\"os-getConsoleOutput\": {\"length\": \"x\"}}").status())
        .isEqualTo(400);
    ComputeApiHarness.Response vnc = act(id, "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}");
    assertThat(vnc.status()).isEqualTo(200);
    String url = vnc.body().path("console").path("url").asText();
    assertThat(url).startsWith("http://127.0.0.1:6080/vnc_lite.html?path=%3Ftoken%3D");
    ComputeApiHarness.Response remote = h.call("POST", "/v2.1/servers/" + id
        + "/remote-consoles", "{\"remote_console\": {\"protocol\": \"vnc\", \"type\":"
        + " \"novnc\"}}", demo, "2.6");
    assertThat(remote.status()).isEqualTo(200);
    assertThat(remote.body().path("remote_console").path("protocol").asText()).isEqualTo("vnc");
    assertThat(h.call("POST", "/v2.1/servers/" + id + "/remote-consoles",
        "{\"remote_console\": {\"protocol\": \"spice\", \"type\": \"spice-html5\"}}", demo,
        "2.6").status()).isEqualTo(400);
  }

  @Test
  void instanceActionsRecordWhatWasDone() throws Exception {
    ComputeApiHarness.Response created = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "audit", "imageRef": "%s", "flavorRef": "1",
         "networks": [{"uuid": "%s"}]}}""".formatted(h.imageId, h.networkId), demo);
    String id = created.body().path("server").path("id").asText();
    String createRequest = created.header("x-compute-request-id");
    h.waitFor(id, "ACTIVE", demo);
    act(id, "{\"reboot\": {\"type\": \"SOFT\"}}");
    h.waitFor(id, "ACTIVE", demo);
    JsonNode list = h.call("GET", "/v2.1/servers/" + id + "/os-instance-actions", null, demo)
        .body().path("instanceActions");
    assertThat(list).hasSize(2);
    assertThat(list.get(0).path("action").asText()).isEqualTo("reboot");
    JsonNode show = h.call("GET", "/v2.1/servers/" + id + "/os-instance-actions/"
        + createRequest, null, demo, "2.51").body().path("instanceAction");
    assertThat(show.path("action").asText()).isEqualTo("create");
    assertThat(show.path("events").findValuesAsText("event"))
        .contains("conductor_schedule_and_build_instances",
            "compute__do_build_and_run_instance");
    assertThat(show.path("events").get(0).path("result").asText()).isEqualTo("Success");
    assertThat(show.path("events").get(0).has("traceback")).as("admin only").isFalse();
    h.call("DELETE", "/v2.1/servers/" + id, null, demo);
    h.waitFor(id, "DELETED", demo);
    assertThat(h.call("GET", "/v2.1/servers/" + id + "/os-instance-actions", null, demo, "2.21")
        .body().path("instanceActions")).hasSize(3);
  }

  @Test
  void metadataAndTags() throws Exception {
    String id = active("meta");
    String base = "/v2.1/servers/" + id + "/metadata";
    assertThat(h.call("POST", base, "{\"metadata\": {\"a\": \"1\", \"b\": \"2\"}}", demo)
        .body().path("metadata").size()).isEqualTo(2);
    assertThat(h.call("PUT", base + "/a", "{\"meta\": {\"a\": \"9\"}}", demo).body()
        .path("meta").path("a").asText()).isEqualTo("9");
    assertThat(h.call("PUT", base + "/a", "{\"meta\": {\"b\": \"9\"}}", demo).status())
        .isEqualTo(400);
    assertThat(h.call("GET", base + "/a", null, demo).body().path("meta").path("a").asText())
        .isEqualTo("9");
    assertThat(h.call("DELETE", base + "/b", null, demo).status()).isEqualTo(204);
    assertThat(h.call("GET", base + "/b", null, demo).status()).isEqualTo(404);
    assertThat(h.call("PUT", base, "{\"metadata\": {\"only\": \"x\"}}", demo).body()
        .path("metadata").size()).isEqualTo(1);
    assertThat(h.call("POST", base, "{\"metadata\": {\"\": \"x\"}}", demo).status())
        .isEqualTo(400);
    assertThat(h.call("GET", "/v2.1/servers/nope/metadata", null, demo).status())
        .isEqualTo(404);

    String tags = "/v2.1/servers/" + id + "/tags";
    assertThat(h.call("PUT", tags + "/blue", null, demo, "2.26").status()).isEqualTo(201);
    assertThat(h.call("PUT", tags + "/blue", null, demo, "2.26").status()).isEqualTo(204);
    assertThat(h.call("GET", tags + "/blue", null, demo, "2.26").status()).isEqualTo(204);
    assertThat(h.call("PUT", tags, "{\"tags\": [\"x\", \"y\"]}", demo, "2.26").body()
        .path("tags").size()).isEqualTo(2);
    assertThat(h.call("GET", tags + "/blue", null, demo, "2.26").status()).isEqualTo(404);
    assertThat(h.call("GET", "/v2.1/servers?tags=x,y", null, demo, "2.26").body()
        .path("servers")).hasSize(1);
    assertThat(h.call("PUT", tags, "{\"tags\": [\"a,b\"]}", demo, "2.26").status())
        .isEqualTo(400);
    assertThat(h.call("DELETE", tags, null, demo, "2.26").status()).isEqualTo(204);
    assertThat(h.call("GET", tags, null, demo, "2.26").body().path("tags")).isEmpty();
    assertThat(h.call("GET", tags, null, demo, "2.25").status()).isEqualTo(404);
  }

  @Test
  void interfacesAttachDetachAndSecurityGroups() throws Exception {
    String id = active("nics");
    String net2 = h.networks.addNetwork("second", null, true, false);
    String base = "/v2.1/servers/" + id + "/os-interface";
    assertThat(h.call("GET", base, null, demo).body().path("interfaceAttachments")).hasSize(1);
    ComputeApiHarness.Response att = h.call("POST", base,
        "{\"interfaceAttachment\": {\"net_id\": \"" + net2 + "\"}}", demo);
    assertThat(att.status()).as(att.raw()).isEqualTo(200);
    String port = att.body().path("interfaceAttachment").path("port_id").asText();
    assertThat(driverOf(id).guests.get(id).vifs).hasSize(2);
    JsonNode s = h.call("GET", "/v2.1/servers/" + id, null, demo).body().path("server");
    assertThat(s.path("addresses").has("second")).isTrue();
    assertThat(h.call("GET", "/v2.1/servers/" + id + "/ips/second", null, demo).body()
        .path("second")).hasSize(1);
    assertThat(h.call("GET", "/v2.1/servers/" + id + "/ips/none", null, demo).status())
        .isEqualTo(404);
    assertThat(h.call("DELETE", base + "/" + port, null, demo).status()).isEqualTo(202);
    long end = System.currentTimeMillis() + 5000;
    while (h.networks.ports.containsKey(port) && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    assertThat(h.networks.ports).doesNotContainKey(port);
    assertThat(h.call("DELETE", base + "/" + port, null, demo).status()).isEqualTo(404);

    String group = h.networks.addGroup(h.identity.tokens.authenticate(demo).orElseThrow()
        .projectId(), "web");
    assertThat(act(id, "{\"addSecurityGroup\": {\"name\": \"web\"}}").status()).isEqualTo(202);
    JsonNode groups = h.call("GET", "/v2.1/servers/" + id + "/os-security-groups", null, demo)
        .body().path("security_groups");
    assertThat(groups.findValuesAsText("name")).contains("default", "web");
    assertThat(act(id, "{\"addSecurityGroup\": {\"name\": \"web\"}}").status()).isEqualTo(400);
    assertThat(act(id, "{\"addSecurityGroup\": {\"name\": \"nope\"}}").status())
        .isEqualTo(404);
    assertThat(act(id, "{\"removeSecurityGroup\": {\"name\": \"web\"}}").status())
        .isEqualTo(202);
    assertThat(h.networks.ports.values().stream().filter(p -> id.equals(p.deviceId))
        .flatMap(p -> p.groups.stream())).doesNotContain(group);
  }
}
