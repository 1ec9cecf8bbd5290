package dev.altus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a request answers when the database fails under it, and when the program is at fault. */
class DatabaseFailureMappingTest {
  final FaultFormat faults = e -> ApiResponse.json(e.status(),
      Json.object().put("kind", e.kind()).put("message", e.getMessage()));

  ApiResponse call(RuntimeException thrown) {
    Router router = new Router().get("/x", req -> {
      throw thrown;
    }).markPublic("GET", "/x");
    HttpEndpoint endpoint = new HttpEndpoint("test", router, faults,
        t -> java.util.Optional.empty(), new SimpleMeterRegistry(), () -> "");
    ApiRequest req = new ApiRequest("GET", "/x", Map.of(), Map.of(), new Headers(Map.of()),
        java.io.InputStream::nullInputStream, "req-1");
    return endpoint.dispatch(req, "GET", "/x");
  }

  @Test
  void aDatabaseThatFailsIsA503WithRetryAfter() {
    for (String state : List.of("08006", "53100", "58030", "57P01", "HYT00")) {
      ApiResponse r = call(new IllegalStateException("wrapped",
          new SQLException("connection refused", state)));
      assertThat(r.status()).as(state).isEqualTo(503);
      assertThat(r.headers()).containsEntry("Retry-After", "5");
      assertThat(new String(r.body())).contains("The database is unavailable (connection refused)");
    }
    ApiResponse pool = call(new org.jdbi.v3.core.ConnectionException(
        new java.sql.SQLTransientConnectionException("altus-db - Connection is not available")));
    assertThat(pool.status()).isEqualTo(503);
  }

  @Test
  void theProgramsOwnSqlFaultsStayA500() {
    for (String state : List.of("23505", "42S02")) {
      ApiResponse r = call(new IllegalStateException(new SQLException("bug", state)));
      assertThat(r.status()).as(state).isEqualTo(500);
      assertThat(r.headers()).doesNotContainKey("Retry-After");
    }
    assertThat(call(new NullPointerException()).status()).isEqualTo(500);
  }
}
