package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An unauthenticated client streaming an endless body at the token API is refused with Keystone's
 * 413 as soon as the body passes the limit, long before it is all sent; nothing of it is kept.
 */
class RequestBodyLimitApiTest {
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
  void aStreamedHundredsOfMegabytesTokenRequestIsA413WhileItIsSent() throws Exception {
    URI base = URI.create(api.base);
    long total = 768L << 20;
    AtomicLong sent = new AtomicLong();
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v3/auth/tokens HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Thread writer = Thread.ofVirtual().start(() -> {
        byte[] chunk = new byte[256 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '{';
        byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
          while (sent.get() < total) {
            out.write(head);
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            sent.addAndGet(chunk.length);
          }
        } catch (IOException hungUp) {
          // the server answered and closed
        }
      });
      BufferedReader in = new BufferedReader(
          new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      int length = 0;
      for (String line; !(line = in.readLine()).isEmpty(); ) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      char[] body = new char[length];
      int got = 0;
      while (got < length) {
        got += in.read(body, got, length - got);
      }
      long sentWhenAnswered = sent.get();
      writer.interrupt();
      assertThat(status).startsWith("HTTP/1.1 413");
      var error = Json.parse(new String(body)).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(413);
      assertThat(error.get("title").asText()).isEqualTo("Request Entity Too Large");
      assertThat(error.get("message").asText()).contains("114688 bytes");
      assertThat(sentWhenAnswered).isLessThan(total / 2);
    }
  }

  @Test
  void aDeclaredLengthOverTheLimitIsA413AndATokenRequestWithinItStillWorks() throws Exception {
    String padded = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\":"
        + " {\"name\": \"admin\", \"domain\": {\"id\": \"default\"}, \"password\": \"x\"}}}},"
        + " \"pad\": \"" + "p".repeat(120_000) + "\"}";
    var r = api.call("POST", "/v3/auth/tokens", padded, null);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body().get("error").get("code").asInt()).isEqualTo(413);
    assertThat(api.adminToken()).isNotBlank();
  }
}
