package dev.altus.common.bus.amqp;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.bus.MessageBusContract;
import java.util.Map;

/** The RabbitMQ bus keeps the {@link MessageBus} contract, across two connections. */
class AmqpBusTest extends MessageBusContract {
  @Override
  protected MessageBus openServer() {
    return TestBroker.config(TestBroker.url(), Map.of()).open("contract-server");
  }

  @Override
  protected MessageBus openClient(MessageBus server) {
    return TestBroker.config(TestBroker.url(), Map.of()).open("contract-client");
  }
}
