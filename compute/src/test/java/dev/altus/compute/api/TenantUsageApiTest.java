package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.service.ServerHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** os-simple-tenant-usage through real HTTP, with a test double for the servers' history. */
class TenantUsageApiTest {
  static AdminApiHarness api;
  static String admin;
  static String alt;
  static String demo;
  static final long T0 = Instant.parse("2026-01-10T00:00:00Z").toEpochMilli();
  static final long HOUR = 3_600_000L;
  static final List<ServerHistory.ServerLife> LIVES = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    api = new AdminApiHarness();
    String demoProject = api.projectId("demo");
    // alt: one server for 10 h ending at T0+10h (2 vCPU, 1 GB, 10+5 GB); one still running
    LIVES.add(new ServerHistory.ServerLife("a1", "gone", api.altProjectId, "m1.small", 2, 1024,
        10, 5, T0, T0 + 10 * HOUR, "deleted"));
    LIVES.add(new ServerHistory.ServerLife("a2", "alive", api.altProjectId, "m1.tiny", 1, 512,
        1, 0, T0 + 5 * HOUR, null, "active"));
    LIVES.add(new ServerHistory.ServerLife("d1", "demo-vm", demoProject, "m1.tiny", 1, 512, 1, 0,
        T0, null, "stopped"));
    api.compute.recordServersWith((project, start, end) -> LIVES.stream()
        .filter(l -> project == null || l.projectId().equals(project))
        .filter(l -> (l.terminatedAt() == null || l.terminatedAt() > start)
            && l.launchedAt() < end)
        .toList());
    admin = api.adminToken();
    alt = api.altToken();
    demo = api.demoToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aProjectsUsageCountsTheHoursInThePeriod() throws Exception {
    var r = api.call("GET", "/v2.1/os-simple-tenant-usage/" + api.altProjectId
        + "?start=2026-01-10T02:00:00&end=2026-01-10T12:00:00.000000", null, alt);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    JsonNode u = r.body().get("tenant_usage");
    assertThat(u.size()).isEqualTo(8);
    // gone: 02:00-10:00 = 8 h; alive: 05:00-12:00 = 7 h
    assertThat(u.get("total_hours").asDouble()).isCloseTo(15.0, within(1e-9));
    assertThat(u.get("total_vcpus_usage").asDouble()).isCloseTo(2 * 8 + 7, within(1e-9));
    assertThat(u.get("total_memory_mb_usage").asDouble()).isCloseTo(1024 * 8 + 512 * 7,
        within(1e-9));
    assertThat(u.get("total_local_gb_usage").asDouble()).isCloseTo(15 * 8 + 7, within(1e-9));
    assertThat(u.get("start").asText()).isEqualTo("2026-01-10T02:00:00.000000");
    JsonNode gone = u.at("/server_usages/0");
    assertThat(gone.get("state").asText()).isEqualTo("terminated");
    assertThat(gone.get("ended_at").asText()).isEqualTo("2026-01-10T10:00:00.000000");
    assertThat(gone.get("uptime").asLong()).isEqualTo(36000);
    assertThat(gone.get("local_gb").asInt()).isEqualTo(15);
    assertThat(u.at("/server_usages/1/state").asText()).isEqualTo("active");
    assertThat(u.at("/server_usages/1/ended_at").isNull()).isTrue();

    assertThat(api.call("GET", "/v2.1/os-simple-tenant-usage/" + api.altProjectId
        + "?start=2026-01-10T02:00:00", null, demo).status()).isEqualTo(403);
    var none = api.call("GET", "/v2.1/os-simple-tenant-usage/" + api.altProjectId
        + "?start=2025-01-01T00:00:00&end=2025-01-02T00:00:00", null, alt);
    assertThat(none.body().get("tenant_usage").size()).isZero();
  }

  @Test
  void adminsListEveryProjectAndPageFrom240() throws Exception {
    var r = api.call("GET", "/v2.1/os-simple-tenant-usage?start=2026-01-10T00:00:00"
        + "&end=2026-01-11T00:00:00&detailed=1", null, admin);
    assertThat(r.status()).isEqualTo(200);
    JsonNode usages = r.body().get("tenant_usages");
    assertThat(usages).hasSize(2);
    assertThat(usages.get(0).get("server_usages")).hasSize(2);
    var brief = api.call("GET", "/v2.1/os-simple-tenant-usage?start=2026-01-10T00:00:00"
        + "&end=2026-01-11T00:00:00", null, admin);
    assertThat(brief.body().at("/tenant_usages/0").has("server_usages")).isFalse();
    assertThat(api.call("GET", "/v2.1/os-simple-tenant-usage", null, alt).status())
        .isEqualTo(403);

    var page = api.call("GET", "/v2.1/os-simple-tenant-usage?start=2026-01-10T00:00:00"
        + "&end=2026-01-11T00:00:00&detailed=1&limit=2", null, admin, "2.40");
    assertThat(page.body().at("/tenant_usages_links/0/href").asText()).contains("marker=a2");
    var rest = api.call("GET", "/v2.1/os-simple-tenant-usage?start=2026-01-10T00:00:00"
        + "&end=2026-01-11T00:00:00&detailed=1&limit=2&marker=a2", null, admin, "2.40");
    assertThat(rest.body().at("/tenant_usages/0/server_usages/0/instance_id").asText())
        .isEqualTo("d1");
    assertThat(rest.body().has("tenant_usages_links")).isFalse();
  }

  @Test
  void badPeriodsAreRefused() throws Exception {
    String base = "/v2.1/os-simple-tenant-usage/" + api.altProjectId;
    assertThat(api.call("GET", base + "?start=yesterday", null, admin).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-simple-tenant-usage/?start=2026-01-10T00:00:00", null,
        admin).status()).isEqualTo(404);
    assertThat(api.call("GET", base + "?start=2026-01-12T00:00:00&end=2026-01-11T00:00:00", null,
        admin).status()).isEqualTo(400);
    assertThat(api.call("GET", base + "?start=2026-01-10T00:00:00&marker=zz", null, admin,
        "2.40").status()).isEqualTo(400);
  }
}
