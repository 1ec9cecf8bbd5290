package dev.altus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.altus.common.http.ChunkedFlood.Answer;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listener's limits, tried over real sockets: bodies, headers and silent clients. */
class HttpEndpointLimitsTest {
  static final long LIMIT = 4096;
  HttpEndpoint endpoint;
  final AtomicLong streamed = new AtomicLong();

  @BeforeEach
  void start() {
    Router router = new Router()
        .post("/json", req -> ApiResponse.ok(Json.object().put("bytes", req.body().length)))
        .post("/stream", req -> {
          byte[] buf = new byte[65536];
          long n = 0;
          try (InputStream in = req.bodyStream()) {
            for (int r; (r = in.read(buf)) >= 0; ) {
              n += r;
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          streamed.set(n);
          return ApiResponse.ok(Json.object().put("bytes", n));
        })
        .get("/ping", req -> ApiResponse.ok(Json.object().put("pong", true)))
        // limits apply before and whatever the authentication: these routes need no token
        .markPublic("POST", "/json").markPublic("POST", "/stream").markPublic("GET", "/ping");
    FaultFormat faults = e -> {
      var inner = Json.object().put("code", e.status()).put("message", e.getMessage());
      var body = Json.object();
      body.set("fault", inner);
      return ApiResponse.json(e.status(), body);
    };
    endpoint = new HttpEndpoint("test", router, faults, t -> java.util.Optional.empty(),
        new SimpleMeterRegistry(), () -> "")
        .limits(new HttpLimits(LIMIT, 8192, 30, Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    endpoint.stop();
  }

  Answer chunked(String path, long total, AtomicLong sent) throws Exception {
    return ChunkedFlood.post(endpoint.port(), path, total, sent);
  }

  static Answer read(InputStream in) throws IOException {
    return ChunkedFlood.read(in);
  }

  @Test
  void aStreamedBodyOverTheLimitIsRefusedWhileItIsSent() throws Exception {
    AtomicLong sent = new AtomicLong();
    long total = 512L << 20;
    Answer a = chunked("/json", total, sent);
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.body()).contains("\"fault\"").contains("4096 bytes");
    assertThat(a.head()).contains("connection: close");
    // answered long before the client got through its body: the server did not read it all
    assertThat(sent.get()).isLessThan(total / 2);
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws Exception {
    try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n"
          + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Answer a = read(s.getInputStream());
      assertThat(a.status()).isEqualTo(413);
      assertThat(a.body()).contains("\"fault\"");
    }
  }

  @Test
  void aBodyWithinTheLimitIsReadAndTheConnectionKeptForTheNextRequest() throws Exception {
    try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
      s.setSoTimeout(10_000);
      String json = "{\"a\":\"" + "x".repeat((int) LIMIT - 8) + "\"}";
      for (int i = 0; i < 2; i++) {
        s.getOutputStream().write(("POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + json.length() + "\r\n\r\n" + json).getBytes(StandardCharsets.US_ASCII));
        Answer a = read(s.getInputStream());
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("\"bytes\":" + json.length());
      }
    }
  }

  @Test
  void streamedBodiesKeepTheirOwnLimits() throws Exception {
    AtomicLong sent = new AtomicLong();
    Answer a = chunked("/stream", 8L << 20, sent);
    assertThat(a.status()).isEqualTo(200);
    assertThat(streamed.get()).isEqualTo(8L << 20);
  }

  @Test
  void tooManyHeadersAreRefusedInTheServiceFormat() throws Exception {
    StringBuilder req = new StringBuilder("GET /ping HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 40; i++) {
      req.append("X-H").append(i).append(": v\r\n");
    }
    try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      Answer a = read(s.getInputStream());
      assertThat(a.status()).isEqualTo(431);
      assertThat(a.body()).contains("\"fault\"").contains("at most 30");
    }
  }

  @Test
  void aHeaderBlockOverTheLimitIsRefusedInTheServiceFormat() throws Exception {
    try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Answer a = read(s.getInputStream());
      assertThat(a.status()).isBetween(400, 431);
      assertThat(a.body()).contains("\"fault\"");
    }
  }

  @Test
  void silentClientsAreHungUpOnAndDoNotHoldTheServer() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket s = new Socket("127.0.0.1", endpoint.port());
        // half a request line, then silence (a slow-loris client)
        s.getOutputStream().write("GET /pi".getBytes(StandardCharsets.US_ASCII));
        idle.add(s);
      }
      try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
        s.setSoTimeout(5_000);
        s.getOutputStream().write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(read(s.getInputStream()).status()).isEqualTo(200);
      }
      // the read timeout (1 s here) closes them: each read ends instead of waiting for ever
      long t0 = System.nanoTime();
      for (Socket s : idle) {
        s.setSoTimeout(15_000);
        InputStream in = s.getInputStream();
        try {
          while (in.read() >= 0) {
            // whatever error answer there is
          }
        } catch (java.net.SocketException reset) {
          // closed by the server
        }
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(12));
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }
}
