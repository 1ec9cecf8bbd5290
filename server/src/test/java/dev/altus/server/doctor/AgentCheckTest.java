package dev.altus.server.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.network.NetworkConfig;
import dev.altus.network.NetworkModule;
import dev.altus.network.agent.DataPlaneAgent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The classic install's agent shown dead: an agent that stops heartbeating (its process gone, as
 * after a crash) is named by doctor with since when and the last error it reported.
 */
class AgentCheckTest {
  @Test
  void anAgentThatStoppedHeartbeatingIsAFailNamingItAndWhy() throws Exception {
    try (Database db = new Database(DatabaseConfig.inMemory("doctor-" + UUID.randomUUID()))
        .migrate(List.of("network"));
        NetworkModule network = new NetworkModule(NetworkConfig.defaults("http://127.0.0.1"),
            db, Clock.systemUTC(), "network1", Duration.ofSeconds(1))) {
      AgentCheck check = new AgentCheck(network.agents, CloudDoctors.doctorContext());
      assertThat(check.run()).extracting(Finding::status).containsOnly(Finding.Status.OK)
          .hasSize(network.hostAgents().size());
      DataPlaneAgent dhcp = network.hostAgents().stream()
          .filter(a -> a.agentType().equals("DHCP agent")).findFirst().orElseThrow();
      network.agents.error(dhcp, "network1", "dnsmasq for network 5c1e exited with status 2");
      network.detach(dhcp); // its heartbeats stop, as when its process dies
      Thread.sleep(3_500); // three report intervals; the others go on reporting every second
      List<Finding> out = check.run();
      System.out.println(new DoctorReport(out).text());
      assertThat(out).filteredOn(f -> f.status() == Finding.Status.FAIL).singleElement()
          .satisfies(f -> {
            assertThat(f.detail()).startsWith("DHCP agent on network1 (neutron-dhcp-agent, ")
                .contains(" is down: no heartbeat since ")
                .contains("an agent is down after 3 report intervals, 3 s); last error at ")
                .endsWith(": dnsmasq for network 5c1e exited with status 2");
            assertThat(f.fix()).contains("openstack network agent delete ");
          });
    }
  }
}
