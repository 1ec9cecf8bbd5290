package dev.altus.network.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed changes to the agents, in commit order, on one thread so the API never waits for
 * an agent.
 */
public final class ChangeFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  private final List<DataPlaneAgent> agents = new CopyOnWriteArrayList<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(
      r -> Thread.ofPlatform().daemon().name("neutron-agent-feed").unstarted(r));

  public void subscribe(DataPlaneAgent agent) {
    agents.add(agent);
  }

  /**
   * Subscribes an agent that starts from the current state: {@code current} is read on the feed's
   * thread and handed to this agent alone as {@code created} changes, before any change published
   * after this call. Reading it there, not here, means a change committed meanwhile is either in
   * the snapshot or delivered after it, never overtaken by an older copy.
   */
  public void subscribe(DataPlaneAgent agent, Supplier<List<ResourceChange>> current) {
    agents.add(agent);
    worker.execute(() -> {
      List<ResourceChange> state;
      try {
        state = current.get();
      } catch (RuntimeException e) {
        LOG.error("reading the current state for {} failed", agent.agentType(), e);
        return;
      }
      for (ResourceChange c : state) {
        if (!agents.contains(agent)) {
          return;
        }
        try {
          agent.onChange(c);
        } catch (RuntimeException e) {
          LOG.error("{} failed on {} {} {}", agent.agentType(), c.kind(), c.action(), c.id(), e);
        }
      }
      try {
        agent.replayed();
      } catch (RuntimeException e) {
        LOG.error("{} failed after the replay", agent.agentType(), e);
      }
    });
  }

  /** Runs {@code task} on the feed's thread once every change published before it is handed out. */
  public java.util.concurrent.Future<?> barrier(Runnable task) {
    return worker.submit(task);
  }

  public void unsubscribe(DataPlaneAgent agent) {
    agents.remove(agent);
  }

  public void publish(String kind, String action, ObjectNode resource) {
    if (agents.isEmpty()) {
      return;
    }
    ResourceChange c = new ResourceChange(kind, action, resource.path("id").asText(), resource.deepCopy());
    worker.execute(() -> {
      for (DataPlaneAgent a : agents) {
        try {
          a.onChange(c);
        } catch (RuntimeException e) {
          LOG.error("{} failed on {} {} {}", a.agentType(), kind, action, c.id(), e);
        }
      }
    });
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
