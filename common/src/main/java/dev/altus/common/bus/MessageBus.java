package dev.altus.common.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How controllers and agents talk: named topics carrying JSON messages, and fanout channels. A
 * topic has at most one consumer (e.g. {@code compute.compute1}, the agent of host compute1),
 * like an AMQP queue; a channel has any number of listeners, each of which gets every
 * notification.
 *
 * <p>Contract every implementation keeps (the in-process {@link LocalBus}, the RabbitMQ
 * {@link dev.altus.common.bus.amqp.AmqpBus}); {@code MessageBusContract} in the tests checks it
 * on both:
 * <ul>
 *   <li>{@link #cast} delivers a message at most once to the topic's consumer, asynchronously and
 *       in the order cast for one topic; the sender never blocks on the consumer.</li>
 *   <li>{@link #call} delivers a message and completes with the consumer's reply; exceptionally
 *       with {@link NoConsumerException} when nobody consumes the topic, with
 *       {@link CallTimeoutException} when no reply came in time, or with
 *       {@link RemoteFailureException} (the consumer's exception type and message) when the
 *       consumer threw. Calls are handled beside the topic's casts, never queued behind them.</li>
 *   <li>A message cast to a topic without a consumer is dropped and reported through the returned
 *       value; the sender decides what that means (e.g. a build on a host that is gone fails). A
 *       topic has its consumer from {@link #consume} to {@link #stopConsuming}; on a broker it
 *       keeps it while the consumer's process reconnects or restarts within the queue's expiry,
 *       and messages wait for it.</li>
 *   <li>{@link #publish} hands a notification to every listener of the channel at that moment,
 *       each in the order published; nobody listening is not an error.</li>
 *   <li>A consumer may see a message again after its connection to a broker was lost before the
 *       message was acknowledged; the bus hands a message it has already handled (or is handling)
 *       to the consumer only once per process, and consumers make their handlers idempotent for
 *       the rest (a restarted process).</li>
 *   <li>When the bus cannot reach its broker for longer than it is willing to wait, sends fail
 *       with {@link BusUnavailableException}, which names the broker's address.</li>
 * </ul>
 * Messages are JSON so that they cross a process boundary unchanged.
 */
public interface MessageBus extends AutoCloseable {
  /**
   * Sends without waiting for the consumer; false when the topic has no consumer.
   *
   * @throws BusUnavailableException when the broker cannot be reached
   */
  boolean cast(String topic, JsonNode message);

  /** Sends and completes with the consumer's reply, within the bus's default call timeout. */
  CompletableFuture<JsonNode> call(String topic, JsonNode message);

  /** Sends and completes with the consumer's reply, or a {@link CallTimeoutException}. */
  CompletableFuture<JsonNode> call(String topic, JsonNode message, Duration timeout);

  /**
   * Consumes {@code topic}: {@code handler} returns the reply for calls (ignored for casts).
   * Replaces an earlier consumer of the same topic in this process.
   *
   * @throws IllegalStateException when another process consumes the topic
   */
  void consume(String topic, Function<JsonNode, JsonNode> handler);

  /**
   * Stops consuming {@code topic}: the topic has no consumer from now on (casts to it return
   * false); messages this process already received may still be handled.
   */
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

  /** Hands {@code notification} to every listener of {@code channel}. */
  void publish(String channel, JsonNode notification);

  /** Listens to {@code channel} until the returned subscription is closed. */
  Subscription listen(String channel, Consumer<JsonNode> listener);

  @Override
  void close();

  /** A listener's registration; closing it stops the deliveries. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Raised when a call's topic has no consumer. */
  final class NoConsumerException extends RuntimeException {
    public NoConsumerException(String topic) {
      super("no consumer on topic " + topic);
    }
  }

  /** Raised when a call's reply did not come in time. */
  final class CallTimeoutException extends RuntimeException {
    public CallTimeoutException(String topic, Duration timeout) {
      super("no reply on topic " + topic + " within " + timeout.toMillis() + " ms");
    }
  }

  /** What a call's consumer threw, carried back to the caller as its type and message. */
  final class RemoteFailureException extends RuntimeException {
    private final String type;

    public RemoteFailureException(String topic, String type, String message) {
      super("the consumer of " + topic + " failed: " + type + ": " + message);
      this.type = type;
    }

    /** The simple class name of what the consumer threw. */
    public String type() {
      return type;
    }
  }

  /** Raised when the bus cannot reach its broker; the message names the broker's address. */
  final class BusUnavailableException extends RuntimeException {
    public BusUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
