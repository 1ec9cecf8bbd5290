package dev.altus.compute.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's own compute services, as Nova lists them beside its compute hosts: the
 * scheduler and the conductor (what turns API requests into agent work) run in this process, so
 * they are registered in the internal zone on this machine's host and report like agents do. An
 * operator sees them in {@code openstack compute service list} and sees them go down when the
 * controller stops.
 */
public final class ControllerServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerServices.class);
  private static final List<String> BINARIES = List.of("nova-scheduler", "nova-conductor");
  private final Jdbi jdbi;
  private final Clock clock;
  private final String host;
  private final Duration interval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().daemon().name("compute-controller-report").unstarted(r));

  public ControllerServices(Jdbi jdbi, Clock clock, String host, Duration interval) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.host = host;
    this.interval = interval;
  }

  /** Registers the services (once) and starts reporting. */
  public ControllerServices start() {
    report();
    timer.scheduleWithFixedDelay(this::report, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  private void report() {
    try {
      long now = clock.millis();
      jdbi.useTransaction(h -> {
        for (String binary : BINARIES) {
          int n = h.createUpdate("UPDATE compute_services SET last_seen_up = :t, updated_at = :t,"
                  + " report_count = report_count + 1 WHERE binary_name = :b AND host = :h")
              .bind("t", now).bind("b", binary).bind("h", host).execute();
          if (n == 0) {
            h.createUpdate("INSERT INTO compute_services (id, binary_name, host, topic, zone,"
                    + " last_seen_up, created_at, updated_at)"
                    + " VALUES (:id, :b, :h, :topic, :z, :t, :t, :t)")
                .bind("id", UUID.randomUUID().toString()).bind("b", binary).bind("h", host)
                .bind("topic", binary.substring("nova-".length()))
                .bind("z", AvailabilityZoneService.INTERNAL).bind("t", now).execute();
          }
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("cannot report the scheduler and conductor services: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
