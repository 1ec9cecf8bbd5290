package dev.altus.common.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process bus of the all-in-one role. Each topic has its own single-threaded virtual-thread
 * queue, so messages of one topic are handled in order and one slow consumer never holds up
 * another. Messages are deep-copied on the way in, so sender and consumer share no mutable state,
 * as across a real bus. A consumer that wants to work on several messages at once (a compute agent
 * building ten servers) hands them to its own workers; the bus only guarantees delivery order.
 * Nothing is ever redelivered here, so the bus never sees a message twice.
 */
public final class LocalBus implements MessageBus {
  private static final Logger LOG = LoggerFactory.getLogger(LocalBus.class);

  private record Topic(Function<JsonNode, JsonNode> handler, ExecutorService queue) {}

  private record Listener(Consumer<JsonNode> listener, ExecutorService queue) {}

  private final Map<String, Topic> consumers = new ConcurrentHashMap<>();
  private final Map<String, List<Listener>> channels = new ConcurrentHashMap<>();
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
  private final Duration callTimeout;
  private volatile boolean closed;

  public LocalBus() {
    this(BusConfig.DEFAULT_CALL_TIMEOUT);
  }

  /** A bus whose {@link #call(String, JsonNode)} waits at most {@code callTimeout}. */
  public LocalBus(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  @Override
  public boolean cast(String topic, JsonNode message) {
    Topic c = consumers.get(topic);
    if (c == null || closed) {
      return false;
    }
    JsonNode copy = message.deepCopy();
    try {
      c.queue.execute(() -> {
        try {
          c.handler.apply(copy);
        } catch (RuntimeException e) {
          LOG.error("consumer of {} failed on a cast: {}", topic, e.toString(), e);
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public CompletableFuture<JsonNode> call(String topic, JsonNode message) {
    return call(topic, message, callTimeout);
  }

  @Override
  public CompletableFuture<JsonNode> call(String topic, JsonNode message, Duration timeout) {
    Topic c = consumers.get(topic);
    if (c == null || closed) {
      return CompletableFuture.failedFuture(new NoConsumerException(topic));
    }
    JsonNode copy = message.deepCopy();
    try {
      // calls run beside the ordered cast queue: a reply must not wait behind a long build
      return CompletableFuture.<JsonNode>supplyAsync(() -> {
        JsonNode reply;
        try {
          reply = c.handler.apply(copy);
        } catch (RuntimeException e) {
          throw new RemoteFailureException(topic, e.getClass().getSimpleName(), e.getMessage());
        }
        return reply == null ? null : reply.deepCopy();
      }, callers).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionallyCompose(e -> CompletableFuture.<JsonNode>failedFuture(
              unwrap(e) instanceof TimeoutException ? new CallTimeoutException(topic, timeout)
                  : unwrap(e)));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new NoConsumerException(topic));
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null
        ? e.getCause() : e;
  }

  @Override
  public void consume(String topic, Function<JsonNode, JsonNode> handler) {
    ExecutorService queue = Executors.newSingleThreadExecutor(
        Thread.ofVirtual().name("bus-" + topic).factory());
    Topic old = consumers.put(topic, new Topic(handler, queue));
    if (old != null) {
      old.queue.shutdown();
    }
  }

  @Override
  public void stopConsuming(String topic) {
    Topic old = consumers.remove(topic);
    if (old != null) {
      old.queue.shutdown();
    }
  }

  @Override
  public void publish(String channel, JsonNode notification) {
    if (closed) {
      return;
    }
    for (Listener l : channels.getOrDefault(channel, List.of())) {
      JsonNode copy = notification.deepCopy();
      try {
        l.queue.execute(() -> {
          try {
            l.listener.accept(copy);
          } catch (RuntimeException e) {
            LOG.error("listener of {} failed: {}", channel, e.toString(), e);
          }
        });
      } catch (RejectedExecutionException e) {
        // closed meanwhile: a listener that has gone gets nothing
      }
    }
  }

  @Override
  public Subscription listen(String channel, Consumer<JsonNode> listener) {
    Listener l = new Listener(listener, Executors.newSingleThreadExecutor(
        Thread.ofVirtual().name("bus-fanout-" + channel).factory()));
    channels.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(l);
    return () -> {
      channels.getOrDefault(channel, List.of()).remove(l);
      l.queue.shutdown();
    };
  }

  @Override
  public void close() {
    closed = true;
    for (String t : consumers.keySet()) {
      stopConsuming(t);
    }
    channels.values().forEach(ls -> ls.forEach(l -> l.queue.shutdown()));
    channels.clear();
    callers.shutdown();
  }

  @Override
  public String describe() {
    return "in-process (LocalBus: every service and agent in this JVM; no address to reach)";
  }
}
