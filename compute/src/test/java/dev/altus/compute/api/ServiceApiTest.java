package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** os-services through real HTTP: state from heartbeats, the operator's switches, delete. */
class ServiceApiTest {
  static MovableClock clock = new MovableClock();
  static AdminApiHarness api;
  static FakeHosts hosts;
  static String admin;
  static String demo;

  @BeforeAll
  static void start() throws Exception {
    api = new AdminApiHarness(clock, List.of("svc1"));
    hosts = new FakeHosts(api.db);
    long now = clock.millis();
    for (String h : List.of("svc1", "svc2", "svc3", "svc-busy", "svc-del")) {
      hosts.compute(h, now);
    }
    hosts.use("svc-busy", 1, 128, 1, 1);
    hosts.service("nova-scheduler", "ctl", now);
    admin = api.adminToken();
    demo = api.demoToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static JsonNode service(JsonNode list, String host, String binary) {
    for (JsonNode s : list) {
      if (s.get("host").asText().equals(host) && s.get("binary").asText().equals(binary)) {
        return s;
      }
    }
    return null;
  }

  private static JsonNode list(String query, String version) throws Exception {
    var r = api.call("GET", "/v2.1/os-services" + query, null, admin, version);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body().get("services");
  }

  @Test
  void servicesAreListedWithTheirStateZoneAndIds() throws Exception {
    JsonNode all = list("", "2.1");
    JsonNode compute = service(all, "svc1", "nova-compute");
    assertThat(compute.get("id").isInt()).isTrue();
    assertThat(compute.get("zone").asText()).isEqualTo("nova");
    assertThat(compute.get("state").asText()).isEqualTo("up");
    assertThat(compute.get("status").asText()).isEqualTo("enabled");
    assertThat(compute.get("disabled_reason").isNull()).isTrue();
    assertThat(compute.get("updated_at").asText()).matches("\\d{4}-.*\\.\\d{6}");
    assertThat(compute.has("forced_down")).isFalse();
    assertThat(service(all, "ctl", "nova-scheduler").get("zone").asText()).isEqualTo("internal");
    assertThat(service(list("", "2.11"), "svc1", "nova-compute").get("forced_down").asBoolean())
        .isFalse();
    assertThat(service(list("", "2.53"), "svc1", "nova-compute").get("id").asText())
        .hasSize(36);

    assertThat(list("?host=svc2", null)).hasSize(1);
    // the test's "ctl" row and the scheduler this process runs and reports itself
    assertThat(list("?binary=nova-scheduler", null)).hasSize(2);
    assertThat(list("?host=svc2&binary=xxx", null)).isEmpty();
    assertThat(list("?xxx=nova-compute", null).size()).isEqualTo(all.size());
    assertThat(api.call("GET", "/v2.1/os-services?xxx=1", null, admin, "2.75").status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-services", null, demo).status()).isEqualTo(403);
  }

  @Test
  void aServiceIsDownWhenItsHeartbeatsStopOrItIsForcedDown() throws Exception {
    hosts.heartbeat("svc3", "nova-compute", clock.millis() - 61_000);
    assertThat(service(list("", null), "svc3", "nova-compute").get("state").asText())
        .isEqualTo("down");
    hosts.heartbeat("svc3", "nova-compute", clock.millis());
    assertThat(service(list("", null), "svc3", "nova-compute").get("state").asText())
        .isEqualTo("up");

    var forced = api.call("PUT", "/v2.1/os-services/force-down",
        "{\"host\": \"svc3\", \"binary\": \"nova-compute\", \"forced_down\": true}", admin,
        "2.11");
    assertThat(forced.status()).as(forced.raw()).isEqualTo(200);
    assertThat(forced.body().at("/service/forced_down").asBoolean()).isTrue();
    JsonNode svc = service(list("", "2.11"), "svc3", "nova-compute");
    assertThat(svc.get("state").asText()).isEqualTo("down");
    assertThat(svc.get("forced_down").asBoolean()).isTrue();
    // before 2.11 there is no forced_down field, nor a force-down action
    assertThat(api.call("PUT", "/v2.1/os-services/force-down",
        "{\"host\": \"svc3\", \"binary\": \"nova-compute\", \"forced_down\": true}", admin)
        .status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-services/force-down",
        "{\"host\": \"svc3\", \"binary\": \"nova-compute\"}", admin).status())
        .isEqualTo(404);
    api.call("PUT", "/v2.1/os-services/force-down",
        "{\"host\": \"svc3\", \"binary\": \"nova-compute\", \"forced_down\": false}", admin,
        "2.11");
    assertThat(service(list("", null), "svc3", "nova-compute").get("state").asText())
        .isEqualTo("up");
  }

  @Test
  void switchesBefore253NameTheServiceInTheBody() throws Exception {
    var dis = api.call("PUT", "/v2.1/os-services/disable-log-reason",
        "{\"host\": \"svc2\", \"binary\": \"nova-compute\", \"disabled_reason\": \"maint\"}",
        admin);
    assertThat(dis.status()).isEqualTo(200);
    assertThat(dis.body().get("service").toString()).contains("\"status\":\"disabled\"")
        .contains("\"disabled_reason\":\"maint\"");
    JsonNode svc = service(list("", null), "svc2", "nova-compute");
    assertThat(svc.get("status").asText()).isEqualTo("disabled");
    assertThat(svc.get("disabled_reason").asText()).isEqualTo("maint");
    var en = api.call("PUT", "/v2.1/os-services/enable",
        "{\"host\": \"svc2\", \"binary\": \"nova-compute\"}", admin);
    assertThat(en.body().at("/service/status").asText()).isEqualTo("enabled");
    assertThat(service(list("", null), "svc2", "nova-compute").get("disabled_reason").isNull())
        .isTrue();

    assertThat(api.call("PUT", "/v2.1/os-services/disable-log-reason",
        "{\"host\": \"svc2\", \"binary\": \"nova-compute\"}", admin).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-services/launch",
        "{\"host\": \"svc2\", \"binary\": \"nova-compute\"}", admin).status()).isEqualTo(404);
    assertThat(api.call("PUT", "/v2.1/os-services/disable",
        "{\"host\": \"ctl\", \"binary\": \"nova-scheduler\"}", admin).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-services/disable",
        "{\"host\": \"nowhere\", \"binary\": \"nova-compute\"}", admin).status()).isEqualTo(404);
    assertThat(api.call("PUT", "/v2.1/os-services/disable", "{\"host\": \"svc2\"}", admin)
        .status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-services/disable",
        "{\"host\": \"svc2\", \"binary\": \"nova-compute\"}", demo).status()).isEqualTo(403);
  }

  @Test
  void from253AServiceIsUpdatedByItsUuid() throws Exception {
    String id = service(list("", "2.53"), "svc2", "nova-compute").get("id").asText();
    var r = api.call("PUT", "/v2.1/os-services/" + id,
        "{\"status\": \"disabled\", \"disabled_reason\": \"upgrade\"}", admin, "2.53");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    JsonNode s = r.body().get("service");
    assertThat(s.get("id").asText()).isEqualTo(id);
    assertThat(s.get("status").asText()).isEqualTo("disabled");
    assertThat(s.get("disabled_reason").asText()).isEqualTo("upgrade");
    assertThat(s.get("forced_down").asBoolean()).isFalse();
    assertThat(s.get("zone").asText()).isEqualTo("nova");
    assertThat(api.call("PUT", "/v2.1/os-services/" + id,
        "{\"status\": \"enabled\", \"disabled_reason\": \"x\"}", admin, "2.53").status())
        .isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-services/" + id, "{}", admin, "2.53").status())
        .isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-services/" + id, "{\"status\": \"paused\"}", admin,
        "2.53").status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-services/not-a-uuid", "{\"status\": \"enabled\"}",
        admin, "2.53").status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-services/" + java.util.UUID.randomUUID(),
        "{\"status\": \"enabled\"}", admin, "2.53").status()).isEqualTo(404);
    String sched = service(list("", "2.53"), "ctl", "nova-scheduler").get("id").asText();
    assertThat(api.call("PUT", "/v2.1/os-services/" + sched, "{\"status\": \"disabled\"}", admin,
        "2.53").status()).isEqualTo(400);
    var back = api.call("PUT", "/v2.1/os-services/" + id,
        "{\"status\": \"enabled\", \"forced_down\": false}", admin, "2.53");
    assertThat(back.body().at("/service/status").asText()).isEqualTo("enabled");
    assertThat(back.body().at("/service/disabled_reason").isNull()).isTrue();
  }

  @Test
  void deletingAServiceTakesItsNodeAndAggregateMembershipAlong() throws Exception {
    var agg = api.call("POST", "/v2.1/os-aggregates", "{\"aggregate\": {\"name\": \"del-agg\"}}",
        admin);
    int aggId = agg.body().at("/aggregate/id").asInt();
    api.call("POST", "/v2.1/os-aggregates/" + aggId + "/action",
        "{\"add_host\": {\"host\": \"svc-del\"}}", admin);
    JsonNode del = service(list("", null), "svc-del", "nova-compute");
    assertThat(api.call("DELETE", "/v2.1/os-services/abc", null, admin).status()).isEqualTo(400);
    assertThat(api.call("DELETE", "/v2.1/os-services/" + del.get("id").asInt(), null, demo)
        .status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/v2.1/os-services/" + del.get("id").asInt(), null, admin)
        .status()).isEqualTo(204);
    assertThat(service(list("", null), "svc-del", "nova-compute")).isNull();
    assertThat(api.call("GET", "/v2.1/os-aggregates/" + aggId, null, admin).body()
        .at("/aggregate/hosts")).isEmpty();
    assertThat(api.call("DELETE", "/v2.1/os-services/" + del.get("id").asInt(), null, admin)
        .status()).isEqualTo(404);

    String busy = service(list("", "2.53"), "svc-busy", "nova-compute").get("id").asText();
    assertThat(api.call("DELETE", "/v2.1/os-services/" + busy, null, admin, "2.53").status())
        .isEqualTo(409);
    assertThat(api.call("DELETE", "/v2.1/os-services/12", null, admin, "2.53").status())
        .isEqualTo(400);
  }

  @Test
  void theServiceDownTimeComesFromConfig() throws Exception {
    hosts.heartbeat("svc1", "nova-compute", clock.millis());
    clock.advance(Duration.ofSeconds(59));
    assertThat(service(list("", null), "svc1", "nova-compute").get("state").asText())
        .isEqualTo("up");
    clock.advance(Duration.ofSeconds(2));
    assertThat(service(list("", null), "svc1", "nova-compute").get("state").asText())
        .isEqualTo("down");
    long now = clock.millis();
    for (String h : List.of("svc1", "svc2", "svc3", "svc-busy")) {
      hosts.heartbeat(h, "nova-compute", now);
    }
  }
}
