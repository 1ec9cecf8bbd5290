package dev.altus.common.bus;

/** The in-process bus keeps the {@link MessageBus} contract. */
class LocalBusTest extends MessageBusContract {
  @Override
  protected MessageBus openServer() {
    return new LocalBus();
  }

  @Override
  protected MessageBus openClient(MessageBus server) {
    return server;
  }
}
