package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.service.HostReports;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deprecated os-hosts API through real HTTP. */
class HostApiTest {
  static AdminApiHarness api;
  static String admin;
  static String demo;

  @BeforeAll
  static void start() throws Exception {
    api = new AdminApiHarness();
    FakeHosts hosts = new FakeHosts(api.db);
    long now = System.currentTimeMillis();
    hosts.compute("h1", now);
    hosts.compute("h2", now);
    hosts.service("nova-scheduler", "ctl", now);
    hosts.use("h1", 3, 1536, 3, 2);
    api.compute.reportHostsWith(new HostReports() {
      @Override
      public List<HostedServer> serversOn(String host) {
        return host.equals("h1") ? List.of(
            new HostedServer("s1", "a", "p1", 1, 512, 1, 0),
            new HostedServer("s2", "b", "p2", 2, 1024, 1, 1)) : List.of();
      }

      @Override
      public OptionalLong uptimeSeconds(String host) {
        return OptionalLong.empty();
      }
    });
    admin = api.adminToken();
    demo = api.demoToken();
    var agg = api.call("POST", "/v2.1/os-aggregates",
        "{\"aggregate\": {\"name\": \"hz\", \"availability_zone\": \"host-zone\"}}", admin);
    api.call("POST", "/v2.1/os-aggregates/" + agg.body().at("/aggregate/id").asInt()
        + "/action", "{\"add_host\": {\"host\": \"h2\"}}", admin);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void hostsAreListedWithTheirServiceAndZone() throws Exception {
    JsonNode hosts = api.call("GET", "/v2.1/os-hosts", null, admin).body().get("hosts");
    // h1, h2, the test's scheduler row, and the scheduler and conductor this process reports
    assertThat(hosts).hasSize(5);
    assertThat(hosts.toString()).contains("{\"host_name\":\"h1\",\"service\":\"compute\","
        + "\"zone\":\"nova\"}").contains("{\"host_name\":\"h2\",\"service\":\"compute\","
        + "\"zone\":\"host-zone\"}").contains("\"zone\":\"internal\"");
    assertThat(api.call("GET", "/v2.1/os-hosts?zone=host-zone", null, admin).body().get("hosts"))
        .hasSize(1);
    assertThat(api.call("GET", "/v2.1/os-hosts?zone=", null, admin).body().get("hosts"))
        .hasSize(5);
    assertThat(api.call("GET", "/v2.1/os-hosts?zone=xxx", null, admin).body().get("hosts"))
        .isEmpty();
    assertThat(api.call("GET", "/v2.1/os-hosts", null, demo).status()).isEqualTo(403);
    assertThat(api.call("GET", "/v2.1/os-hosts", null, admin, "2.43").status()).isEqualTo(404);
  }

  @Test
  void aHostShowsItsResources() throws Exception {
    JsonNode r = api.call("GET", "/v2.1/os-hosts/h1", null, admin).body().get("host");
    assertThat(r).hasSize(5);
    assertThat(r.at("/0/resource/project").asText()).isEqualTo("(total)");
    assertThat(r.at("/0/resource/cpu").asInt()).isEqualTo(8);
    assertThat(r.at("/1/resource/memory_mb").asInt()).isEqualTo(1536);
    assertThat(r.at("/2/resource/project").asText()).isEqualTo("(used_max)");
    assertThat(r.at("/2/resource/disk_gb").asInt()).isEqualTo(3);
    assertThat(r.at("/4/resource/project").asText()).isEqualTo("p2");
    assertThat(r.at("/4/resource/cpu").asInt()).isEqualTo(2);
    assertThat(api.call("GET", "/v2.1/os-hosts/nowhere", null, admin).status()).isEqualTo(404);
    assertThat(api.call("GET", "/v2.1/os-hosts/h1", null, demo).status()).isEqualTo(403);
  }

  @Test
  void hostWideSwitchesAndPowerActionsAreNotSupported() throws Exception {
    assertThat(api.call("PUT", "/v2.1/os-hosts/h1", "{\"status\": \"invalid\"}", admin).status())
        .isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-hosts/h1", "{\"maintenance_mode\": \"on\"}", admin)
        .status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-hosts/h1", "{}", admin).status()).isEqualTo(400);
    assertThat(api.call("PUT", "/v2.1/os-hosts/nowhere", "{\"status\": \"enable\"}", admin)
        .status()).isEqualTo(404);
    assertThat(api.call("PUT", "/v2.1/os-hosts/h1", "{\"status\": \"enable\"}", demo).status())
        .isEqualTo(403);
    assertThat(api.call("PUT", "/v2.1/os-hosts/h1", "{\"status\": \"enable\"}", admin).status())
        .isEqualTo(501);
    for (String action : List.of("startup", "shutdown", "reboot")) {
      assertThat(api.call("GET", "/v2.1/os-hosts/h1/" + action, null, admin).status())
          .isEqualTo(501);
      assertThat(api.call("GET", "/v2.1/os-hosts/nowhere/" + action, null, admin).status())
          .isEqualTo(404);
      assertThat(api.call("GET", "/v2.1/os-hosts/h1/" + action, null, demo).status())
          .isEqualTo(403);
    }
  }

  @Test
  void theUsageAuditLogSaysNoHostRanTheAudit() throws Exception {
    var list = api.call("GET", "/v2.1/os-instance_usage_audit_log", null, admin);
    assertThat(list.status()).isEqualTo(200);
    JsonNode log = list.body().get("instance_usage_audit_logs");
    assertThat(log.get("num_hosts").asInt()).isEqualTo(2);
    assertThat(log.get("hosts_not_run").toString()).contains("h1", "h2");
    assertThat(log.get("overall_status").asText()).isEqualTo("0 of 2 hosts done. 0 errors.");
    var show = api.call("GET", "/v2.1/os-instance_usage_audit_log/2026-03-15%2010:00:00", null,
        admin);
    assertThat(show.status()).isEqualTo(200);
    assertThat(show.body().at("/instance_usage_audit_log/period_beginning").asText())
        .isEqualTo("2026-02-01 00:00:00");
    assertThat(show.body().at("/instance_usage_audit_log/period_ending").asText())
        .isEqualTo("2026-03-01 00:00:00");
    assertThat(api.call("GET", "/v2.1/os-instance_usage_audit_log/2026-03-01%2000:00:00", null,
        admin).body().at("/instance_usage_audit_log/period_ending").asText())
        .isEqualTo("2026-02-01 00:00:00");
    assertThat(api.call("GET", "/v2.1/os-instance_usage_audit_log/yesterday", null, admin)
        .status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-instance_usage_audit_log", null, demo).status())
        .isEqualTo(403);
  }
}
