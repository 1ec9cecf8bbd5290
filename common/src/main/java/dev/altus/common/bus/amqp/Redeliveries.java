package dev.altus.common.bus.amqp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages a consumer of this process has handled or is handling, by message id, so that a
 * message the broker delivers again (its acknowledgement was lost with a connection) reaches the
 * handler only once: a second copy that arrives while the first is being handled is acknowledged
 * when the first is done; one that arrives later is acknowledged at once, and a call's reply is
 * sent again from what the first handling answered. The oldest finished ids are forgotten beyond
 * {@code capacity}.
 */
final class Redeliveries {
  /** What to do with a delivery. */
  sealed interface Arrival permits First, Running, Done {}

  /** Never seen: handle it. */
  record First() implements Arrival {}

  /** Being handled: its acknowledgement waits for that. */
  record Running() implements Arrival {}

  /** Handled already: acknowledge it and, for a call, reply with {@code reply} again. */
  record Done(byte[] reply) implements Arrival {}

  private static final class Entry {
    boolean done;
    byte[] reply;
    final List<Runnable> waitingAcks = new ArrayList<>();
  }

  private final int capacity;
  private final Map<String, Entry> running = new HashMap<>();
  private final LinkedHashMap<String, Entry> finished = new LinkedHashMap<>();

  Redeliveries(int capacity) {
    this.capacity = capacity;
  }

  /** A delivery of message {@code id} arrived; {@code ack} acknowledges this very delivery. */
  synchronized Arrival arrive(String id, Runnable ack) {
    Entry e = running.get(id);
    if (e != null) {
      e.waitingAcks.add(ack);
      return new Running();
    }
    e = finished.get(id);
    if (e != null) {
      return new Done(e.reply);
    }
    running.put(id, new Entry());
    return new First();
  }

  /** The handling of {@code id} ended with {@code reply}; returns the acks that waited for it. */
  synchronized List<Runnable> finish(String id, byte[] reply) {
    Entry e = running.remove(id);
    if (e == null) {
      return List.of();
    }
    e.done = true;
    e.reply = reply;
    finished.put(id, e);
    Iterator<String> oldest = finished.keySet().iterator();
    while (finished.size() > capacity && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    return List.copyOf(e.waitingAcks);
  }
}
