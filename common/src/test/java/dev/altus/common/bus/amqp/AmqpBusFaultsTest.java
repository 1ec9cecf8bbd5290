package dev.altus.common.bus.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.bus.MessageBus;
import dev.altus.common.bus.MessageBus.BusUnavailableException;
import dev.altus.common.json.Json;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the RabbitMQ bus does when things go wrong: the network to the broker cut under a live
 * connection, a message delivered again after its acknowledgement was lost, a broker that cannot
 * be reached, refused credentials, the per-role users' rights, a topic consumed twice.
 */
class AmqpBusFaultsTest {
  private TcpRelay relay;
  private final List<MessageBus> opened = new CopyOnWriteArrayList<>();

  @BeforeEach
  void relay() throws Exception {
    AmqpAddress a = AmqpAddress.parse(TestBroker.url());
    relay = new TcpRelay(a.host(), a.port());
  }

  @AfterEach
  void close() throws Exception {
    opened.forEach(MessageBus::close);
    relay.close();
  }

  private MessageBus viaRelay(String name, Map<String, String> overrides) {
    AmqpAddress a = AmqpAddress.parse(TestBroker.url());
    String url = "amqp://" + a.user() + ":" + a.password() + "@127.0.0.1:" + relay.port() + "/"
        + a.vhost();
    return keep(TestBroker.config(url, overrides).open(name));
  }

  private MessageBus direct(String url, String name) {
    return keep(TestBroker.config(url, Map.of()).open(name));
  }

  private MessageBus keep(MessageBus b) {
    opened.add(b);
    return b;
  }

  private static String topic(String role) {
    return role + ".test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void waitFor(java.util.function.BooleanSupplier c, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!c.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(c.getAsBoolean()).as("within " + limit).isTrue();
  }

  @Test
  void aConsumerCutFromTheBrokerReconnectsAndKeepsItsTopic() throws Exception {
    MessageBus agent = viaRelay("agent", Map.of());
    MessageBus controller = direct(TestBroker.url(), "controller");
    String t = topic("compute");
    List<Integer> got = new CopyOnWriteArrayList<>();
    agent.consume(t, m -> {
      got.add(m.get("n").asInt());
      return Json.object().put("n", m.get("n").asInt());
    });
    assertThat(controller.cast(t, Json.object().put("n", 1))).isTrue();
    waitFor(() -> got.size() == 1, Duration.ofSeconds(10));

    long cutAt = System.nanoTime();
    relay.cut();
    // while the agent is away its queue stays: casts wait there for it
    assertThat(controller.cast(t, Json.object().put("n", 2))).isTrue();
    waitFor(() -> ((AmqpBus) agent).connected(), Duration.ofSeconds(15));
    waitFor(() -> got.size() == 2, Duration.ofSeconds(15));
    long reconnectMs = (System.nanoTime() - cutAt) / 1_000_000;
    System.out.println("bus reconnect after a cut: message delivered " + reconnectMs + " ms later");
    assertThat(controller.call(t, Json.object().put("n", 3)).get(10, TimeUnit.SECONDS)
        .get("n").asInt()).isEqualTo(3);
    assertThat(got).containsExactly(1, 2, 3);
  }

  @Test
  void aSenderWaitsForALostBrokerThenNamesIt() throws Exception {
    MessageBus sender = viaRelay("sender", Map.of("bus.send_timeout_seconds", "2"));
    MessageBus consumer = direct(TestBroker.url(), "consumer");
    String t = topic("compute");
    consumer.consume(t, m -> m);
    relay.down(true);
    waitFor(() -> !((AmqpBus) sender).connected(), Duration.ofSeconds(10));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> sender.cast(t, Json.object()))
        .isInstanceOf(BusUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + relay.port()).hasMessageContaining("unreachable");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1500),
        Duration.ofSeconds(6));
    // once the broker is reachable again the bus reconnects by itself and sends go through
    relay.down(false);
    var reply = sender.call(t, Json.object().put("back", true), Duration.ofSeconds(20));
    assertThat(reply.get(20, TimeUnit.SECONDS).get("back").asBoolean()).isTrue();
  }

  @Test
  void callsWaitingWhenTheConnectionGoesFailAtOnceNamingTheBroker() throws Exception {
    MessageBus caller = viaRelay("caller", Map.of());
    MessageBus consumer = direct(TestBroker.url(), "consumer");
    String t = topic("compute");
    CountDownLatch received = new CountDownLatch(1);
    consumer.consume(t, m -> {
      received.countDown();
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return m;
    });
    var call = caller.call(t, Json.object(), Duration.ofSeconds(30));
    assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
    relay.cut();
    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(
        BusUnavailableException.class).hasMessageContaining("127.0.0.1:" + relay.port());
  }

  @Test
  void aMessageDeliveredAgainAfterALostAcknowledgementIsHandledOnce() throws Exception {
    MessageBus agent = viaRelay("agent", Map.of());
    MessageBus controller = direct(TestBroker.url(), "controller");
    String t = topic("compute");
    AtomicInteger handled = new AtomicInteger();
    CountDownLatch second = new CountDownLatch(1);
    agent.consume(t, m -> {
      if (m.get("n").asInt() == 1) {
        handled.incrementAndGet();
        relay.cut(); // the connection goes before this message is acknowledged
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else {
        second.countDown();
      }
      return null;
    });
    controller.cast(t, Json.object().put("n", 1));
    waitFor(() -> handled.get() == 1, Duration.ofSeconds(10));
    waitFor(() -> ((AmqpBus) agent).connected(), Duration.ofSeconds(15));
    controller.cast(t, Json.object().put("n", 2));
    assertThat(second.await(15, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300);
    assertThat(handled.get()).as("the redelivered copy was not handled again").isEqualTo(1);
    // and the copy was acknowledged: nothing is left in the queue for a later consumer
    agent.close();
    AtomicInteger left = new AtomicInteger();
    MessageBus next = direct(TestBroker.url(), "next");
    next.consume(t, m -> {
      left.incrementAndGet();
      return null;
    });
    Thread.sleep(500);
    assertThat(left.get()).isZero();
  }

  @Test
  void aCallRepeatedByRedeliveryIsAnsweredFromTheFirstHandling() {
    Redeliveries r = new Redeliveries(2);
    AtomicInteger acks = new AtomicInteger();
    assertThat(r.arrive("a", acks::incrementAndGet)).isInstanceOf(Redeliveries.First.class);
    assertThat(r.arrive("a", acks::incrementAndGet)).isInstanceOf(Redeliveries.Running.class);
    r.finish("a", new byte[] {1}).forEach(Runnable::run);
    assertThat(acks.get()).isEqualTo(1);
    assertThat(r.arrive("a", acks::incrementAndGet)).isEqualTo(
        r.arrive("a", acks::incrementAndGet)).isInstanceOf(Redeliveries.Done.class);
    assertThat(((Redeliveries.Done) r.arrive("a", () -> { })).reply()).containsExactly(1);
    for (String id : List.of("b", "c", "d")) {
      r.arrive(id, () -> { });
      r.finish(id, null);
    }
    assertThat(r.arrive("a", () -> { })).as("forgotten beyond capacity")
        .isInstanceOf(Redeliveries.First.class);
  }

  @Test
  void anUnreachableBrokerFailsTheStartNamingItsAddress() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "amqp://altus:altus@127.0.0.1:" + port + "/altus";
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> TestBroker.config(url, Map.of("bus.connect_timeout_seconds", "2"))
        .open("nowhere")).isInstanceOf(BusUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("bus.url");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void refusedCredentialsFailAtOnceNamingTheKeyAndUser() {
    String url = TestBroker.urlAs("altus-compute").replace(":altus@", ":s3cret-x@");
    assertThatThrownBy(() -> TestBroker.config(url, Map.of()).open("bad"))
        .hasMessageContaining("bus.url").hasMessageContaining("altus-compute")
        .hasMessageNotContaining("s3cret-x");
  }

  @Test
  void aComputeRoleUsesItsOwnTopicsAndCallsTheControllerButCannotTakeItsQueue()
      throws Exception {
    MessageBus controller = direct(TestBroker.urlAs("altus-controller"), "controller");
    MessageBus compute = direct(TestBroker.urlAs("altus-compute"), "compute");
    String conductor = "conductor.test-" + UUID.randomUUID().toString().substring(0, 8);
    controller.consume(conductor, m -> Json.object().put("seen", m.get("host").asText()));
    JsonNode r = compute.call(conductor, Json.object().put("host", "compute1"))
        .get(10, TimeUnit.SECONDS);
    assertThat(r.get("seen").asText()).isEqualTo("compute1");
    String own = topic("compute");
    compute.consume(own, m -> Json.object().put("ok", true));
    assertThat(controller.call(own, Json.object()).get(10, TimeUnit.SECONDS).get("ok")
        .asBoolean()).isTrue();
    assertThatThrownBy(() -> compute.consume(conductor, m -> m))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("altus-compute")
        .hasMessageContaining(conductor);
    // the refusal closed nothing the bus still needs
    assertThat(controller.call(own, Json.object()).get(10, TimeUnit.SECONDS)).isNotNull();
    CountDownLatch note = new CountDownLatch(1);
    try (var s = compute.listen("services", n -> note.countDown())) {
      controller.publish("services", Json.object());
      assertThat(note.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aTopicConsumedByAnotherProcessIsRefused() {
    MessageBus one = direct(TestBroker.url(), "one");
    MessageBus two = direct(TestBroker.url(), "two");
    String t = topic("compute");
    one.consume(t, m -> m);
    assertThatThrownBy(() -> two.consume(t, m -> m)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another process").hasMessageContaining(t);
  }
}
