package dev.altus.common.bus.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;

/**
 * One channel used by many threads, one at a time, for short sends (replies, notifications,
 * deletes). A channel the broker closed on an error (not recovered by the client, unlike one lost
 * with its connection) is replaced by a new one on next use.
 */
final class SharedChannel {
  interface Use {
    void on(Channel channel) throws IOException;
  }

  private final Connection connection;
  private Channel channel;

  SharedChannel(Connection connection) {
    this.connection = connection;
  }

  synchronized void use(Use use) throws IOException {
    if (channel == null || (!channel.isOpen() && connection.isOpen())) {
      channel = connection.createChannel();
    }
    use.on(channel);
  }
}
