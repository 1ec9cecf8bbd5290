package dev.altus.network.agent;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An agent's heartbeat: one report at start, then one per interval until stopped. A failed report
 * is a missed heartbeat; the next one tries again.
 */
public final class Heartbeat {
  private final DataPlaneAgent agent;
  private final String host;
  private final Duration interval;
  private ScheduledExecutorService timer;

  public Heartbeat(DataPlaneAgent agent, String host, Duration interval) {
    this.agent = agent;
    this.host = host;
    this.interval = interval;
  }

  public synchronized void start(AgentReports reports) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
        .name("neutron-" + agent.binary() + "-heartbeat").unstarted(r));
    reports.heartbeat(agent, host);
    long ms = interval.toMillis();
    timer.scheduleAtFixedRate(() -> {
      try {
        reports.heartbeat(agent, host);
      } catch (RuntimeException e) {
        // a missed heartbeat
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
