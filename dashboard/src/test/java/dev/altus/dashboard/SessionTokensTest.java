package dev.altus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which tokens a session holds and revokes, against an identity service on a local socket that
 * answers as Keystone does and records every revocation: at any time one live token, and none
 * after sign-out.
 */
class SessionTokensTest {
  private HttpServer identity;
  private final List<String> revoked = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private SessionResource sessions;

  @BeforeEach
  void start() throws IOException {
    identity = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    identity.createContext("/v3/auth/tokens", this::tokens);
    identity.createContext("/v3/auth/projects", x -> answer(x, 200, null, """
        {"projects": [{"id": "p2", "name": "beta", "domain_id": "default"},
                      {"id": "p1", "name": "alpha", "domain_id": "default"}]}"""));
    identity.start();
    sessions = new SessionResource(new IdentityClient(HttpClient.newHttpClient(),
        "http://127.0.0.1:" + identity.getAddress().getPort() + "/v3"),
        new Sessions(Clock.systemUTC()), Clock.systemUTC(), Duration.ofMinutes(10));
  }

  @AfterEach
  void stop() {
    identity.stop(0);
  }

  private void tokens(HttpExchange x) throws IOException {
    if (x.getRequestMethod().equals("DELETE")) {
      revoked.add(x.getRequestHeaders().getFirst("X-Subject-Token"));
      answer(x, 204, null, "");
      return;
    }
    JsonNode auth = SessionResource.parse(x.getRequestBody().readAllBytes()).orElseThrow()
        .path("auth");
    if (auth.at("/identity/password/user/password").asText().equals("wrong")) {
      answer(x, 401, null, "{\"error\": {\"code\": 401, \"message\": \"The request you have made"
          + " requires authentication.\", \"title\": \"Unauthorized\"}}");
      return;
    }
    String project = auth.at("/scope/project/id").asText("");
    String token = "t" + issued.incrementAndGet() + (project.isEmpty() ? "" : "-" + project);
    answer(x, 201, token, """
        {"token": {"expires_at": "%s", "user": {"id": "u1", "name": "ann",
          "domain": {"id": "default", "name": "Default"}},
          %s "roles": [{"name": "member"}], "catalog": [{"type": "compute", "endpoints": [
          {"interface": "public", "url": "http://compute.example/v2.1"}]}]}}"""
        .formatted(Instant.now().plusSeconds(3600), project.isEmpty() ? ""
            : "\"project\": {\"id\": \"" + project + "\", \"name\": \"n\", \"domain\": {\"id\": \"default\"}},"));
  }

  private static void answer(HttpExchange x, int status, String token, String body)
      throws IOException {
    if (token != null) {
      x.getResponseHeaders().add("X-Subject-Token", token);
    }
    x.getResponseHeaders().add("Content-Type", "application/json");
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      x.getResponseBody().write(b);
    }
    x.close();
  }

  private JsonNode json(String s) {
    return SessionResource.parse(s.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  @Test
  void eachSwapRevokesTheTokenItReplacesAndSignOutTheLastOne() throws Exception {
    Session s = sessions.signIn(json("{\"username\": \"ann\", \"password\": \"pw\"}"));
    // the first project by name, and the unscoped token is gone
    assertThat(s.project().id()).isEqualTo("p1");
    assertThat(s.token()).isEqualTo("t2-p1");
    assertThat(s.catalog()).containsEntry("compute", "http://compute.example/v2.1");
    assertThat(revoked).containsExactly("t1");

    Session switched = sessions.switchProject(s, json("{\"project_id\": \"p2\"}"));
    assertThat(switched.token()).isEqualTo("t3-p2");
    assertThat(switched.id()).isEqualTo(s.id());
    assertThat(switched.csrf()).isEqualTo(s.csrf());
    assertThat(revoked).containsExactly("t1", "t2-p1");
    // the replaced session cannot be switched again (another tab did it first)
    assertThatThrownBy(() -> sessions.switchProject(s, json("{\"project_id\": \"p1\"}")))
        .isInstanceOf(ServiceError.class).hasMessageContaining("changed meanwhile");
    assertThat(revoked).contains("t4-p1");

    Session renewed = sessions.renew(switched, json("{\"password\": \"pw\"}"));
    assertThat(renewed.token()).isEqualTo("t5-p2");
    assertThat(revoked).contains("t3-p2");

    sessions.signOut(renewed);
    assertThat(revoked).containsExactly("t1", "t2-p1", "t4-p1", "t3-p2", "t5-p2");
  }

  @Test
  void aWrongPasswordIsRefusedInPlainWords() {
    assertThatThrownBy(() -> sessions.signIn(json("{\"username\": \"ann\", \"password\": \"wrong\"}")))
        .isInstanceOf(ServiceError.class).hasMessageStartingWith("Sign-in failed")
        .extracting(e -> ((ServiceError) e).status()).isEqualTo(401);
    assertThatThrownBy(() -> sessions.signIn(json("{\"password\": \"pw\"}")))
        .isInstanceOf(ServiceError.class).hasMessageContaining("'username' is required");
    assertThat(revoked).isEmpty();
  }
}
