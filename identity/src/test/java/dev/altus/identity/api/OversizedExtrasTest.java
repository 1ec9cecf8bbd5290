package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Extra attributes that do not fit their column are the client's error (the route fuzzer found a
 * PATCH with 20,000 unknown keys answered with a 500), and nothing is half-written.
 */
class OversizedExtrasTest {
  static IdentityApiHarness api;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void extrasTooLongToStoreAre400AndLeaveTheProjectAsItWas() throws Exception {
    String admin = api.adminToken();
    String project = api.call("POST", "/v3/projects", "{\"project\": {\"name\": \"extras\"}}", admin)
        .body().at("/project/id").asText();
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < 8000; i++) {
      keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
    }
    var r = api.call("PATCH", "/v3/projects/" + project, "{\"project\": {" + keys + "}}", admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(400);
    assertThat(r.body().at("/error/code").asInt()).isEqualTo(400);
    assertThat(r.body().at("/error/message").asText()).contains("too long to be stored");
    var after = api.call("GET", "/v3/projects/" + project, null, admin);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.body().at("/project").has("k1")).isFalse();
  }
}
