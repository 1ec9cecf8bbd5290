package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.network.agent.AgentReports;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.agent.Heartbeat;
import dev.altus.network.agent.ResourceChange;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Linux agents share: the {@link ResourceView} fed by {@link #onChange}, one worker thread
 * that does all host work (so the feed never waits for {@code ip} or dnsmasq), a set of keys
 * (network ids) whose host state must be brought in line, a periodic check of the host, and the
 * heartbeat. Nothing is synced before {@link #replayed} (a partial view would undo what a restarted
 * agent should adopt), and stale things are removed only then, when the view is complete.
 */
abstract class LinuxAgent implements DataPlaneAgent {
  private static final Logger LOG = LoggerFactory.getLogger(LinuxAgent.class);
  protected final ResourceView view = new ResourceView();
  /** The host this agent reports for (the first of {@link #hostNames}). */
  protected final String hostName;
  /** Every host name this agent serves: compute hosts of this process share its machine. */
  protected final List<String> hostNames;
  private final Duration reportInterval;
  private final Duration checkInterval;
  private final Set<String> dirty = new LinkedHashSet<>();
  private ExecutorService worker;
  private ScheduledExecutorService checks;
  private final List<Heartbeat> heartbeats = new java.util.ArrayList<>();
  protected volatile AgentReports reports;
  private volatile boolean replayed;

  LinuxAgent(List<String> hostNames, Duration reportInterval, Duration checkInterval) {
    this.hostNames = List.copyOf(hostNames);
    this.hostName = hostNames.get(0);
    this.reportInterval = reportInterval;
    this.checkInterval = checkInterval;
  }

  /** The keys (network ids) whose host state a change may affect; {@code before} may be null. */
  protected abstract Collection<String> affected(ResourceChange change, ObjectNode before);

  /** Brings the host state of one key in line with the view; runs on the worker thread. */
  protected abstract void sync(String key);

  /** Looks at the host (devices, processes) and marks what drifted; runs on the worker thread. */
  protected abstract void check();

  /**
   * Removes what this agent made that the complete view no longer wants; runs on the worker
   * thread, once after the replay and then with every check.
   */
  protected abstract void removeStale();

  /** Whether the replay of the current state is complete (stale things may be removed). */
  protected boolean complete() {
    return replayed;
  }

  @Override
  public synchronized void start(AgentReports reports) {
    this.reports = reports;
    worker = Executors.newSingleThreadExecutor(
        r -> Thread.ofPlatform().daemon().name(binary() + "-worker").unstarted(r));
    checks = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().daemon().name(binary() + "-check").unstarted(r));
    long ms = checkInterval.toMillis();
    // one check at a time: the next is scheduled only once the worker has done this one, so a
    // slow host never piles checks up behind the changes
    checks.scheduleWithFixedDelay(() -> {
      var done = submit(() -> {
        check();
        if (replayed) {
          removeStale();
        }
      });
      try {
        if (done != null) {
          done.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        // logged by the task itself
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
    for (String h : hostNames) {
      heartbeats.add(new Heartbeat(this, h, reports, reportInterval));
    }
  }

  @Override
  public void onChange(ResourceChange change) {
    ObjectNode before = view.apply(change);
    changed(change);
    Collection<String> keys = affected(change, before);
    if (!keys.isEmpty()) {
      mark(keys);
    }
  }

  /** Hook for subclasses that pass changes on (the L2 agent's firewall); on the feed thread. */
  protected void changed(ResourceChange change) {}

  @Override
  public void replayed() {
    submit(() -> {
      replayed = true;
      drain();
      removeStale();
    });
  }

  /** Marks keys for a sync on the worker thread. */
  protected void mark(Collection<String> keys) {
    synchronized (dirty) {
      dirty.addAll(keys);
    }
    submit(this::drain);
  }

  private void drain() {
    if (!replayed) {
      // the view is partial until the replay ends (a network seen before its subnets or ports):
      // syncing now would restart, or even remove, what a restarted agent should simply adopt
      return;
    }
    while (true) {
      String key;
      synchronized (dirty) {
        if (dirty.isEmpty()) {
          return;
        }
        key = dirty.iterator().next();
        dirty.remove(key);
      }
      try {
        sync(key);
      } catch (RuntimeException e) {
        LOG.warn("{}: {} not in place yet ({}); retried at the next check", agentType(), key,
            e.getMessage());
      }
    }
  }

  /** Runs {@code task} on the worker; null when the agent is stopping. */
  private java.util.concurrent.Future<?> submit(Runnable task) {
    ExecutorService w = worker;
    if (w == null || w.isShutdown()) {
      return null;
    }
    try {
      return w.submit(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("{}: host work failed", agentType(), e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return null; // stopping
    }
  }

  @Override
  public synchronized void stop() {
    heartbeats.forEach(Heartbeat::stop);
    heartbeats.clear();
    if (checks != null) {
      checks.shutdownNow();
    }
    if (worker != null) {
      worker.shutdown();
      try {
        worker.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker.shutdownNow();
    }
    reports = null;
  }
}
