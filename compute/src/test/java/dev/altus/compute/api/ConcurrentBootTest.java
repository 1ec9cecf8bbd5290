package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 50 boots at once on hosts that fit exactly 50: all 50 become ACTIVE and no host holds more
 * than it has; the 51st ends in ERROR with a fault that explains every host.
 */
class ConcurrentBootTest {
  @Test
  void fiftyConcurrentBootsFillHostsExactlyAndTheFiftyFirstIsExplained() throws Exception {
    // 5 hosts x 10 m1.tiny (512 MB each): 5120 MB, 10 vCPUs, 10 GB each
    List<String> hosts = List.of("compute1", "compute2", "compute3", "compute4", "compute5");
    try (ComputeApiHarness h = new ComputeApiHarness(hosts, 10, 5120, 10, 3)) {
      String demo = h.demoToken();
      String admin = h.adminToken();
      ExecutorService pool = Executors.newFixedThreadPool(25);
      List<Future<String>> boots = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        boots.add(pool.submit(() -> h.boot(demo, "fill-" + n, "1")));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : boots) {
        ids.add(f.get());
      }
      pool.shutdown();
      for (String id : ids) {
        h.waitFor(id, "ACTIVE", demo);
      }
      for (var row : h.compute.servers.hosts.hosts()) {
        assertThat(row.memoryMbUsed()).as(row.host()).isEqualTo(5120);
        assertThat(row.vcpusUsed()).as(row.host()).isEqualTo(10);
        assertThat(row.runningVms()).as(row.host()).isEqualTo(10);
      }
      for (String host : hosts) {
        assertThat(h.drivers.byHost.get(host).guests).as(host).hasSize(10);
      }

      String last = h.boot(demo, "fill-51", "1");
      long end = System.currentTimeMillis() + 20_000;
      JsonNode s = null;
      while (System.currentTimeMillis() < end) {
        s = h.call("GET", "/v2.1/servers/" + last, null, admin).body().path("server");
        if (s.path("status").asText().equals("ERROR")) {
          break;
        }
        Thread.sleep(20);
      }
      assertThat(s.path("status").asText()).isEqualTo("ERROR");
      String message = s.path("fault").path("message").asText();
      assertThat(message).startsWith("No valid host was found.");
      for (String host : hosts) {
        assertThat(message).contains(host + ": RAM 0 MB free < 512 MB requested");
      }
    }
  }
}
