package dev.altus.common.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.bus.amqp.AmqpAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusConfigTest {
  static BusConfig of(Map<String, String> keys) {
    return BusConfig.of(keys::get);
  }

  @Test
  void defaultsAreTheInProcessBus() {
    BusConfig c = BusConfig.local();
    assertThat(c.isLocal()).isTrue();
    assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.prefetch()).isEqualTo(64);
    assertThat(c.queueExpiry()).isEqualTo(Duration.ofSeconds(600));
    assertThat(c.open("x")).isInstanceOf(LocalBus.class);
  }

  @Test
  void anAmqpUrlIsParsedAndNeverShowsItsPassword() {
    AmqpAddress a = AmqpAddress.parse("amqp://altus-compute:p%40ss@controller:5673/altus");
    assertThat(a).extracting(AmqpAddress::user, AmqpAddress::password, AmqpAddress::host,
        AmqpAddress::port, AmqpAddress::vhost)
        .containsExactly("altus-compute", "p@ss", "controller", 5673, "altus");
    assertThat(a.toString()).isEqualTo("amqp://altus-compute@controller:5673/altus")
        .doesNotContain("p@ss");
    assertThat(AmqpAddress.parse("amqps://u:p@h").port()).isEqualTo(5671);
    assertThat(AmqpAddress.parse("amqp://u:p@h/").vhost()).isEqualTo("/");
    assertThat(of(Map.of("bus.url", "amqp://u:p@h:1/v")).isLocal()).isFalse();
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    for (String url : new String[] {"http://u:p@h/v", "amqp://h:5672/v", "amqp://u@h/v",
        "amqp:///v", "amqp://u:p@h/a/b", "not a url"}) {
      assertThatThrownBy(() -> of(Map.of("bus.url", url))).as(url)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bus.url ");
    }
    assertThatThrownBy(() -> of(Map.of("bus.call_timeout_seconds", "0")))
        .hasMessageContaining("bus.call_timeout_seconds");
    assertThatThrownBy(() -> of(Map.of("bus.heartbeat_seconds", "ten")))
        .hasMessageContaining("bus.heartbeat_seconds").hasMessageContaining("ten");
    assertThatThrownBy(() -> of(Map.of("bus.prefetch", "0"))).hasMessageContaining("bus.prefetch");
    assertThat(of(Map.of("bus.url", " ")).isLocal()).isTrue();
  }
}
