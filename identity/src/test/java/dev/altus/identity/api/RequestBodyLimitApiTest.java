package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.http.ChunkedFlood;
import dev.altus.common.json.Json;
import java.net.URI;
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
    ChunkedFlood.Answer a = ChunkedFlood.post(base.getPort(), "/v3/auth/tokens", total, sent);
    long sentWhenAnswered = sent.get();
    assertThat(a.status()).isEqualTo(413);
    var error = Json.parse(a.body()).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(413);
    assertThat(error.get("title").asText()).isEqualTo("Request Entity Too Large");
    assertThat(error.get("message").asText()).contains("114688 bytes");
    assertThat(sentWhenAnswered).isLessThan(total / 2);
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
