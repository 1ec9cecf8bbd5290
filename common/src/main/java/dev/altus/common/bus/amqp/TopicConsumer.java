package dev.altus.common.bus.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.altus.common.json.Json;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's consumer of one topic: the topic's durable queue, consumed exclusively (a second
 * process consuming the same topic is refused) with manual acknowledgements. Casts are handled in
 * order on one thread; calls each on a virtual thread of their own beside them. A message is
 * acknowledged once handled, so a connection lost meanwhile makes the broker deliver it again;
 * {@link Redeliveries} keeps the handler from seeing it twice.
 */
final class TopicConsumer extends DefaultConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(TopicConsumer.class);

  /** What a handled call answers: the reply envelope goes back through the bus. */
  interface Replies {
    void reply(AMQP.BasicProperties request, byte[] envelope);
  }

  private final String topic;
  private final Function<JsonNode, JsonNode> handler;
  private final Redeliveries redeliveries;
  private final Replies replies;
  private final ExecutorService casts;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  TopicConsumer(Channel channel, String topic, Function<JsonNode, JsonNode> handler,
      Redeliveries redeliveries, Replies replies) {
    super(channel);
    this.topic = topic;
    this.handler = handler;
    this.redeliveries = redeliveries;
    this.replies = replies;
    this.casts = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("bus-" + topic)
        .factory());
  }

  String topic() {
    return topic;
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties props,
      byte[] body) {
    long tag = envelope.getDeliveryTag();
    Runnable ack = () -> ack(tag);
    boolean call = Envelopes.CALL.equals(props.getType()) && props.getReplyTo() != null;
    String id = props.getMessageId() != null ? props.getMessageId()
        : UUID.randomUUID().toString();
    switch (redeliveries.arrive(id, ack)) {
      case Redeliveries.First f -> {
        Runnable work = () -> {
          byte[] reply = handle(body, call);
          var waiting = redeliveries.finish(id, reply);
          if (call) {
            replies.reply(props, reply);
          }
          ack.run();
          waiting.forEach(Runnable::run);
        };
        try {
          (call ? calls : casts).execute(work);
        } catch (RejectedExecutionException e) {
          // stopped meanwhile: left unacknowledged, the broker keeps it for the next consumer
        }
      }
      case Redeliveries.Running r -> LOG.info("{}: message {} delivered again while it is being"
          + " handled; acknowledged when that ends", topic, id);
      case Redeliveries.Done d -> {
        LOG.info("{}: message {} delivered again after it was handled; not handled twice", topic,
            id);
        if (call) {
          replies.reply(props, d.reply());
        }
        ack.run();
      }
    }
  }

  /** Runs the handler; a call's answer is its reply envelope, a cast's null. */
  private byte[] handle(byte[] body, boolean call) {
    JsonNode message;
    try {
      message = Json.parse(body);
    } catch (RuntimeException e) {
      LOG.error("{}: dropped a message that is not JSON: {}", topic, e.getMessage());
      return call ? Envelopes.failure(e) : null;
    }
    try {
      JsonNode reply = handler.apply(message);
      return call ? Envelopes.reply(reply) : null;
    } catch (RuntimeException e) {
      if (!call) {
        LOG.error("consumer of {} failed on a cast: {}", topic, e.toString(), e);
        return null;
      }
      return Envelopes.failure(e);
    }
  }

  private void ack(long tag) {
    try {
      if (getChannel().isOpen()) {
        getChannel().basicAck(tag, false);
      }
    } catch (IOException | RuntimeException e) {
      // the channel went with its connection: the broker delivers the message again, and
      // Redeliveries answers that copy without handling it twice
      LOG.debug("{}: acknowledgement lost: {}", topic, e.toString());
    }
  }

  /** Stops handing messages to the handler; those already running finish. */
  void stop() {
    casts.shutdown();
    calls.shutdown();
  }
}
