package dev.altus.volume.service;

import dev.altus.volume.VolumeConfig;
import dev.altus.volume.backend.VolumeBackend;
import dev.altus.volume.store.ServiceRecords;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's and the volume service's heartbeats: each writes its time every report
 * interval, and the services API reports a service "down" when its heartbeat is older than the
 * service down time. The volume service's beat checks its backend first, so a backend that stops
 * working (its directory gone) shows as down.
 */
public final class Heartbeats implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);
  private final VolumeConfig config;
  private final ServiceRecords records;
  private final VolumeBackend backend;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().daemon().name("volume-heartbeat").unstarted(r));

  public Heartbeats(VolumeConfig config, ServiceRecords records, VolumeBackend backend,
      Clock clock) {
    this.config = config;
    this.records = records;
    this.backend = backend;
    this.clock = clock;
  }

  public Heartbeats start() {
    beat();
    long every = config.reportInterval().toMillis();
    timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One round of heartbeats. */
  public void beat() {
    long at = clock.millis();
    try {
      records.heartbeat("cinder-scheduler", config.host(), config.zone(), at);
      backend.capacityGb();
      records.heartbeat("cinder-volume", config.volumeHost(), config.zone(), at);
    } catch (RuntimeException e) {
      LOG.warn("block storage heartbeat failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
