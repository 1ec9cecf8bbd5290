package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.support.TestDriver;
import dev.altus.compute.virt.PowerState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where servers go, what happens when no host fits or a build fails, and reconcile. */
class SchedulingApiTest {
  ComputeApiHarness h;
  String demo;
  String admin;

  @BeforeEach
  void start() throws Exception {
    h = new ComputeApiHarness(List.of("compute1", "compute2", "compute3"), 4, 4096, 100, 3);
    demo = h.demoToken();
    admin = h.adminToken();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private JsonNode waitForError(String id) throws Exception {
    long end = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < end) {
      JsonNode s = h.call("GET", "/v2.1/servers/" + id, null, admin).body().path("server");
      if (s.path("status").asText().equals("ERROR")) {
        return s;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("server " + id + " never went to ERROR");
  }

  @Test
  void noValidHostFaultExplainsEveryHost() throws Exception {
    String id = h.boot(demo, "huge", "4"); // 8192 MB on 4096 MB hosts
    JsonNode s = waitForError(id);
    JsonNode fault = s.path("fault");
    assertThat(fault.path("code").asInt()).isEqualTo(500);
    assertThat(fault.path("message").asText()).startsWith("No valid host was found.")
        .contains("compute1: RAM 4096 MB free < 8192 MB requested (RamFilter)")
        .contains("compute2: RAM 4096 MB free < 8192 MB requested")
        .contains("compute3: RAM 4096 MB free < 8192 MB requested");
    assertThat(fault.path("created").asText()).endsWith("Z");
    JsonNode asOwner = h.call("GET", "/v2.1/servers/" + id, null, demo).body().path("server");
    assertThat(asOwner.path("fault").has("details")).as("500 details are admin-only").isFalse();
    assertThat(asOwner.path("OS-EXT-STS:task_state").isNull()).isTrue();
    assertThat(h.call("DELETE", "/v2.1/servers/" + id, null, demo).status()).isEqualTo(204);
    h.waitFor(id, "DELETED", demo);
  }

  /**
   * The classic install's first failure: "No valid host" when the only compute service is down
   * (its agent stopped) or disabled; the fault names the host and since when.
   */
  @Test
  void theOnlyComputeServiceDownOrDisabledIsNamedInTheFault() throws Exception {
    h.close();
    h = new ComputeApiHarness(List.of("compute1"), 4, 4096, 100, 3);
    demo = h.demoToken();
    admin = h.adminToken();
    h.compute.servers.agents().forEach(dev.altus.compute.agent.ComputeAgent::close);
    long silentSince = System.currentTimeMillis() - 95_000;
    h.db.jdbi().useHandle(x -> x.execute("UPDATE compute_services SET last_seen_up = ?"
        + " WHERE host = 'compute1'", silentSince));
    JsonNode down = waitForError(h.boot(demo, "no-heartbeat", "1"));
    assertThat(down.path("fault").path("message").asText())
        .startsWith("No valid host was found.")
        .contains("compute1: service down since "
            + java.time.Instant.ofEpochMilli(silentSince).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS))
        .contains("no heartbeat for 9").contains("compute.service_down_time is 60 s")
        .contains("(ComputeFilter)");

    h.db.jdbi().useHandle(x -> x.execute("UPDATE compute_services SET last_seen_up = ?"
        + " WHERE host = 'compute1'", System.currentTimeMillis() + 600_000));
    String service = h.call("GET", "/v2.1/os-services?binary=nova-compute", null, admin, "2.53")
        .body().at("/services/0/id").asText();
    var off = h.call("PUT", "/v2.1/os-services/" + service,
        "{\"status\": \"disabled\", \"disabled_reason\": \"disk replaced\"}", admin, "2.53");
    assertThat(off.status()).as(off.raw()).isEqualTo(200);
    JsonNode disabled = waitForError(h.boot(demo, "disabled", "1"));
    assertThat(disabled.path("fault").path("message").asText())
        .isEqualTo("No valid host was found. compute1: service disabled (disk replaced)"
            + " (ComputeFilter)");
  }

  @Test
  void aRetryableBuildFailureIsRescheduledOnAnotherHost() throws Exception {
    // two of three hosts fail their next build: with 3 attempts the third host always wins
    h.drivers.byHost.get("compute1").failSpawns.set(1);
    h.drivers.byHost.get("compute2").failSpawns.set(1);
    String id = h.boot(demo, "retry", "1");
    h.waitFor(id, "ACTIVE", demo);
    var server = h.compute.servers.servers.find(id).orElseThrow();
    List<String> tried = server.requestSpec().triedHosts();
    assertThat(tried).doesNotContain(server.host());
    for (String host : tried) {
      assertThat(h.drivers.byHost.get(host).failSpawns.get()).as(host).isZero();
    }
    assertThat(h.drivers.byHost.get(server.host()).guests).containsKey(id);
    int claimed = h.compute.servers.hosts.hosts().stream()
        .mapToInt(r -> r.memoryMbUsed()).sum();
    assertThat(claimed).as("the failed host's claim was released").isEqualTo(512);
  }

  @Test
  void buildFailingOnEveryAttemptEndsInErrorWithTheLastReason() throws Exception {
    h.drivers.byHost.values().forEach(d -> d.failSpawns.set(5));
    String id = h.boot(demo, "doomed", "1");
    JsonNode s = waitForError(id);
    assertThat(s.path("fault").path("message").asText())
        .contains("Exceeded maximum number of retries").contains("3 attempts")
        .contains("injected spawn failure");
    assertThat(h.compute.servers.hosts.hosts().stream().mapToInt(r -> r.memoryMbUsed()).sum())
        .isZero();
    assertThat(h.networks.ports.values()).noneMatch(p -> id.equals(p.deviceId));
  }

  @Test
  void aNonRetryableFailureGoesStraightToError() throws Exception {
    h.drivers.byHost.values().forEach(d -> {
      d.failSpawns.set(1);
      d.failRetryable = false;
    });
    String id = h.boot(demo, "bad-image", "1");
    JsonNode s = waitForError(id);
    assertThat(s.path("fault").path("message").asText()).contains("injected spawn failure");
    assertThat(h.compute.servers.servers.find(id).orElseThrow().requestSpec().triedHosts())
        .isEmpty();
  }

  @Test
  void availabilityZoneAndForcedHost() throws Exception {
    ComputeApiHarness.Response forced = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "pinned", "imageRef": "%s", "flavorRef": "1",
         "networks": [{"uuid": "%s"}], "availability_zone": "nova:compute3"}}"""
        .formatted(h.imageId, h.networkId), admin);
    assertThat(forced.status()).as(forced.raw()).isEqualTo(202);
    String id = forced.body().path("server").path("id").asText();
    h.waitFor(id, "ACTIVE", admin);
    assertThat(h.call("GET", "/v2.1/servers/" + id, null, admin).body().path("server")
        .path("OS-EXT-SRV-ATTR:host").asText()).isEqualTo("compute3");
    assertThat(h.call("POST", "/v2.1/servers", """
        {"server": {"name": "pinned", "imageRef": "%s", "flavorRef": "1",
         "availability_zone": "nova:compute3"}}""".formatted(h.imageId), demo).status())
        .as("forcing a host is for admins").isEqualTo(403);
    assertThat(h.call("POST", "/v2.1/servers", """
        {"server": {"name": "z", "imageRef": "%s", "flavorRef": "1",
         "availability_zone": "elsewhere"}}""".formatted(h.imageId), demo).status())
        .isEqualTo(400);
    String inZone = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "z", "imageRef": "%s", "flavorRef": "1",
         "networks": [{"uuid": "%s"}], "availability_zone": "nova"}}"""
        .formatted(h.imageId, h.networkId), demo).body().path("server").path("id").asText();
    assertThat(h.waitFor(inZone, "ACTIVE", demo).path("OS-EXT-AZ:availability_zone").asText())
        .isEqualTo("nova");
  }

  @Test
  void multiCreateSharesAReservation() throws Exception {
    ComputeApiHarness.Response r = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "many", "imageRef": "%s", "flavorRef": "1",
         "networks": [{"uuid": "%s"}], "min_count": 2, "max_count": 3,
         "return_reservation_id": true}}""".formatted(h.imageId, h.networkId), demo);
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    String reservation = r.body().path("reservation_id").asText();
    assertThat(reservation).startsWith("r-");
    JsonNode list = h.call("GET", "/v2.1/servers?reservation_id=" + reservation, null, demo)
        .body().path("servers");
    assertThat(list).hasSize(3);
    assertThat(list.findValuesAsText("name")).containsExactlyInAnyOrder("many-1", "many-2",
        "many-3");
  }

  @Test
  void aGuestThatStopsOnItsOwnIsReportedAtOnceWithAnAction() throws Exception {
    String off = h.boot(demo, "off-by-itself", "1");
    String crash = h.boot(demo, "crashes", "1");
    h.waitFor(off, "ACTIVE", demo);
    h.waitFor(crash, "ACTIVE", demo);
    long t0 = System.nanoTime();
    driverOf(off).changeOnItsOwn(off, PowerState.SHUTDOWN, "the guest powered itself off");
    driverOf(crash).changeOnItsOwn(crash, PowerState.CRASHED, "the guest's kernel panicked");
    h.waitFor(off, "SHUTOFF", demo); // no periodic sync runs in between: the listener did it
    JsonNode c = waitForError(crash);
    assertThat(System.nanoTime() - t0).as("seen within seconds").isLessThan(10_000_000_000L);
    assertThat(c.path("fault").path("message").asText()).contains("crashed")
        .contains("the guest's kernel panicked");
    for (String id : List.of(off, crash)) {
      JsonNode actions = h.call("GET", "/v2.1/servers/" + id + "/os-instance-actions", null,
          admin).body().path("instanceActions");
      assertThat(actions.findValuesAsText("action")).as(id).contains("stop");
    }
  }

  @Test
  void reconcileTurnsALostGuestIntoErrorAndAShutdownIntoShutoff() throws Exception {
    String lost = h.boot(demo, "lost", "1");
    String off = h.boot(demo, "off", "1");
    h.waitFor(lost, "ACTIVE", demo);
    h.waitFor(off, "ACTIVE", demo);
    TestDriver dl = driverOf(lost);
    TestDriver doff = driverOf(off);
    dl.guests.remove(lost);
    doff.guests.get(off).state = PowerState.SHUTDOWN;
    String orphan = java.util.UUID.randomUUID().toString();
    TestDriver.Guest g = new TestDriver.Guest();
    g.spec = doff.guests.get(off).spec;
    doff.guests.put(orphan, g);
    h.compute.servers.agents().forEach(a -> a.sync());
    JsonNode l = waitForError(lost);
    assertThat(l.path("fault").path("message").asText()).contains("disappeared from compute"
        + " host");
    assertThat(l.path("OS-EXT-STS:power_state").asInt()).isZero();
    h.waitFor(off, "SHUTOFF", demo);
    long end = System.currentTimeMillis() + 5000;
    while (doff.guests.containsKey(orphan) && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    assertThat(doff.guests).as("a guest no server owns is destroyed").doesNotContainKey(orphan);
  }

  private TestDriver driverOf(String id) throws Exception {
    String host = h.call("GET", "/v2.1/servers/" + id, null, admin).body().path("server")
        .path("OS-EXT-SRV-ATTR:host").asText();
    return h.drivers.byHost.get(host);
  }
}
