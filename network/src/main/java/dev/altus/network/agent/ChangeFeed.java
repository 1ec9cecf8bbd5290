package dev.altus.network.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  /**
   * Tells the agents that the current state has been replayed to them (see
   * {@link DataPlaneAgent#replayed}), in order after the changes published before.
   */
  public void replayed() {
    worker.execute(() -> {
      for (DataPlaneAgent a : agents) {
        try {
          a.replayed();
        } catch (RuntimeException e) {
          LOG.error("{} failed to converge after the replay", a.agentType(), e);
        }
      }
    });
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
