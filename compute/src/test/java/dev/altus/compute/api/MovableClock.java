package dev.altus.compute.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The system clock, moved forward on demand so heartbeats age without waiting. */
final class MovableClock extends Clock {
  private final AtomicLong shiftMillis = new AtomicLong();

  void advance(Duration d) {
    shiftMillis.addAndGet(d.toMillis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(shiftMillis.get());
  }
}
