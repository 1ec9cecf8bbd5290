package dev.altus.common.bus.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;

/**
 * Channels in publisher-confirm mode for casts, each used by one sender at a time: a cast is
 * published mandatory and waits for the broker's confirm. The broker returns an unroutable message
 * (no queue for the topic) before it confirms it, so when the confirm comes the channel knows
 * whether the cast reached a queue.
 */
final class CastChannels {
  private static final class Confirming {
    final Channel channel;
    volatile String returned;

    Confirming(Channel channel) {
      this.channel = channel;
      channel.addReturnListener(r -> returned = r.getProperties().getMessageId());
    }
  }

  private final Connection connection;
  private final ConcurrentLinkedDeque<Confirming> idle = new ConcurrentLinkedDeque<>();

  CastChannels(Connection connection) {
    this.connection = connection;
  }

  /** Publishes to {@code topic}'s queue; false when the topic has none. */
  boolean publish(String topic, AMQP.BasicProperties props, byte[] body, Duration timeout)
      throws IOException, TimeoutException {
    Confirming c = idle.pollFirst();
    if (c == null || !c.channel.isOpen()) {
      Channel ch = connection.createChannel();
      ch.confirmSelect();
      c = new Confirming(ch);
    }
    boolean ok = false;
    try {
      c.returned = null;
      c.channel.basicPublish("", topic, true, props, body);
      try {
        c.channel.waitForConfirmsOrDie(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the broker's confirm", e);
      }
      ok = true;
      return !props.getMessageId().equals(c.returned);
    } finally {
      if (ok) {
        idle.addFirst(c);
      } else {
        try {
          c.channel.abort();
        } catch (IOException | RuntimeException e) {
          // a channel of a lost connection
        }
      }
    }
  }
}
