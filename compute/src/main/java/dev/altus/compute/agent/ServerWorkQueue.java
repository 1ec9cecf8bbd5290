package dev.altus.compute.agent;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an agent's work: tasks of one server strictly one after another (a delete waits for the
 * build before it), tasks of different servers at once on virtual threads, with at most
 * {@code maxConcurrentBuilds} builds running together (Nova's max_concurrent_builds).
 */
final class ServerWorkQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerWorkQueue.class);

  private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
  private final ExecutorService workers;
  private final Semaphore builds;

  ServerWorkQueue(String host, int maxConcurrentBuilds) {
    this.workers = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("agent-" + host + "-", 0).factory());
    this.builds = new Semaphore(maxConcurrentBuilds, true);
  }

  /** Queues a task behind the server's earlier tasks. */
  CompletableFuture<Void> submit(String serverId, boolean build, Runnable task) {
    CompletableFuture<Void> next = tails.compute(serverId, (k, tail) -> {
      CompletableFuture<Void> prev = tail == null ? CompletableFuture.completedFuture(null) : tail;
      return prev.handleAsync((v, e) -> {
        run(serverId, build, task);
        return null;
      }, workers);
    });
    next.whenComplete((v, e) -> tails.remove(serverId, next));
    return next;
  }

  private void run(String serverId, boolean build, Runnable task) {
    boolean acquired = false;
    try {
      if (build) {
        builds.acquire();
        acquired = true;
      }
      task.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("work on server {} failed: {}", serverId, e.toString(), e);
    } finally {
      if (acquired) {
        builds.release();
      }
    }
  }

  /** Tasks queued or running. */
  int pending() {
    return tails.size();
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
