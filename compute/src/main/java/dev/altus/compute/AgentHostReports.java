package dev.altus.compute;

import dev.altus.compute.agent.ComputeAgent;
import dev.altus.compute.service.HostReports;
import dev.altus.compute.store.ServerLifeStore;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The hosts' reports for the hypervisor and host views: the servers placed on a host (from the
 * servers store, with their flavor sizes) and a host's uptime from the virt driver of the agent
 * this process runs for it (empty for a host another process runs).
 */
final class AgentHostReports implements HostReports {
  private final ServerLifeStore servers;
  private final Supplier<List<ComputeAgent>> agents;

  AgentHostReports(ServerLifeStore servers, Supplier<List<ComputeAgent>> agents) {
    this.servers = servers;
    this.agents = agents;
  }

  @Override
  public List<HostedServer> serversOn(String host) {
    return servers.onHost(host);
  }

  @Override
  public OptionalLong uptimeSeconds(String host) {
    for (ComputeAgent a : agents.get()) {
      if (a.host().equals(host)) {
        try {
          return OptionalLong.of(a.driver().hostUptimeSeconds());
        } catch (RuntimeException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }
}
