package dev.altus.image.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.altus.common.error.ApiException;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinnedHttpGetTest {
  private static final Duration T = Duration.ofSeconds(5);
  private HttpServer web;
  private final byte[] payload = new byte[300_000];
  private final AtomicReference<String> hostSeen = new AtomicReference<>();

  @BeforeEach
  void up() throws IOException {
    new Random(3).nextBytes(payload);
    web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    web.createContext("/fixed", ex -> {
      hostSeen.set(ex.getRequestHeaders().getFirst("Host"));
      ex.sendResponseHeaders(200, payload.length);
      ex.getResponseBody().write(payload);
      ex.close();
    });
    web.createContext("/chunked", ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream o = ex.getResponseBody()) {
        for (int off = 0; off < payload.length; off += 7_777) {
          o.write(payload, off, Math.min(7_777, payload.length - off));
          o.flush();
        }
      }
    });
    web.start();
  }

  @AfterEach
  void down() {
    web.stop(0);
  }

  private int port() {
    return web.getAddress().getPort();
  }

  @Test
  void connectsToTheCheckedAddressAndSendsTheNameAsHost() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    var guard = new WebDownloadGuard(List.of("127.0.0.1"), host -> {
      lookups.incrementAndGet();
      assertThat(host).isEqualTo("images.example.invalid");
      return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
    });
    var target = guard.check("http://images.example.invalid:" + port() + "/fixed");
    try (var r = PinnedHttpGet.open(target, T, T)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().readAllBytes()).isEqualTo(payload);
    }
    // the name is not resolvable: the fetch went to the address the guard checked, looked up once
    assertThat(lookups.get()).isEqualTo(1);
    assertThat(hostSeen.get()).isEqualTo("images.example.invalid:" + port());
  }

  @Test
  void aNameThatResolvesToAnInternalAddressIsRefusedBeforeAnyConnection() {
    var guard = new WebDownloadGuard(List.of(), host -> new InetAddress[] {
        InetAddress.getByName("10.1.2.3")});
    assertThatThrownBy(() -> guard.check("http://rebind.example.invalid/disk.qcow2"))
        .isInstanceOf(ApiException.class).hasMessageContaining("10.1.2.3");
  }

  @Test
  void thePinnedAddressesAreThoseTheGuardSaw() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    // a resolver whose second answer would be internal: only the first answer is ever used
    var guard = new WebDownloadGuard(List.of(), host -> new InetAddress[] {
        InetAddress.getByName(lookups.getAndIncrement() == 0 ? "203.0.113.7" : "127.0.0.1")});
    var target = guard.check("https://mirror.example.invalid/img");
    assertThat(target.addresses()).containsExactly(InetAddress.getByName("203.0.113.7"));
    assertThat(lookups.get()).isEqualTo(1);
  }

  @Test
  void decodesAChunkedBody() throws Exception {
    var guard = new WebDownloadGuard(List.of("127.0.0.1"));
    try (var r = PinnedHttpGet.open(guard.check("http://127.0.0.1:" + port() + "/chunked"), T, T)) {
      assertThat(r.header("Transfer-Encoding")).contains("chunked");
      assertThat(r.body().readAllBytes()).isEqualTo(payload);
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthFails() throws Exception {
    assertTruncated("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
  }

  @Test
  void aChunkedBodyCutOffBeforeItsLastChunkFails() throws Exception {
    assertTruncated("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n"
        + "10\r\n0123");
  }

  @Test
  void aGarbageResponseIsAnError() throws Exception {
    try (ServerSocket ss = serveOnce("SSH-2.0-OpenSSH_9.2\r\n")) {
      var guard = new WebDownloadGuard(List.of("127.0.0.1"));
      assertThatThrownBy(() -> PinnedHttpGet.open(
          guard.check("http://127.0.0.1:" + ss.getLocalPort() + "/"), T, T))
          .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x response");
    }
  }

  private void assertTruncated(String response) throws Exception {
    try (ServerSocket ss = serveOnce(response)) {
      var guard = new WebDownloadGuard(List.of("127.0.0.1"));
      try (var r = PinnedHttpGet.open(guard.check("http://127.0.0.1:" + ss.getLocalPort() + "/"),
          T, T)) {
        assertThat(r.status()).isEqualTo(200);
        assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(EOFException.class);
      }
    }
  }

  /** A server that answers one connection with {@code response} and closes it. */
  static ServerSocket serveOnce(String response) throws IOException {
    ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    Thread.ofVirtual().start(() -> {
      try (Socket s = ss.accept()) {
        s.getInputStream().read(new byte[4096]);
        s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
      } catch (IOException e) {
        // the test sees the failure on its side
      }
    });
    return ss;
  }
}
