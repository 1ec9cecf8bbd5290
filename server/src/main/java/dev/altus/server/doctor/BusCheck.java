package dev.altus.server.doctor;

import dev.altus.common.bus.MessageBus;
import dev.altus.common.json.Json;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The message bus carries a call and its reply (a topic of the doctor's own, consumed for the
 * call's length); a bus with a network address must also accept a TCP connection there, so an
 * unreachable broker is named by address and port, not left to time out in every service.
 */
final class BusCheck implements DoctorCheck {
  private final MessageBus bus;

  BusCheck(MessageBus bus) {
    this.bus = bus;
  }

  @Override
  public String name() {
    return "bus";
  }

  @Override
  public List<Finding> run() {
    List<Finding> out = new ArrayList<>();
    var address = bus.address();
    if (address.isPresent()) {
      InetSocketAddress a = address.get();
      try (Socket s = new Socket()) {
        s.connect(a, 3000);
      } catch (java.io.IOException e) {
        out.add(Finding.fail(name(), "the bus at " + a.getHostString() + ":" + a.getPort()
            + " cannot be reached: " + e.getMessage(), "start the broker, or open tcp port "
            + a.getPort() + " in the firewall between the services and " + a.getHostString()
            + " (see the firewall finding)"));
        return out;
      }
    }
    String topic = "doctor." + UUID.randomUUID();
    long t0 = System.nanoTime();
    try {
      bus.consume(topic, m -> Json.object().put("pong", m.path("ping").asText()));
      String answer = bus.call(topic, Json.object().put("ping", topic)).get(5, TimeUnit.SECONDS)
          .path("pong").asText();
      if (!answer.equals(topic)) {
        out.add(Finding.fail(name(), bus.describe() + ": a call came back with the wrong reply",
            "restart the cloud; report it if it repeats"));
        return out;
      }
    } catch (Exception e) {
      out.add(Finding.fail(name(), bus.describe() + ": a call and its reply did not make it"
          + " through within 5 s: " + e, "check the broker's log and the services' bus"
          + " settings; restart the cloud"));
      return out;
    } finally {
      bus.stopConsuming(topic);
    }
    out.add(Finding.ok(name(), bus.describe() + "; a call and its reply took "
        + (System.nanoTime() - t0) / 1_000_000 + " ms"));
    return out;
  }
}
