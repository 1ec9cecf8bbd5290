package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.service.HostReports;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** os-hypervisors through real HTTP, with a test double for what the agents report. */
class HypervisorApiTest {
  static AdminApiHarness api;
  static FakeHosts hosts;
  static String admin;
  static String demo;
  static final String SERVER = "0f8b2a6e-5c1d-4a43-9d8e-2f4a7b9c1d23";

  @BeforeAll
  static void start() throws Exception {
    api = new AdminApiHarness();
    hosts = new FakeHosts(api.db);
    long now = System.currentTimeMillis();
    hosts.compute("hv-a", now);
    hosts.compute("hv-b", now);
    hosts.compute("hv-down", now - 3_600_000);
    hosts.compute("hv-silent", now);
    hosts.use("hv-a", 2, 1024, 10, 1);
    api.compute.reportHostsWith(new HostReports() {
      @Override
      public List<HostedServer> serversOn(String host) {
        return host.equals("hv-a") ? List.of(new HostedServer(SERVER, "web-1", "p1", 1, 512, 1, 0)) : List.of();
      }

      @Override
      public OptionalLong uptimeSeconds(String host) {
        return Map.of("hv-a", 90061L, "hv-b", 300L).containsKey(host)
            ? OptionalLong.of(Map.of("hv-a", 90061L, "hv-b", 300L).get(host))
            : OptionalLong.empty();
      }
    });
    admin = api.adminToken();
    demo = api.demoToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static JsonNode get(String path, String version) throws Exception {
    var r = api.call("GET", path, null, admin, version);
    assertThat(r.status()).as(path + " " + r.raw()).isEqualTo(200);
    return r.body();
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode h : list) {
      if (h.get("hypervisor_hostname").asText().equals(name)) {
        return h;
      }
    }
    return null;
  }

  @Test
  void hypervisorsAreListedShownAndSummed() throws Exception {
    JsonNode list = get("/v2.1/os-hypervisors", null).get("hypervisors");
    assertThat(list).hasSize(4);
    JsonNode a = named(list, "hv-a");
    assertThat(a.get("id").isInt()).isTrue();
    assertThat(a.get("state").asText()).isEqualTo("up");
    assertThat(a.get("status").asText()).isEqualTo("enabled");
    assertThat(named(list, "hv-down").get("state").asText()).isEqualTo("down");

    JsonNode d = named(get("/v2.1/os-hypervisors/detail", null).get("hypervisors"), "hv-a");
    assertThat(d.get("vcpus").asInt()).isEqualTo(8);
    assertThat(d.get("vcpus_used").asInt()).isEqualTo(2);
    assertThat(d.get("free_ram_mb").asInt()).isEqualTo(16384 - 1024);
    assertThat(d.get("free_disk_gb").asInt()).isEqualTo(190);
    assertThat(d.get("running_vms").asInt()).isEqualTo(1);
    assertThat(d.get("hypervisor_type").asText()).isEqualTo("fake");
    assertThat(d.get("cpu_info").isTextual()).isTrue();
    assertThat(d.at("/service/host").asText()).isEqualTo("hv-a");
    assertThat(d.at("/service/id").isInt()).isTrue();

    JsonNode shown = get("/v2.1/os-hypervisors/" + a.get("id").asInt(), "2.28").get("hypervisor");
    assertThat(shown.at("/cpu_info/arch").asText()).isEqualTo("x86_64");
    assertThat(api.call("GET", "/v2.1/os-hypervisors/99999", null, admin).status())
        .isEqualTo(404);
    assertThat(api.call("GET", "/v2.1/os-hypervisors/abc", null, admin).status()).isEqualTo(404);

    JsonNode stats = get("/v2.1/os-hypervisors/statistics", null).get("hypervisor_statistics");
    assertThat(stats.get("count").asInt()).isEqualTo(4);
    assertThat(stats.get("vcpus").asInt()).isEqualTo(32);
    assertThat(stats.get("running_vms").asInt()).isEqualTo(1);
    assertThat(stats.get("free_ram_mb").asInt()).isEqualTo(4 * 16384 - 1024);

    for (String path : List.of("/v2.1/os-hypervisors", "/v2.1/os-hypervisors/detail",
        "/v2.1/os-hypervisors/statistics", "/v2.1/os-hypervisors/1",
        "/v2.1/os-hypervisors/1/uptime", "/v2.1/os-hypervisors/hv/search")) {
      assertThat(api.call("GET", path, null, demo).status()).as(path).isEqualTo(403);
    }
  }

  @Test
  void uptimeComesFromTheHostsAgent() throws Exception {
    JsonNode list = get("/v2.1/os-hypervisors", null).get("hypervisors");
    var up = get("/v2.1/os-hypervisors/" + named(list, "hv-a").get("id").asInt() + "/uptime",
        null).get("hypervisor");
    assertThat(up.get("uptime").asText()).matches(" \\d\\d:\\d\\d:\\d\\d up 1 day,  1:01");
    assertThat(up.has("vcpus")).isFalse();
    var b = get("/v2.1/os-hypervisors/" + named(list, "hv-b").get("id").asInt() + "/uptime",
        null).get("hypervisor");
    assertThat(b.get("uptime").asText()).endsWith("up 5 min");
    var down = api.call("GET", "/v2.1/os-hypervisors/" + named(list, "hv-down").get("id").asInt()
        + "/uptime", null, admin);
    assertThat(down.status()).isEqualTo(400);
    assertThat(down.body().at("/badRequest/message").asText()).contains("unavailable");
    var silent = api.call("GET", "/v2.1/os-hypervisors/"
        + named(list, "hv-silent").get("id").asInt() + "/uptime", null, admin);
    assertThat(silent.status()).isEqualTo(501);
    assertThat(silent.body().has("notImplemented")).isTrue();
    assertThat(api.call("GET", "/v2.1/os-hypervisors/99999/uptime", null, admin).status())
        .isEqualTo(404);
  }

  @Test
  void searchAndServersBefore253() throws Exception {
    JsonNode found = get("/v2.1/os-hypervisors/hv-/search", null).get("hypervisors");
    assertThat(found).hasSize(4);
    assertThat(api.call("GET", "/v2.1/os-hypervisors/nothing/search", null, admin).status())
        .isEqualTo(404);
    JsonNode servers = get("/v2.1/os-hypervisors/hv-a/servers", null).get("hypervisors");
    assertThat(servers.get(0).at("/servers/0/uuid").asText()).isEqualTo(SERVER);
    assertThat(servers.get(0).at("/servers/0/name").asText()).isEqualTo("web-1");
    JsonNode none = get("/v2.1/os-hypervisors/hv-b/servers", null).get("hypervisors");
    assertThat(none.get(0).has("servers")).isFalse();
    assertThat(api.call("GET", "/v2.1/os-hypervisors/hv-a/servers", null, admin, "2.53")
        .status()).isEqualTo(404);
  }

  @Test
  void from253IdsAreUuidsAndPatternsAndServersAreQueryParameters() throws Exception {
    JsonNode list = get("/v2.1/os-hypervisors/detail", "2.53").get("hypervisors");
    JsonNode a = named(list, "hv-a");
    String id = a.get("id").asText();
    assertThat(id).hasSize(36);
    assertThat(a.at("/service/id").asText()).hasSize(36);
    assertThat(api.call("GET", "/v2.1/os-hypervisors/1", null, admin, "2.53").status())
        .isEqualTo(400);
    JsonNode withServers = get("/v2.1/os-hypervisors/" + id + "?with_servers=true", "2.53")
        .get("hypervisor");
    assertThat(withServers.at("/servers/0/name").asText()).isEqualTo("web-1");
    JsonNode matched = get("/v2.1/os-hypervisors?hypervisor_hostname_pattern=hv-b"
        + "&with_servers=1", "2.75").get("hypervisors");
    assertThat(matched).hasSize(1);
    assertThat(matched.get(0).get("servers")).isEmpty();
    assertThat(api.call("GET", "/v2.1/os-hypervisors?hypervisor_hostname_pattern=zzz", null,
        admin, "2.53").status()).isEqualTo(404);
    assertThat(api.call("GET", "/v2.1/os-hypervisors?hypervisor_hostname_pattern=hv&limit=1",
        null, admin, "2.53").status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-hypervisors?with_servers=maybe", null, admin, "2.53")
        .status()).isEqualTo(400);

    JsonNode page = get("/v2.1/os-hypervisors?limit=3", "2.53");
    assertThat(page.get("hypervisors")).hasSize(3);
    String next = page.at("/hypervisors_links/0/href").asText();
    String marker = page.at("/hypervisors/2/id").asText();
    assertThat(next).contains("marker=" + marker);
    JsonNode rest = get("/v2.1/os-hypervisors?limit=3&marker=" + marker, "2.53");
    assertThat(rest.get("hypervisors")).hasSize(1);
    assertThat(rest.has("hypervisors_links")).isFalse();
    assertThat(api.call("GET", "/v2.1/os-hypervisors?marker=nope", null, admin, "2.53").status())
        .isEqualTo(400);
  }

  @Test
  void microversion288DropsTheFiguresAndShowsUptime() throws Exception {
    JsonNode d = named(get("/v2.1/os-hypervisors/detail", "2.88").get("hypervisors"), "hv-a");
    assertThat(d.has("vcpus")).isFalse();
    assertThat(d.has("cpu_info")).isFalse();
    assertThat(d.get("uptime").asText()).contains("up 1 day");
    assertThat(named(get("/v2.1/os-hypervisors/detail", "2.88").get("hypervisors"), "hv-down")
        .get("uptime").isNull()).isTrue();
    assertThat(api.call("GET", "/v2.1/os-hypervisors/statistics", null, admin, "2.88").status())
        .isEqualTo(404);
    assertThat(api.call("GET", "/v2.1/os-hypervisors/" + d.get("id").asText() + "/uptime", null,
        admin, "2.88").status()).isEqualTo(404);
  }
}
