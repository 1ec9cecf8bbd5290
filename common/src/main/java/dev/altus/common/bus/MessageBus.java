package dev.altus.common.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * How controllers and agents talk: named topics carrying JSON messages. A topic has at most one
 * consumer (e.g. {@code compute.compute1}, the agent of host compute1), like an AMQP queue.
 *
 * <p>Contract every implementation keeps (the in-process {@link LocalBus}, later AMQP):
 * <ul>
 *   <li>{@link #cast} delivers a message at most once to the topic's consumer, asynchronously and
 *       in the order cast for one topic; the sender never blocks on the consumer.</li>
 *   <li>{@link #call} delivers a message and completes with the consumer's reply, or exceptionally
 *       with {@link NoConsumerException} when nobody consumes the topic, or with what the consumer
 *       threw.</li>
 *   <li>A message cast to a topic without a consumer is dropped and reported through the returned
 *       value; the sender decides what that means (e.g. a build on a host that is gone fails).</li>
 * </ul>
 * Messages are JSON so that they cross a process boundary unchanged.
 */
public interface MessageBus extends AutoCloseable {
  /** Sends without waiting for the consumer; false when the topic has no consumer. */
  boolean cast(String topic, JsonNode message);

  /** Sends and completes with the consumer's reply. */
  CompletableFuture<JsonNode> call(String topic, JsonNode message);

  /**
   * Consumes {@code topic}: {@code handler} returns the reply for calls (ignored for casts).
   * Replaces an earlier consumer of the same topic.
   */
  void consume(String topic, Function<JsonNode, JsonNode> handler);

  /** Stops consuming {@code topic}. */
  void stopConsuming(String topic);

  /**
   * What this bus is, for operators ({@code altus doctor}): e.g. "in-process", or the broker's
   * URL without credentials for a bus that crosses machines.
   */
  default String describe() {
    return getClass().getSimpleName();
  }

  /**
   * The network address services must reach for this bus (a broker's host and port), or empty
   * for a bus inside one process. {@code altus doctor} checks that the address answers and that
   * no host firewall rule drops its port.
   */
  default java.util.Optional<java.net.InetSocketAddress> address() {
    return java.util.Optional.empty();
  }

  @Override
  void close();

  /** Raised when a call's topic has no consumer. */
  final class NoConsumerException extends RuntimeException {
    public NoConsumerException(String topic) {
      super("no consumer on topic " + topic);
    }
  }
}
