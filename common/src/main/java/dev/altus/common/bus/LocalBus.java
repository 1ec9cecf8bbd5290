package dev.altus.common.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process bus of the all-in-one role. Each topic has its own single-threaded virtual-thread
 * queue, so messages of one topic are handled in order and one slow consumer never holds up
 * another. Messages are deep-copied on the way in, so sender and consumer share no mutable state,
 * as across a real bus. A consumer that wants to work on several messages at once (a compute agent
 * building ten servers) hands them to its own workers; the bus only guarantees delivery order.
 */
public final class LocalBus implements MessageBus {
  private static final Logger LOG = LoggerFactory.getLogger(LocalBus.class);

  private record Consumer(Function<JsonNode, JsonNode> handler, ExecutorService queue) {}

  private final Map<String, Consumer> consumers = new ConcurrentHashMap<>();
  private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  @Override
  public boolean cast(String topic, JsonNode message) {
    Consumer c = consumers.get(topic);
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
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public CompletableFuture<JsonNode> call(String topic, JsonNode message) {
    Consumer c = consumers.get(topic);
    if (c == null || closed) {
      return CompletableFuture.failedFuture(new NoConsumerException(topic));
    }
    JsonNode copy = message.deepCopy();
    try {
      // calls run beside the ordered cast queue: a reply must not wait behind a long build
      return CompletableFuture.supplyAsync(() -> {
        JsonNode reply = c.handler.apply(copy);
        return reply == null ? null : reply.deepCopy();
      }, callers);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new NoConsumerException(topic));
    }
  }

  @Override
  public void consume(String topic, Function<JsonNode, JsonNode> handler) {
    ExecutorService queue = Executors.newSingleThreadExecutor(
        Thread.ofVirtual().name("bus-" + topic).factory());
    Consumer old = consumers.put(topic, new Consumer(handler, queue));
    if (old != null) {
      old.queue.shutdown();
    }
  }

  @Override
  public void stopConsuming(String topic) {
    Consumer old = consumers.remove(topic);
    if (old != null) {
      old.queue.shutdown();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (String t : consumers.keySet()) {
      stopConsuming(t);
    }
    callers.shutdown();
  }

  @Override
  public String describe() {
    return "in-process (LocalBus: every service and agent in this JVM; no address to reach)";
  }
}
