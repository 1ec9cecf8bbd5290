package dev.altus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint answers bad requests in the service's own fault format on a kept-alive socket. */
class HttpEndpointTest {
  private HttpEndpoint endpoint;

  @BeforeEach
  void start() {
    Router r = new Router();
    r.markPublic("GET", "/open").get("/open", req -> ApiResponse.ok(Json.object().put("ok", true)));
    r.markPublic("GET", "/stream").get("/stream", req -> ApiResponse.stream(200,
        "application/json", -1, os -> os.write(("[" + "1,".repeat(2000) + "1]").getBytes())));
    r.get("/secret", req -> {
      throw ApiException.badRequest("the handler looked at the request");
    });
    FaultFormat faults = e -> ApiResponse.json(e.status(),
        Json.object().set("fault", Json.object().put("code", e.status()).put("message", e.getMessage())));
    endpoint = new HttpEndpoint("test", r, faults, token -> Optional.empty(),
        new SimpleMeterRegistry(), () -> "").start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    endpoint.stop();
  }

  /** Sends the requests on one connection and returns each response's status line and body. */
  private String[] exchange(String... targets) throws Exception {
    String[] out = new String[targets.length];
    try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
      s.setSoTimeout(10_000);
      OutputStream os = s.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.ISO_8859_1));
      for (int i = 0; i < targets.length; i++) {
        String method = targets[i].startsWith("HEAD ") ? "HEAD" : "GET";
        String target = targets[i].replaceFirst("^HEAD ", "");
        os.write((method + " " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        os.flush();
        String status = in.readLine();
        int length = -1;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        assertThat(length).as("Content-Length of " + targets[i]).isNotNegative();
        if (method.equals("HEAD")) {
          out[i] = status + " length " + length;
          continue;
        }
        char[] body = new char[length];
        int n = 0;
        while (n < length) {
          n += in.read(body, n, length - n);
        }
        out[i] = status + " " + new String(body);
      }
    }
    return out;
  }

  @Test
  void aQueryThatDoesNotDecodeIsA400InTheServicesFormat() throws Exception {
    // the HTTP layer refuses it before routing; the answer is still the service's fault
    String[] r = exchange("/open?%zz=1");
    assertThat(r[0]).startsWith("HTTP/1.1 400").contains("{\"fault\":{\"code\":400,")
        .contains("could not be read");
    assertThat(exchange("/open")[0]).startsWith("HTTP/1.1 200").contains("\"ok\":true");
  }

  @Test
  void aHeadOfAStreamedBodySendsNoBodyAndTheNextResponseIsFramedRight() throws Exception {
    // the route fuzzer found HEAD /v2.0/ports followed by chunk bytes ('999') where the next
    // response's status line belonged
    String[] r = exchange("HEAD /stream", "/open");
    assertThat(r[0]).isEqualTo("HTTP/1.1 200 OK length 4003");
    assertThat(r[1]).startsWith("HTTP/1.1 200").contains("\"ok\":true");
  }

  @Test
  void aRouteNotMarkedPublicAnswers401BeforeItsHandlerRuns() throws Exception {
    String[] r = exchange("/secret", "/open");
    assertThat(r[0]).startsWith("HTTP/1.1 401").contains("\"code\":401");
    assertThat(r[1]).startsWith("HTTP/1.1 200");
  }
}
