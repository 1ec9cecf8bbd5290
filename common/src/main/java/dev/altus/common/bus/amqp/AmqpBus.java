package dev.altus.common.bus.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryDelayHandler;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.altus.common.bus.BusConfig;
import dev.altus.common.bus.MessageBus;
import dev.altus.common.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageBus} on RabbitMQ (AMQP 0-9-1), for roles in separate processes.
 *
 * <ul>
 *   <li>A topic is a durable queue of the same name, declared by its consumer, that expires after
 *       {@code bus.queue_expiry_seconds} without one; messages go through the default exchange.
 *       A cast is published persistent and mandatory with a publisher confirm, so {@link #cast}
 *       knows whether the topic had a queue. {@link #stopConsuming} deletes the queue.</li>
 *   <li>A call carries a correlation id and RabbitMQ's direct reply-to address, and expires on
 *       the broker when its timeout passes, so a late consumer never acts on a call its caller
 *       gave up. A call to a topic without a queue comes back unroutable: {@link
 *       NoConsumerException} at once.</li>
 *   <li>A fanout channel is the exchange {@code altus.fanout.<channel>}; each listener has its own
 *       exclusive server-named queue bound to it.</li>
 *   <li>One connection per bus. When it is lost the client reconnects by itself (after 0.25, 0.5,
 *       1, 2, 4, 8 s, then every 15 s) and declares again every queue, binding and consumer; calls
 *       waiting for a reply fail at once with {@link BusUnavailableException} (their reply address
 *       went with the connection); sends wait up to {@code bus.send_timeout_seconds} for the
 *       connection to come back, then fail with that exception, naming the broker.</li>
 * </ul>
 */
public final class AmqpBus implements MessageBus {
  private static final Logger LOG = LoggerFactory.getLogger(AmqpBus.class);
  static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
  static final String FANOUT_PREFIX = "altus.fanout.";
  private static final List<Long> BACKOFF_MS = List.of(250L, 500L, 1000L, 2000L, 4000L, 8000L,
      15000L);

  private record PendingCall(String topic, CompletableFuture<JsonNode> reply) {}

  private final BusConfig config;
  private final AmqpAddress address;
  private final Connection connection;
  private final Redeliveries redeliveries = new Redeliveries(10_000);
  private final Map<String, TopicConsumer> consumers = new ConcurrentHashMap<>();
  private final Map<String, PendingCall> pendingCalls = new ConcurrentHashMap<>();
  private final CastChannels casts;
  private final Object callLock = new Object();
  private Channel callChannel;
  private final SharedChannel replies;
  private final SharedChannel notifications;
  private final Object state = new Object();
  private boolean connected = true;
  private String lastFailure = "";
  private volatile boolean closed;

  private AmqpBus(BusConfig config, AmqpAddress address, Connection connection) throws IOException {
    this.config = config;
    this.address = address;
    this.connection = connection;
    this.casts = new CastChannels(connection);
    this.replies = new SharedChannel(connection);
    this.notifications = new SharedChannel(connection);
    this.callChannel = openCallChannel();
    connection.addShutdownListener(this::lost);
    ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
      @Override
      public void handleRecovery(Recoverable r) {
        synchronized (state) {
          connected = true;
          state.notifyAll();
        }
        LOG.info("bus: reconnected to {}", address);
      }

      @Override
      public void handleRecoveryStarted(Recoverable r) {}
    });
  }

  /**
   * Connects to the broker of {@code config}, waiting up to its connect timeout for a broker that
   * cannot be reached; refused credentials fail at once.
   */
  public static AmqpBus connect(BusConfig config, String client) {
    AmqpAddress a = AmqpAddress.parse(config.url());
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(a.host());
    f.setPort(a.port());
    f.setUsername(a.user());
    f.setPassword(a.password());
    f.setVirtualHost(a.vhost());
    if (a.tls()) {
      try {
        f.useSslProtocol(javax.net.ssl.SSLContext.getDefault());
        f.enableHostnameVerification();
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("bus.url: TLS is not available: " + e.getMessage(), e);
      }
    }
    f.setRequestedHeartbeat((int) config.heartbeat().toSeconds());
    f.setConnectionTimeout(5000);
    f.setHandshakeTimeout(10000);
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    f.setRecoveryDelayHandler(new RecoveryDelayHandler.ExponentialBackoffDelayHandler(BACKOFF_MS));
    f.setThreadFactory(Thread.ofPlatform().daemon().name("amqp-", 0).factory());
    long deadline = System.nanoTime() + config.connectTimeout().toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return new AmqpBus(config, a, f.newConnection(client));
      } catch (AuthenticationFailureException e) {
        throw new IllegalStateException("bus.url: the broker at " + a.hostPort() + " refused user '"
            + a.user() + "' (wrong user or password)", e);
      } catch (IOException | TimeoutException e) {
        String why = reason(e);
        if (why.contains("access to vhost")) {
          throw new IllegalStateException("bus.url: user '" + a.user() + "' may not use virtual"
              + " host '" + a.vhost() + "' on " + a.hostPort() + " (rabbitmqctl set_permissions)",
              e);
        }
        long wait = BACKOFF_MS.get(Math.min(attempt, BACKOFF_MS.size() - 1));
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait) > deadline) {
          throw new BusUnavailableException("cannot reach the message broker at " + a.hostPort()
              + " (bus.url " + a + ") for " + config.connectTimeout().toSeconds() + " s: " + why, e);
        }
        LOG.warn("bus: cannot reach the broker at {} ({}); trying again in {} ms", a.hostPort(),
            why, wait);
        sleep(wait);
      }
    }
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s && s.getReason() != null) {
        return s.getMessage();
      }
      if (t.getCause() == null || t.getCause() == t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
      }
    }
    return String.valueOf(e);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusUnavailableException("interrupted while connecting to the broker", e);
    }
  }

  /** The broker this bus is connected to (its URL shows no password). */
  public AmqpAddress broker() {
    return address;
  }

  @Override
  public String describe() {
    return "RabbitMQ at " + address;
  }

  @Override
  public java.util.Optional<java.net.InetSocketAddress> address() {
    return java.util.Optional.of(new java.net.InetSocketAddress(address.host(),
        address.port()));
  }

  /** True while the connection to the broker is up. */
  public boolean connected() {
    synchronized (state) {
      return connected;
    }
  }

  private void lost(ShutdownSignalException cause) {
    if (cause.isInitiatedByApplication() && closed) {
      return;
    }
    String why = cause.getMessage();
    synchronized (state) {
      connected = false;
      lastFailure = why;
    }
    LOG.warn("bus: lost the broker at {} ({}); reconnecting", address.hostPort(), why);
    var failure = new BusUnavailableException("the connection to the message broker at "
        + address.hostPort() + " was lost before the reply came: " + why, cause);
    pendingCalls.values().forEach(c -> c.reply.completeExceptionally(failure));
  }

  private Channel openCallChannel() throws IOException {
    Channel ch = connection.createChannel();
    ch.addReturnListener(r -> {
      var c = pendingCalls.remove(r.getProperties().getCorrelationId());
      if (c != null) {
        c.reply.completeExceptionally(new NoConsumerException(r.getRoutingKey()));
      }
    });
    ch.basicConsume(DIRECT_REPLY_TO, true, new DefaultConsumer(ch) {
      @Override
      public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props,
          byte[] body) {
        String id = props.getCorrelationId();
        var c = id == null ? null : pendingCalls.remove(id);
        if (c == null) {
          return; // the caller gave up already
        }
        try {
          c.reply.complete(Envelopes.open(c.topic, body));
        } catch (RuntimeException e) {
          c.reply.completeExceptionally(e);
        }
      }
    });
    return ch;
  }

  /** Runs a send, waiting for a lost connection to come back; fails naming the broker. */
  private <T> T send(String what, Send<T> send) {
    long deadline = System.nanoTime() + config.sendTimeout().toNanos();
    while (true) {
      if (closed) {
        throw new BusUnavailableException("the bus is closed: " + what + " was not sent", null);
      }
      try {
        return send.run();
      } catch (IOException | TimeoutException | RuntimeException e) {
        if (e instanceof BusUnavailableException b) {
          throw b;
        }
        boolean lost = !connected() || !connection.isOpen()
            || e instanceof com.rabbitmq.client.AlreadyClosedException
            || e instanceof TimeoutException;
        if (!lost) {
          throw new BusUnavailableException("the message broker at " + address.hostPort()
              + " refused " + what + ": " + reason(e), e);
        }
        if (!awaitConnected(deadline)) {
          String why;
          synchronized (state) {
            why = lastFailure.isEmpty() ? reason(e) : lastFailure;
          }
          throw new BusUnavailableException("the message broker at " + address.hostPort()
              + " is unreachable (" + why + "): " + what + " was not sent", e);
        }
      }
    }
  }

  /** Waits until connected (true) or the deadline passes (false). */
  private boolean awaitConnected(long deadlineNanos) {
    synchronized (state) {
      while (!connected || !connection.isOpen()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0 || closed) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(state, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return System.nanoTime() < deadlineNanos;
    }
  }

  private interface Send<T> {
    T run() throws IOException, TimeoutException;
  }

  private static AMQP.BasicProperties.Builder props(String id, String type) {
    return new AMQP.BasicProperties.Builder().messageId(id).type(type)
        .contentType("application/json").timestamp(new java.util.Date());
  }

  @Override
  public boolean cast(String topic, JsonNode message) {
    byte[] body = Json.bytes(message);
    // one id for every try: a copy that did reach the broker is told apart by the consumer
    AMQP.BasicProperties p = props(UUID.randomUUID().toString(), Envelopes.CAST)
        .deliveryMode(2).build();
    return send("a cast to " + topic, () -> casts.publish(topic, p, body,
        config.sendTimeout()));
  }

  @Override
  public CompletableFuture<JsonNode> call(String topic, JsonNode message) {
    return call(topic, message, config.callTimeout());
  }

  @Override
  public CompletableFuture<JsonNode> call(String topic, JsonNode message, Duration timeout) {
    String id = UUID.randomUUID().toString();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pendingCalls.put(id, new PendingCall(topic, reply));
    AMQP.BasicProperties p = props(id, Envelopes.CALL).correlationId(id).replyTo(DIRECT_REPLY_TO)
        .expiration(Long.toString(Math.max(1, timeout.toMillis()))).build();
    byte[] body = Json.bytes(message);
    try {
      send("a call to " + topic, () -> {
        synchronized (callLock) {
          if (!callChannel.isOpen() && connected()) {
            callChannel = openCallChannel(); // closed by a channel error, not by a lost connection
          }
          callChannel.basicPublish("", topic, true, p, body);
        }
        return null;
      });
    } catch (BusUnavailableException e) {
      pendingCalls.remove(id);
      return CompletableFuture.failedFuture(e);
    }
    return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> {
          pendingCalls.remove(id);
          Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
              ? e.getCause() : e;
          return CompletableFuture.<JsonNode>failedFuture(t instanceof TimeoutException
              ? new CallTimeoutException(topic, timeout) : t);
        });
  }

  /** Sends a handled call's reply envelope to its caller. */
  private void reply(AMQP.BasicProperties request, byte[] envelope) {
    AMQP.BasicProperties p = new AMQP.BasicProperties.Builder()
        .correlationId(request.getCorrelationId()).type("reply")
        .contentType("application/json").build();
    try {
      replies.use(ch -> ch.basicPublish("", request.getReplyTo(), false, p, envelope));
    } catch (IOException | RuntimeException e) {
      // the caller's connection is gone, or ours is: the caller's call fails by itself
      LOG.info("bus: a reply to {} was not sent: {}", request.getReplyTo(), e.toString());
    }
  }

  @Override
  public void consume(String topic, Function<JsonNode, JsonNode> handler) {
    stopLocal(topic);
    Channel ch = null;
    try {
      ch = connection.createChannel();
      ch.basicQos(config.prefetch());
      ch.queueDeclare(topic, true, false, false,
          Map.of("x-expires", config.queueExpiry().toMillis()));
      TopicConsumer c = new TopicConsumer(ch, topic, handler, redeliveries, this::reply);
      ch.basicConsume(topic, false, "", false, true, null, c);
      consumers.put(topic, c);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      String why = reason(e);
      if (why.contains("exclusive")) {
        throw new IllegalStateException("topic " + topic + " is consumed by another process on "
            + address.hostPort() + " (is a second process running with the same host name?)", e);
      }
      if (why.contains("PRECONDITION_FAILED")) {
        throw new IllegalStateException("the queue of topic " + topic + " exists on "
            + address.hostPort() + " with other settings (bus.queue_expiry_seconds changed?): "
            + why + "; remove it with: rabbitmqctl delete_queue -p " + address.vhost() + " "
            + topic, e);
      }
      if (why.contains("ACCESS_REFUSED")) {
        throw new IllegalStateException("broker user '" + address.user() + "' may not consume topic "
            + topic + " on " + address.hostPort() + ": " + why, e);
      }
      throw new BusUnavailableException("cannot consume topic " + topic + " on "
          + address.hostPort() + ": " + why, e);
    }
  }

  @Override
  public void stopConsuming(String topic) {
    TopicConsumer c = stopLocal(topic);
    if (c != null) {
      try {
        replies.use(ch -> ch.queueDelete(topic));
      } catch (IOException | RuntimeException e) {
        LOG.warn("bus: the queue of {} was not deleted: {}", topic, e.toString());
      }
    }
  }

  /** Cancels this process's consumer of {@code topic}, leaving the queue. */
  private TopicConsumer stopLocal(String topic) {
    TopicConsumer c = consumers.remove(topic);
    if (c != null) {
      c.stop();
      closeQuietly(c.getChannel());
    }
    return c;
  }

  @Override
  public void publish(String channel, JsonNode notification) {
    byte[] body = Json.bytes(notification);
    String exchange = FANOUT_PREFIX + channel;
    send("a notification on " + channel, () -> {
      notifications.use(ch -> {
        ch.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
        ch.basicPublish(exchange, "", false, props(UUID.randomUUID().toString(), "notification")
            .build(), body);
      });
      return null;
    });
  }

  @Override
  public Subscription listen(String channel, Consumer<JsonNode> listener) {
    String exchange = FANOUT_PREFIX + channel;
    Channel ch = null;
    try {
      ch = connection.createChannel();
      ch.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, true);
      String queue = ch.queueDeclare().getQueue();
      ch.queueBind(queue, exchange, "");
      ch.basicConsume(queue, true, new DefaultConsumer(ch) {
        @Override
        public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props,
            byte[] body) {
          try {
            listener.accept(Json.parse(body));
          } catch (RuntimeException e) {
            LOG.error("listener of {} failed: {}", channel, e.toString(), e);
          }
        }
      });
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      throw new BusUnavailableException("cannot listen to " + channel + " on "
          + address.hostPort() + ": " + reason(e), e);
    }
    Channel listening = ch;
    return () -> closeQuietly(listening);
  }

  private static void closeQuietly(Channel ch) {
    if (ch != null && ch.isOpen()) {
      try {
        ch.close();
      } catch (IOException | TimeoutException | RuntimeException e) {
        // closing a channel of a lost connection
      }
    }
  }

  /** Closes the connection; queues stay, so a restarted process finds its waiting messages. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumers.keySet().forEach(this::stopLocal);
    var failure = new BusUnavailableException("the bus was closed before the reply came", null);
    pendingCalls.values().forEach(c -> c.reply.completeExceptionally(failure));
    try {
      connection.close(5000);
    } catch (IOException | RuntimeException e) {
      LOG.debug("bus: close: {}", e.toString());
    }
  }
}
