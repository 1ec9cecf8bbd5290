package dev.altus.compute.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.compute.store.ConsoleTokenStore.Console;
import dev.altus.compute.virt.BytesImage;
import dev.altus.compute.virt.ConsoleAddress;
import dev.altus.compute.virt.InstanceSpec;
import dev.altus.compute.virt.fake.FakeDriver;
import dev.altus.compute.virt.fake.FakeDriverOptions;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console proxy between a WebSocket client and a fake guest's VNC display. */
class ConsoleProxyTest {
  final HttpClient http = HttpClient.newHttpClient();
  FakeDriver driver;
  ConsoleProxy proxy;
  String uuid = UUID.randomUUID().toString();
  ConsoleAddress address;
  @TempDir Path web;

  @BeforeEach
  void start() throws Exception {
    driver = new FakeDriver("host-a", FakeDriverOptions.parse("host-a", Map.of(
        "boot_seconds", "0", "vnc_base_port", "15900")));
    driver.spawn(new InstanceSpec(uuid, "instance-00000001", "web-1", 1, 512, 1, 0, 0,
        BytesImage.qcow2("img", 1000, 1), List.of(), null, Map.of(), null));
    address = driver.vncConsole(uuid);
    Files.writeString(web.resolve("vnc_lite.html"), "<html>noVNC page</html>");
    proxy = new ConsoleProxy(t -> t.equals("good")
        ? Optional.of(new Console(uuid, "novnc", address.host(), address.port(), 0))
        : Optional.empty(), web).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    proxy.close();
    driver.close();
  }

  private CompletableFuture<WebSocket> open(String path, RfbBytes listener) {
    return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + proxy.port()
        + path), listener);
  }

  /** Collects the binary frames' bytes until it has n. */
  static final class RfbBytes implements WebSocket.Listener {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> first = new CompletableFuture<>();
    final int n;

    RfbBytes(int n) {
      this.n = n;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      got.writeBytes(b);
      if (got.size() >= n) {
        first.complete(got.toByteArray());
      }
      ws.request(1);
      return null;
    }
  }

  @Test
  void aValidTokenReachesTheGuestsVncServerBothWays() throws Exception {
    RfbBytes l = new RfbBytes(12);
    WebSocket ws = open("/websockify?token=good", l).get(10, TimeUnit.SECONDS);
    assertThat(new String(l.first.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII))
        .isEqualTo("RFB 003.008\n");
    l.got.reset();
    ws.sendBinary(ByteBuffer.wrap("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)), true)
        .get(10, TimeUnit.SECONDS);
    // the guest answers with its security types: one, None
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (l.got.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(l.got.toByteArray()).containsExactly(1, 1);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  @Test
  void theUrlsShapeOfTheApiOpensToo() throws Exception {
    // vnc_lite.html?path=%3Ftoken%3D... makes noVNC connect to ws://HOST:PORT/?token=...
    RfbBytes l = new RfbBytes(12);
    open("/?token=good", l).get(10, TimeUnit.SECONDS);
    assertThat(l.first.get(10, TimeUnit.SECONDS)).startsWith("RFB ".getBytes());
  }

  @Test
  void anUnknownTokenIsRefusedWithAStatusThatSaysWhy() {
    assertThatThrownBy(() -> open("/websockify?token=bad", new RfbBytes(1)).get(10,
        TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> {
          HttpResponse<?> r = ((WebSocketHandshakeException) e).getResponse();
          assertThat(r.statusCode()).isEqualTo(403);
          assertThat(r.headers().firstValue("x-console-error")).hasValueSatisfying(
              v -> assertThat(v).contains("openstack console url show"));
        });
  }

  @Test
  void aRefusedUpgradeSendsNothingAClientCouldTakeForFrames() throws Exception {
    // as Tempest's test_novnc_bad_token reads it: the answer's head, then the connection closes
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("GET /?token=bad HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: binary\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(all).startsWith("HTTP/1.1 403");
      assertThat(all.substring(all.indexOf("\r\n\r\n") + 4)).isEmpty();
    }
  }

  @Test
  void aGuestThatIsOffIsExplainedNotHung() throws Exception {
    driver.powerOff(uuid, 0);
    assertThatThrownBy(() -> open("/websockify?token=good", new RfbBytes(1)).get(10,
        TimeUnit.SECONDS))
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
            .isEqualTo(503));
  }

  @Test
  void thePageIsServedAndExplainsAnExpiredUrl() throws Exception {
    String base = "http://127.0.0.1:" + proxy.port();
    var ok = get(base + "/vnc_lite.html?path=%3Ftoken%3Dgood");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("noVNC page");
    assertThat(ok.headers().firstValue("content-type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/html"));
    var expired = get(base + "/vnc_lite.html?path=%3Ftoken%3Dbad");
    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(expired.body()).contains("expired", "openstack console url show SERVER");
    assertThat(get(base + "/../../etc/passwd").statusCode()).isEqualTo(404);
    assertThat(get(base + "/%2e%2e/%2e%2e/etc/passwd").statusCode()).isEqualTo(404);
    assertThat(get(base + "/a%00b.html").statusCode()).isEqualTo(404);
    assertThat(get(base + "/").body()).contains("openstack console url show SERVER");
    assertThat(get(base + "/websockify?token=good").statusCode()).isEqualTo(426);
    var post = http.send(HttpRequest.newBuilder(URI.create(base + "/vnc_lite.html"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aRequestThatIsNotHttpIsABadRequestNotASilentClose() throws Exception {
    try (var s = new java.net.Socket("127.0.0.1", proxy.port())) {
      s.getOutputStream().write("GET vnc_lite.html HTTP/1.1\r\n\r\n".getBytes());
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("is not a path");
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
