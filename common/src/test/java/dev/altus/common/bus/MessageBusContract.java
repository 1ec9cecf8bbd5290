package dev.altus.common.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.bus.MessageBus.CallTimeoutException;
import dev.altus.common.bus.MessageBus.NoConsumerException;
import dev.altus.common.bus.MessageBus.RemoteFailureException;
import dev.altus.common.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link MessageBus} contract: every implementation passes these. {@link #server} consumes
 * and listens, {@link #client} sends; on a broker they are two connections, as two processes.
 */
public abstract class MessageBusContract {
  protected MessageBus server;
  protected MessageBus client;

  /** The consuming side, opened before each test. */
  protected abstract MessageBus openServer();

  /** The sending side: another connection to the same bus (the same bus in-process). */
  protected abstract MessageBus openClient(MessageBus server);

  @BeforeEach
  void open() {
    server = openServer();
    client = openClient(server);
  }

  @AfterEach
  void closeBoth() {
    if (client != server) {
      client.close();
    }
    server.close();
  }

  protected static String topic() {
    return "test." + UUID.randomUUID().toString().substring(0, 13);
  }

  static ObjectNode msg(int n) {
    return Json.object().put("n", n);
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(20, TimeUnit.SECONDS)).as("delivered within 20 s").isTrue();
  }

  /** Blocks a handler until the test releases it (at most 20 s). */
  static void hold(CountDownLatch release) {
    try {
      release.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Throwable failure(CompletableFuture<JsonNode> f) throws Exception {
    try {
      f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call did not fail");
  }

  @Test
  void castsArriveOnceEachInOrder() throws Exception {
    String t = topic();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(300);
    server.consume(t, m -> {
      seen.add(m.get("n").asInt());
      all.countDown();
      return null;
    });
    for (int i = 0; i < 300; i++) {
      assertThat(client.cast(t, msg(i))).isTrue();
    }
    await(all);
    Thread.sleep(200);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      expected.add(i);
    }
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void castToTopicWithoutConsumerIsReportedAndDropped() {
    assertThat(client.cast(topic(), msg(1))).isFalse();
  }

  @Test
  void callCompletesWithTheReply() throws Exception {
    String t = topic();
    server.consume(t, m -> m.get("n").asInt() == 0 ? null
        : Json.object().put("twice", m.get("n").asInt() * 2));
    assertThat(client.call(t, msg(21)).get(20, TimeUnit.SECONDS).get("twice").asInt())
        .isEqualTo(42);
    assertThat(client.call(t, msg(0)).get(20, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void callWithoutConsumerFailsAtOnce() throws Exception {
    long t0 = System.nanoTime();
    assertThat(failure(client.call(topic(), msg(1), Duration.ofSeconds(30))))
        .isInstanceOf(NoConsumerException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void callWithoutReplyInTimeFailsWithTimeout() throws Exception {
    String t = topic();
    CountDownLatch release = new CountDownLatch(1);
    server.consume(t, m -> {
      hold(release);
      return Json.object();
    });
    long t0 = System.nanoTime();
    assertThat(failure(client.call(t, msg(1), Duration.ofMillis(300))))
        .isInstanceOf(CallTimeoutException.class).hasMessageContaining(t);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    release.countDown();
  }

  @Test
  void consumerFailureReachesTheCallerWithItsTypeAndMessage() throws Exception {
    String t = topic();
    server.consume(t, m -> {
      throw new IllegalArgumentException("no such server 42");
    });
    Throwable e = failure(client.call(t, msg(1)));
    assertThat(e).isInstanceOf(RemoteFailureException.class)
        .hasMessageContaining("no such server 42").hasMessageContaining(t);
    assertThat(((RemoteFailureException) e).type()).isEqualTo("IllegalArgumentException");
  }

  @Test
  void aFailedCastDoesNotStopTheTopic() throws Exception {
    String t = topic();
    CountDownLatch second = new CountDownLatch(1);
    server.consume(t, m -> {
      if (m.get("n").asInt() == 1) {
        throw new IllegalStateException("first fails");
      }
      second.countDown();
      return null;
    });
    client.cast(t, msg(1));
    client.cast(t, msg(2));
    await(second);
  }

  @Test
  void callsAreNotQueuedBehindALongCast() throws Exception {
    String t = topic();
    CountDownLatch castStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server.consume(t, m -> {
      if (m.has("cast")) {
        castStarted.countDown();
        hold(release);
        return null;
      }
      return Json.object().put("pong", true);
    });
    client.cast(t, Json.object().put("cast", true));
    await(castStarted);
    assertThat(client.call(t, msg(1)).get(10, TimeUnit.SECONDS).get("pong").asBoolean()).isTrue();
    release.countDown();
  }

  @Test
  void senderAndConsumerShareNoMutableMessage() throws Exception {
    String t = topic();
    CompletableFuture<JsonNode> got = new CompletableFuture<>();
    CountDownLatch release = new CountDownLatch(1);
    server.consume(t, m -> {
      hold(release);
      got.complete(m);
      return null;
    });
    ObjectNode m = msg(1);
    client.cast(t, m);
    m.put("n", 2);
    release.countDown();
    assertThat(got.get(20, TimeUnit.SECONDS).get("n").asInt()).isEqualTo(1);
  }

  @Test
  void stopConsumingLeavesTheTopicWithoutConsumer() throws Exception {
    String t = topic();
    server.consume(t, m -> Json.object());
    assertThat(client.call(t, msg(1)).get(20, TimeUnit.SECONDS)).isNotNull();
    server.stopConsuming(t);
    assertThat(client.cast(t, msg(2))).isFalse();
    assertThat(failure(client.call(t, msg(3)))).isInstanceOf(NoConsumerException.class);
  }

  @Test
  void consumeAgainReplacesTheEarlierConsumer() throws Exception {
    String t = topic();
    server.consume(t, m -> Json.object().put("by", "first"));
    server.consume(t, m -> Json.object().put("by", "second"));
    for (int i = 0; i < 5; i++) {
      assertThat(client.call(t, msg(i)).get(20, TimeUnit.SECONDS).get("by").asText())
          .isEqualTo("second");
    }
  }

  @Test
  void concurrentCallsEachGetTheirOwnReply() throws Exception {
    String t = topic();
    server.consume(t, m -> Json.object().put("n", m.get("n").asInt()));
    List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<CompletableFuture<JsonNode>>> sent = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        sent.add(pool.submit(() -> client.call(t, msg(n))));
      }
      for (var s : sent) {
        calls.add(s.get());
      }
    }
    for (int i = 0; i < 200; i++) {
      assertThat(calls.get(i).get(20, TimeUnit.SECONDS).get("n").asInt()).isEqualTo(i);
    }
  }

  @Test
  void notificationsReachEveryListenerInOrder() throws Exception {
    String channel = "test-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> a = new CopyOnWriteArrayList<>();
    List<Integer> b = new CopyOnWriteArrayList<>();
    CountDownLatch both = new CountDownLatch(40);
    try (var sa = server.listen(channel, n -> {
      a.add(n.get("n").asInt());
      both.countDown();
    }); var sb = client.listen(channel, n -> {
      b.add(n.get("n").asInt());
      both.countDown();
    })) {
      for (int i = 0; i < 20; i++) {
        client.publish(channel, msg(i));
      }
      await(both);
    }
    assertThat(a).containsExactlyElementsOf(b).hasSize(20);
    assertThat(a).isSorted();
  }

  @Test
  void aClosedSubscriptionGetsNothingMoreAndNobodyListeningIsFine() throws Exception {
    String channel = "test-" + UUID.randomUUID().toString().substring(0, 8);
    client.publish(channel, msg(0)); // nobody listens yet: dropped, no error
    AtomicInteger closedGot = new AtomicInteger();
    CountDownLatch open = new CountDownLatch(2);
    var closed = server.listen(channel, n -> closedGot.incrementAndGet());
    closed.close();
    try (var s = server.listen(channel, n -> open.countDown())) {
      client.publish(channel, msg(1));
      client.publish(channel, msg(2));
      await(open);
    }
    assertThat(closedGot.get()).isZero();
  }

  @Test
  void aConsumerFailingACallKeepsAnsweringOthers() throws Exception {
    String t = topic();
    server.consume(t, m -> {
      if (m.get("n").asInt() < 0) {
        throw new IllegalStateException("negative");
      }
      return m;
    });
    assertThat(failure(client.call(t, msg(-1)))).isInstanceOf(RemoteFailureException.class);
    assertThat(client.call(t, msg(7)).get(20, TimeUnit.SECONDS).get("n").asInt()).isEqualTo(7);
    assertThatThrownBy(() -> client.call(t, msg(-2)).join()).hasCauseInstanceOf(
        RemoteFailureException.class);
  }
}
