package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.compute.support.FailingStorage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A database that fails under a request is reported as such: a 503, or a fault that says so. */
class DatabaseFailureApiTest {
  ComputeApiHarness h;
  String demo;
  String admin;

  @BeforeEach
  void start() throws Exception {
    h = new ComputeApiHarness(List.of("compute1", "compute2"), 4, 4096, 100, 3);
    demo = h.demoToken();
    admin = h.adminToken();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aDatabaseFaultInARequestIsA503WithARetryHint() throws Exception {
    FailingStorage.breakWrites(h.db.jdbi(), "flavors");
    var r = h.call("POST", "/v2.1/flavors", """
        {"flavor": {"name": "f-db", "ram": 64, "vcpus": 1, "disk": 1, "id": "f-db"}}""", admin);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("Retry-After")).isEqualTo("5");
    JsonNode fault = r.body().path("serviceUnavailable");
    assertThat(fault.path("code").asInt()).isEqualTo(503);
    assertThat(fault.path("message").asText()).contains("database is unavailable")
        .contains("Input/output error");
    FailingStorage.heal(h.db.jdbi(), "flavors");
    assertThat(h.call("POST", "/v2.1/flavors", """
        {"flavor": {"name": "f-db", "ram": 64, "vcpus": 1, "disk": 1, "id": "f-db"}}""", admin)
        .status()).isEqualTo(200);
  }

  @Test
  void aDatabaseFaultDuringTheSchedulingClaimIsNotNoValidHost() throws Exception {
    FailingStorage.breakWrites(h.db.jdbi(), "compute_nodes");
    String id = h.boot(demo, "claim-db", "1");
    JsonNode s = h.waitFor(id, "ERROR", admin);
    String message = s.path("fault").path("message").asText();
    assertThat(message).doesNotContain("No valid host").contains("database is unavailable")
        .contains("Input/output error");
    FailingStorage.heal(h.db.jdbi(), "compute_nodes");
  }
}
