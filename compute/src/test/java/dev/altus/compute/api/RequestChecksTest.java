package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestChecksTest {
  @Test
  void ipv6IsShownInCanonicalForm() {
    assertThat(RequestChecks.canonicalIpv6("0000:0000:0000:0000:0000:babe:220.12.22.2"))
        .isEqualTo("::babe:dc0c:1602");
    assertThat(RequestChecks.canonicalIpv6("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(RequestChecks.canonicalIpv6("2001:db8::")).isEqualTo("2001:db8::");
    assertThat(RequestChecks.canonicalIpv6("::1")).isEqualTo("::1");
    assertThat(RequestChecks.canonicalIpv6("2001:db8:1:2:3:4:5:6")).isEqualTo(
        "2001:db8:1:2:3:4:5:6");
  }
}
