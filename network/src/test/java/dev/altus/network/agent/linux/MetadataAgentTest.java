package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metadata agent's request handling that needs no host: parsing, refusals, the signature. */
class MetadataAgentTest {
  private final MetadataAgent agent = new MetadataAgent("h", java.time.Duration.ofHours(1),
      Path.of("/nonexistent/sock"), "http://127.0.0.1:9", "secret");

  private static MetadataAgent.Request parse(String raw) throws Exception {
    return MetadataAgent.Request.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void parsesTheProxiedRequestAndTakesTheLastForwardedAddress() throws Exception {
    var r = parse("POST /openstack/2013-10-17/password HTTP/1.1\r\nHost: 169.254.169.254\r\n"
        + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 10.0.0.5\r\n"
        + "X-Neutron-Router-ID: r1\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.target()).isEqualTo("/openstack/2013-10-17/password");
    assertThat(r.forwardedFor()).isEqualTo("10.0.0.5");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("abc");
  }

  @Test
  void refusesMalformedAndOversizedRequests() {
    assertThatThrownBy(() -> parse("GARBAGE\r\n\r\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRequestNotFromAProxyIsABadRequest() throws Exception {
    var a = agent.answer(parse("GET / HTTP/1.1\r\nX-Forwarded-For: 10.0.0.5\r\n\r\n"));
    assertThat(a.status()).isEqualTo(400);
  }

  @Test
  void anAddressThatIsNoInstancesPortIsNotFound() throws Exception {
    var a = agent.answer(new MetadataAgent.Request("GET", "/", Map.of(
        "x-forwarded-for", "10.0.0.5", "x-neutron-network-id", "net"), new byte[0]));
    assertThat(a.status()).isEqualTo(404);
  }
}
