package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.ComputeConfig;
import dev.altus.compute.ComputeModule;
import dev.altus.compute.ServersConfig;
import dev.altus.compute.support.InMemoryImageClient;
import dev.altus.compute.support.InMemoryNetworkClient;
import dev.altus.compute.support.TestDrivers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Identity and compute over one in-memory H2 database on free loopback ports, with compute
 * agents on test drivers and in-memory image and network services.
 */
final class ComputeApiHarness extends ApiHarness {
  final TestDrivers drivers;
  final InMemoryImageClient images = new InMemoryImageClient();
  final InMemoryNetworkClient networks = new InMemoryNetworkClient();
  final String imageId;
  final String networkId;
  /** The secret the metadata tests sign instance ids with. */
  static final String METADATA_SECRET = "metadata-test-secret";

  ComputeApiHarness() throws Exception {
    this(List.of("compute1", "compute2"), 16, 16384, 200, 3);
  }

  /** Hosts of the given size, with scheduler_max_attempts. */
  ComputeApiHarness(List<String> hosts, int vcpus, int ramMb, int diskGb, int maxAttempts)
      throws Exception {
    this(hosts, vcpus, ramMb, diskGb, maxAttempts, false);
  }

  /** The default hosts, every server given a config drive (compute.force_config_drive). */
  static ComputeApiHarness forcingConfigDrives() throws Exception {
    return new ComputeApiHarness(List.of("compute1", "compute2"), 16, 16384, 200, 3, true);
  }

  private ComputeApiHarness(List<String> hosts, int vcpus, int ramMb, int diskGb,
      int maxAttempts, boolean forceConfigDrive) throws Exception {
    super("compute");
    drivers = new TestDrivers(vcpus, ramMb, diskGb);
    ServersConfig sc = new ServersConfig(maxAttempts, 10, Duration.ofSeconds(10),
        Duration.ofSeconds(60), Duration.ofSeconds(60), 1.0, 1.0, 1.0,
        "http://127.0.0.1:6080/vnc_lite.html", 6080, "/usr/share/novnc", 1000);
    ComputeConfig config = ComputeConfig.defaults("http://127.0.0.1:8774", "compute1")
        .withHosts(hosts).withServers(sc)
        .withMetadata(new dev.altus.compute.MetadataConfig(0, METADATA_SECRET,
            forceConfigDrive));
    serve(new ComputeModule(config, db, Clock.systemUTC(), images, networks, bus, drivers));
    imageId = images.add("cirros", 0, 0, 1024, Map.of("architecture", "x86_64"));
    networkId = networks.addNetwork("private", null, true, false);
    // the server tests boot more than Nova's default quota of 10 servers per project
    Response q = call("PUT", "/v2.1/os-quota-class-sets/default",
        "{\"quota_class_set\": {\"instances\": -1, \"cores\": -1, \"ram\": -1}}",
        adminToken());
    if (q.status() != 200) {
      throw new IllegalStateException("cannot lift the default quotas: " + q.status() + q.raw());
    }
  }

  /** A new project with a member user; returns the user's token. */
  String otherProjectToken(String name) throws Exception {
    return memberOf(name, name + "-user");
  }

  /** Creates a server on the shared network; returns its id. */
  String boot(String token, String name, String flavor) throws Exception {
    Response r = call("POST", "/v2.1/servers", """
        {"server": {"name": "%s", "imageRef": "%s", "flavorRef": "%s",
         "networks": [{"uuid": "%s"}]}}""".formatted(name, imageId, flavor, networkId), token);
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    return r.body().path("server").path("id").asText();
  }

  /** Polls until the server has the status (and no task), or fails after 20 s. */
  JsonNode waitFor(String id, String status, String token) throws Exception {
    long end = System.currentTimeMillis() + 20_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < end) {
      Response r = call("GET", "/v2.1/servers/" + id, null, token);
      if (status.equals("DELETED") && r.status() == 404) {
        return null;
      }
      last = r.body() == null ? null : r.body().path("server");
      if (last != null && status.equals(last.path("status").asText())
          && last.path("OS-EXT-STS:task_state").isNull()) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("server " + id + " did not become " + status + ": " + last);
  }
}
