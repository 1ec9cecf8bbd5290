package dev.altus.network.agent;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An agent's heartbeat: one report at once, then one per report interval until stopped. A failed
 * report is a missed heartbeat; the next one tries again.
 */
public final class Heartbeat {
  private final ScheduledExecutorService timer;

  /** Starts heartbeating {@code agent} on {@code host} through {@code reports}. */
  public Heartbeat(DataPlaneAgent agent, String host, AgentReports reports, Duration interval) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
        .name(agent.binary() + "-heartbeat").unstarted(r));
    reports.heartbeat(agent, host);
    long ms = interval.toMillis();
    timer.scheduleAtFixedRate(() -> {
      try {
        reports.heartbeat(agent, host);
      } catch (RuntimeException e) {
        // a missed heartbeat; the agent is shown dead only after three
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** No report is sent after this returns. */
  public void stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
