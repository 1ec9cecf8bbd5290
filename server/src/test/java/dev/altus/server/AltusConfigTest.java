package dev.altus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AltusConfigTest {
  @Test
  void defaultsNeedNoFile() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    AltusConfig c = AltusConfig.load(dir, null, null, Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.identityPort()).isEqualTo(5000);
    assertThat(c.region()).isEqualTo("RegionOne");
    assertThat(c.database().url()).startsWith("jdbc:h2:file:" + dir.resolve("altus"));
    assertThat(c.identity().tokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(c.identity().bcryptCost()).isEqualTo(12);
    assertThat(c.identity().maxActiveKeys()).isEqualTo(3);
    assertThat(c.identity().keyDir()).isEqualTo(dir.resolve("fernet-keys"));
    assertThat(c.identity().policyFile()).isNull();
    assertThat(c.identity().publicUrl()).isEqualTo("http://127.0.0.1:5000/v3");
    assertThat(c.adminPassword()).isNull();
  }

  /**
   * The classic install's "agent shown dead because its configuration file was not where it
   * looked": a configuration path that does not exist refuses the start and names the path.
   */
  @Test
  void aConfigurationPathThatDoesNotExistRefusesToStartAndNamesIt() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    Path missing = dir.resolve("etc/altus/altus.conf");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, missing, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("configuration file " + missing + " does not exist (--config)");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, dir, Map.of()))
        .hasMessageContaining(dir + " is not a regular file");
    // without --config a missing DATA_DIR/altus.conf is the documented default
    assertThat(AltusConfig.load(dir, null, null, Map.of()).region()).isEqualTo("RegionOne");
  }

  @Test
  void theDashboardIsOnByDefaultOnPort8000AndSignsInAtTheIdentityUrl() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    var d = AltusConfig.load(dir, "127.0.0.9", null, Map.of()).dashboard();
    assertThat(d.enabled()).isTrue();
    assertThat(d.port()).isEqualTo(8000);
    assertThat(d.identityUrl()).isEqualTo("http://127.0.0.9:5000/v3");
    assertThat(d.renewalWarning()).isEqualTo(Duration.ofMinutes(10));
    Files.writeString(dir.resolve("altus.conf"), "dashboard.port = 8080\n"
        + "dashboard.renewal_warning_seconds = 120\n");
    d = AltusConfig.load(dir, null, null, Map.of("ALTUS_DASHBOARD_ENABLED", "false")).dashboard();
    assertThat(d.enabled()).isFalse();
    assertThat(d.port()).isEqualTo(8080);
    assertThat(d.renewalWarning()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of("ALTUS_DASHBOARD_PORT",
        "70000"))).hasMessageContaining("dashboard.port must be between 0 and 65535");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of("ALTUS_DASHBOARD_ENABLED",
        "maybe"))).hasMessageContaining("dashboard.enabled must be true or false");
  }

  @Test
  void fileThenEnvironmentOverride() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    Files.writeString(dir.resolve("altus.conf"), "identity.bcrypt_cost = 10\nregion = North\n");
    AltusConfig c = AltusConfig.load(dir, "127.0.0.5", null,
        Map.of("ALTUS_IDENTITY_BCRYPT_COST", "8", "ALTUS_ADMIN_PASSWORD", "pw",
            "ALTUS_DATABASE_URL", "jdbc:postgresql://db/altus"));
    assertThat(c.identity().bcryptCost()).isEqualTo(8);
    assertThat(c.region()).isEqualTo("North");
    assertThat(c.host()).isEqualTo("127.0.0.5");
    assertThat(c.identity().publicUrl()).isEqualTo("http://127.0.0.5:5000/v3");
    assertThat(c.database().isPostgres()).isTrue();
    assertThat(c.adminPassword()).isEqualTo("pw");
  }

  @Test
  void eachCloudHasItsOwnFirewallTablesUnlessOneIsNamed() throws Exception {
    Path one = Files.createTempDirectory("cfg");
    Path two = Files.createTempDirectory("cfg");
    String first = AltusConfig.load(one, null, null, Map.of()).network().dataPlane().firewallTable();
    assertThat(first).matches("altus-sg-[0-9a-f]{8}")
        .isEqualTo(AltusConfig.load(one, null, null, Map.of()).network().dataPlane()
            .firewallTable())
        .isNotEqualTo(AltusConfig.load(two, null, null, Map.of()).network().dataPlane()
            .firewallTable());
    assertThat(AltusConfig.load(two, null, null, Map.of("ALTUS_NETWORK_FIREWALL_TABLE", "ci_sg"))
        .network().dataPlane().firewallTable()).isEqualTo("ci_sg");
    Files.writeString(one.resolve("altus.conf"), "network.firewall_table = altus sg\n");
    assertThatThrownBy(() -> AltusConfig.load(one, null, null, Map.of()))
        .hasMessageContaining("network.firewall_table").hasMessageContaining("'altus sg'");
  }

  @Test
  void eachApiHasItsOwnBodyLimitAndSharesHeaderAndTimeLimits() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    Files.writeString(dir.resolve("altus.conf"), "compute.max_request_body_size = 262144\n"
        + "http.max_header_count = 50\nhttp.client_read_timeout_seconds = 10\n");
    AltusConfig c = AltusConfig.load(dir, null, null, Map.of());
    assertThat(c.httpLimits("compute").maxRequestBodySize()).isEqualTo(262_144);
    assertThat(c.httpLimits("identity").maxRequestBodySize()).isEqualTo(114_688);
    assertThat(c.httpLimits("network").maxHeaderCount()).isEqualTo(50);
    assertThat(c.httpLimits("image").readTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.httpLimits("image").idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    Files.writeString(dir.resolve("altus.conf"), "identity.max_request_body_size = 0\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("max_request_body_size");
  }

  @Test
  void unknownKeysAndBadValuesStopTheStartWithTheirName() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    Files.writeString(dir.resolve("altus.conf"), "identity.bcrypt_cots = 10\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("identity.bcrypt_cots").hasMessageContaining("identity.bcrypt_cost");
    Files.writeString(dir.resolve("altus.conf"), "identity.port = five\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("identity.port");
    Files.writeString(dir.resolve("altus.conf"), "identity.bcrypt_cost = 40\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("bcrypt_cost");
    Files.writeString(dir.resolve("altus.conf"), "database.url = postgres://x\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("database.url");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, dir.resolve("missing.conf"), Map.of()))
        .hasMessageContaining("missing.conf");
  }

  @Test
  void computeServiceDownTimeIsNovasSixtySecondsUnlessSet() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    assertThat(AltusConfig.load(dir, null, null, Map.of()).compute().serviceDownTime())
        .isEqualTo(Duration.ofSeconds(60));
    Files.writeString(dir.resolve("altus.conf"), "compute.service_down_time = 15\n");
    assertThat(AltusConfig.load(dir, null, null, Map.of()).compute().serviceDownTime())
        .isEqualTo(Duration.ofSeconds(15));
    Files.writeString(dir.resolve("altus.conf"), "compute.service_down_time = 0\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("compute.service_down_time");
  }

  @Test
  void metadataAndConfigDriveOptions() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    var d = AltusConfig.load(dir, null, null, Map.of());
    assertThat(d.compute().metadata().port()).isEqualTo(8775);
    assertThat(d.compute().metadata().sharedSecret()).isNull();
    assertThat(d.compute().metadata().forceConfigDrive()).isFalse();
    assertThat(d.image().requireImageFormatMatch()).isTrue();
    Files.writeString(dir.resolve("altus.conf"), "compute.metadata_port = 18775\n"
        + "compute.force_config_drive = true\nimage.require_image_format_match = false\n");
    var c = AltusConfig.load(dir, null, null, Map.of("ALTUS_METADATA_SHARED_SECRET", "s3cret"));
    assertThat(c.compute().metadata().port()).isEqualTo(18775);
    assertThat(c.compute().metadata().sharedSecret()).isEqualTo("s3cret");
    assertThat(c.compute().metadata().forceConfigDrive()).isTrue();
    assertThat(c.image().requireImageFormatMatch()).isFalse();
    Files.writeString(dir.resolve("altus.conf"), "compute.metadata_port = 70000\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageContaining("compute.metadata_port");
  }

  @Test
  void busKeysAreReadAndRefusalsNameTheKeyAndWhereItWasSet() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    assertThat(AltusConfig.load(dir, null, null, Map.of()).bus().isLocal()).isTrue();
    Files.writeString(dir.resolve("altus.conf"),
        "bus.url = amqp://altus-compute:pw@controller:5672/altus\nbus.call_timeout_seconds = 30\n");
    AltusConfig c = AltusConfig.load(dir, null, null, Map.of());
    assertThat(c.bus().isLocal()).isFalse();
    assertThat(c.bus().callTimeout()).isEqualTo(Duration.ofSeconds(30));
    Files.writeString(dir.resolve("altus.conf"), "bus.url = amqp://controller:5672/altus\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null, Map.of()))
        .hasMessageStartingWith("bus.url has no user and password")
        .hasMessageContaining("is set in " + dir.resolve("altus.conf"));
    Files.writeString(dir.resolve("altus.conf"), "bus.prefetch = 8\n");
    assertThatThrownBy(() -> AltusConfig.load(dir, null, null,
        Map.of("ALTUS_BUS_PREFETCH", "-1"))).hasMessageContaining("bus.prefetch")
        .hasMessageContaining("set by ALTUS_BUS_PREFETCH");
  }
}
