package dev.altus.common.bus;

import dev.altus.common.bus.amqp.AmqpAddress;
import dev.altus.common.bus.amqp.AmqpBus;
import java.time.Duration;
import java.util.function.Function;

/**
 * Which bus a process uses and how it behaves (the {@code bus.*} keys of docs/configuration.md).
 * No URL is the in-process bus of the all-in-one; an {@code amqp://} URL is RabbitMQ.
 *
 * @param url the broker, {@code amqp://user:password@host:port/vhost}, or null for in-process
 * @param callTimeout how long a call waits for its reply unless the caller says otherwise
 * @param connectTimeout how long a start waits for an unreachable broker before it gives up
 * @param sendTimeout how long a send waits for a lost broker to come back before it fails
 * @param heartbeat the AMQP heartbeat: a silent broker is taken as lost after two of them
 * @param prefetch messages a topic's consumer holds unacknowledged at once
 * @param queueExpiry how long a topic's queue outlives its consumer's absence on the broker
 */
public record BusConfig(String url, Duration callTimeout, Duration connectTimeout,
    Duration sendTimeout, Duration heartbeat, int prefetch, Duration queueExpiry) {
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  public BusConfig {
    if (url != null && url.isBlank()) {
      url = null;
    }
    if (url != null) {
      AmqpAddress.parse(url); // names bus.url in what it refuses
    }
    positive("bus.call_timeout_seconds", callTimeout);
    positive("bus.connect_timeout_seconds", connectTimeout);
    positive("bus.send_timeout_seconds", sendTimeout);
    positive("bus.heartbeat_seconds", heartbeat);
    positive("bus.queue_expiry_seconds", queueExpiry);
    if (prefetch < 1 || prefetch > 65535) {
      throw new IllegalArgumentException("bus.prefetch must be between 1 and 65535, not "
          + prefetch);
    }
  }

  private static void positive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive number of seconds");
    }
  }

  /** The defaults: the in-process bus. */
  public static BusConfig local() {
    return of(k -> null);
  }

  /** Reads the {@code bus.*} keys through {@code get} (null for a key not set). */
  public static BusConfig of(Function<String, String> get) {
    return new BusConfig(get.apply("bus.url"),
        seconds(get, "bus.call_timeout_seconds", DEFAULT_CALL_TIMEOUT.toSeconds()),
        seconds(get, "bus.connect_timeout_seconds", 60), seconds(get, "bus.send_timeout_seconds", 10),
        seconds(get, "bus.heartbeat_seconds", 10), (int) number(get, "bus.prefetch", 64),
        seconds(get, "bus.queue_expiry_seconds", 600));
  }

  private static Duration seconds(Function<String, String> get, String key, long dflt) {
    return Duration.ofSeconds(number(get, key, dflt));
  }

  private static long number(Function<String, String> get, String key, long dflt) {
    String v = get.apply(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
    }
  }

  public boolean isLocal() {
    return url == null;
  }

  /**
   * Opens the bus: the in-process one, or a connection to the broker (waiting up to the connect
   * timeout for it), named {@code client} in the broker's connection list.
   */
  public MessageBus open(String client) {
    return isLocal() ? new LocalBus(callTimeout) : AmqpBus.connect(this, client);
  }
}
