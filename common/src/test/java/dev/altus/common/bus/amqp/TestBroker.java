package dev.altus.common.bus.amqp;

import dev.altus.common.bus.BusConfig;
import java.util.Map;

/**
 * The RabbitMQ broker of the tests: scripts/test-rabbitmq.sh starts one and prints its URL, which
 * run-tests puts in ALTUS_TEST_RABBITMQ_URL. Without it the broker's tests are skipped with that
 * hint, except in CI (CI=true), where they must run.
 */
public final class TestBroker {
  private TestBroker() {}

  /** The URL of the user with every right on the test virtual host. */
  public static String url() {
    return dev.altus.common.db.TestDatabases.required("ALTUS_TEST_RABBITMQ_URL",
        "scripts/test-rabbitmq.sh", "RabbitMQ");
  }

  /** The same broker as another of the script's users (password 'altus'). */
  public static String urlAs(String user) {
    AmqpAddress a = AmqpAddress.parse(url());
    return "amqp://" + user + ":altus@" + a.hostPort() + "/" + a.vhost();
  }

  /** A bus configuration for {@code url} with short timeouts (queues the tests leave expire in 30 s). */
  public static BusConfig config(String url, Map<String, String> overrides) {
    Map<String, String> keys = new java.util.HashMap<>(Map.of("bus.url", url,
        "bus.connect_timeout_seconds", "10", "bus.send_timeout_seconds", "10",
        "bus.call_timeout_seconds", "20", "bus.heartbeat_seconds", "2",
        "bus.queue_expiry_seconds", "30"));
    keys.putAll(overrides);
    return BusConfig.of(keys::get);
  }
}
