package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.LocalHost;
import dev.altus.common.json.Json;
import dev.altus.compute.virt.InstanceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Config drives as a guest finds them: a server created with config_drive true gets an ISO
 * 9660 image labelled config-2 (Joliet and Rock Ridge), read back here with isoinfo, holding the
 * same documents as the metadata service and its personality files; it goes with the guest.
 */
class ConfigDriveApiTest {
  static ComputeApiHarness h;
  static String demo;
  static final LocalHost HOST = new LocalHost();

  @BeforeAll
  static void start() throws Exception {
    h = new ComputeApiHarness();
    demo = h.demoToken();
  }

  @AfterAll
  static void close() {
    h.close();
  }

  static InstanceSpec spec(String id) {
    return h.drivers.byHost.values().stream().map(d -> d.guests.get(id))
        .filter(java.util.Objects::nonNull).findFirst().orElseThrow().spec;
  }

  static String isoinfo(Path iso, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("isoinfo", "-i", iso.toString()));
    argv.addAll(List.of(args));
    return HOST.run(Command.of(argv)).orThrow().stdout();
  }

  static String file(Path iso, String path) {
    return isoinfo(iso, "-R", "-x", path);
  }

  @Test
  void aServerThatAsksGetsADriveWithItsMetadataAndFiles() throws Exception {
    String motd = "welcome to vm-cd\n";
    var r = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "vm-cd", "imageRef": "%s", "flavorRef": "1", "config_drive": true,
         "user_data": "%s", "metadata": {"role": "db"},
         "personality": [{"path": "/etc/motd", "contents": "%s"},
                         {"path": "/root/.hushlogin", "contents": ""}],
         "networks": [{"uuid": "%s"}]}}""".formatted(h.imageId,
        Base64.getEncoder().encodeToString("#!/bin/sh\ntrue\n".getBytes(StandardCharsets.UTF_8)),
        Base64.getEncoder().encodeToString(motd.getBytes(StandardCharsets.UTF_8)), h.networkId),
        demo);
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    String id = r.body().at("/server/id").asText();
    JsonNode server = h.waitFor(id, "ACTIVE", demo);
    assertThat(server.path("config_drive").asText()).isEqualTo("True");
    Path iso = spec(id).configDrive();
    assertThat(iso).isNotNull().exists();
    assertThat(iso.getFileName().toString()).isEqualTo("disk.config");
    assertThat(iso.getParent().getFileName().toString()).isEqualTo(id);

    String info = isoinfo(iso, "-d");
    assertThat(info).contains("Volume id: config-2", "Joliet", "Rock Ridge");
    List<String> files = List.of(isoinfo(iso, "-R", "-f").split("\n"));
    assertThat(files).contains("/ec2/2009-04-04/meta-data.json", "/ec2/latest/meta-data.json",
        "/ec2/latest/user-data", "/openstack/content/0000", "/openstack/content/0001");
    for (String v : List.of("2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15",
        "2016-06-30", "2016-10-06", "2017-02-22", "2018-08-27", "latest")) {
      assertThat(files).contains("/openstack/" + v + "/meta_data.json",
          "/openstack/" + v + "/user_data");
    }
    assertThat(files).contains("/openstack/latest/network_data.json",
        "/openstack/latest/vendor_data.json", "/openstack/latest/vendor_data2.json")
        .doesNotContain("/openstack/2012-08-10/network_data.json",
            "/openstack/latest/password");

    JsonNode md = Json.parse(file(iso, "/openstack/latest/meta_data.json"));
    assertThat(md.path("uuid").asText()).isEqualTo(id);
    assertThat(md.path("hostname").asText()).isEqualTo("vm-cd.novalocal");
    assertThat(md.at("/meta/role").asText()).isEqualTo("db");
    assertThat(md.at("/files/0/path").asText()).isEqualTo("/etc/motd");
    assertThat(md.at("/files/0/content_path").asText()).isEqualTo("/content/0000");
    assertThat(md.at("/files/1/path").asText()).isEqualTo("/root/.hushlogin");
    assertThat(file(iso, "/openstack/content/0000")).isEqualTo(motd);
    assertThat(file(iso, "/openstack/content/0001")).isEmpty();
    assertThat(file(iso, "/openstack/latest/user_data")).isEqualTo("#!/bin/sh\ntrue\n");
    JsonNode net = Json.parse(file(iso, "/openstack/latest/network_data.json"));
    assertThat(net.at("/links/0/ethernet_mac_address").asText())
        .isEqualTo(h.compute.servers.ports.of(id).get(0).macAddress());
    JsonNode ec2 = Json.parse(file(iso, "/ec2/latest/meta-data.json"));
    assertThat(ec2.path("instance-id").asText()).matches("i-[0-9a-f]{8}");
    assertThat(ec2.path("hostname").asText()).isEqualTo("vm-cd.novalocal");
    assertThat(ec2.at("/placement/availability-zone").asText()).isEqualTo("nova");
    assertThat(ec2.path("ami-launch-index").isInt()).isTrue();
    assertThat(file(iso, "/ec2/latest/user-data")).isEqualTo("#!/bin/sh\ntrue\n");

    // a rebuild with other files makes the drive anew
    var rb = h.call("POST", "/v2.1/servers/" + id + "/action", """
        {"rebuild": {"imageRef": "%s", "personality": [{"path": "/etc/issue",
         "contents": "%s"}]}}""".formatted(h.imageId,
        Base64.getEncoder().encodeToString("rebuilt\n".getBytes(StandardCharsets.UTF_8))), demo);
    assertThat(rb.status()).as(rb.raw()).isEqualTo(202);
    h.waitFor(id, "ACTIVE", demo);
    JsonNode after = Json.parse(file(spec(id).configDrive(), "/openstack/latest/meta_data.json"));
    assertThat(after.at("/files/0/path").asText()).isEqualTo("/etc/issue");
    assertThat(after.at("/files/1").isMissingNode()).isTrue();
    assertThat(file(spec(id).configDrive(), "/openstack/content/0000")).isEqualTo("rebuilt\n");

    // the drive goes with the guest
    assertThat(h.call("DELETE", "/v2.1/servers/" + id, null, demo).status()).isEqualTo(204);
    h.waitFor(id, "DELETED", demo);
    long end = System.currentTimeMillis() + 10_000;
    while (Files.exists(iso) && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
    assertThat(iso).doesNotExist();
    assertThat(iso.getParent()).doesNotExist();
  }

  @Test
  void aServerThatDoesNotAskGetsNoDrive() throws Exception {
    String id = h.boot(demo, "vm-plain", "1");
    JsonNode server = h.waitFor(id, "ACTIVE", demo);
    assertThat(server.path("config_drive").asText()).isEmpty();
    assertThat(spec(id).configDrive()).isNull();
  }

  @Test
  void withForceConfigDriveEveryServerGetsOneAndTheApiSaysSo() throws Exception {
    try (ComputeApiHarness forced = ComputeApiHarness.forcingConfigDrives()) {
      String token = forced.demoToken();
      String id = forced.boot(token, "vm-forced", "1");
      JsonNode server = forced.waitFor(id, "ACTIVE", token);
      assertThat(server.path("config_drive").asText()).isEqualTo("True");
      Path iso = forced.drivers.byHost.values().stream().map(d -> d.guests.get(id))
          .filter(java.util.Objects::nonNull).findFirst().orElseThrow().spec.configDrive();
      assertThat(isoinfo(iso, "-d")).contains("Volume id: config-2");
      assertThat(Json.parse(file(iso, "/openstack/latest/meta_data.json")).path("uuid").asText())
          .isEqualTo(id);
    }
  }
}
