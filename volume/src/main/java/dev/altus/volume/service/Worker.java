package dev.altus.volume.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the volume service's slow work (making, copying, growing and removing files) after the API
 * has answered, as cinder-volume does behind its RPC queue. Each task records its own outcome on
 * the volume or snapshot; an unexpected failure is logged here.
 */
public final class Worker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  private final ExecutorService pool = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("volume-worker-", 0).factory());

  public void submit(String what, Runnable task) {
    pool.submit(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("{} failed", what, e);
      }
    });
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
