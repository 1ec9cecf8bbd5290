package dev.altus.compute.service;

import dev.altus.compute.model.ServiceRecord;
import java.time.Clock;
import java.time.Duration;

/**
 * Whether a service is up: it reported within the service down time (Nova's service_down_time,
 * 60 s by default) and no operator forced it down.
 */
public final class ServiceLiveness {
  private final Clock clock;
  private final Duration downTime;

  public ServiceLiveness(Clock clock, Duration downTime) {
    this.clock = clock;
    this.downTime = downTime;
  }

  public boolean isUp(ServiceRecord s) {
    if (s.forcedDown() || s.lastSeenUp() == null) {
      return false;
    }
    return clock.millis() - s.lastSeenUp() <= downTime.toMillis();
  }

  public Duration downTime() {
    return downTime;
  }
}
