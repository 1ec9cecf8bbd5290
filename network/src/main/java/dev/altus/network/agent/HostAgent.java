package dev.altus.network.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import java.time.Duration;

/**
 * An agent that wires nothing: the {@code noop} data plane (tests and benchmarks without root),
 * and the agents whose Linux implementation is not in place. Each heartbeats at the report
 * interval. Its Linux bridge kind reports ports bound to its host {@code ACTIVE} while
 * administratively up, {@code DOWN} otherwise, without wiring anything.
 */
public final class HostAgent implements DataPlaneAgent {
  public enum Kind {
    DHCP("DHCP agent", "neutron-dhcp-agent", "dhcp_agent"),
    L3("L3 agent", "neutron-l3-agent", "l3_agent"),
    METADATA("Metadata agent", "neutron-metadata-agent", "N/A"),
    LINUX_BRIDGE("Linux bridge agent", "neutron-linuxbridge-agent", "N/A");

    final String type;
    final String binary;
    final String topic;

    Kind(String type, String binary, String topic) {
      this.type = type;
      this.binary = binary;
      this.topic = topic;
    }
  }

  private final Kind kind;
  private final String host;
  private final Duration interval;
  private Heartbeat heartbeat;
  private volatile AgentReports reports;

  public HostAgent(Kind kind, String host, Duration interval) {
    this.kind = kind;
    this.host = host;
    this.interval = interval;
  }

  @Override
  public String agentType() {
    return kind.type;
  }

  @Override
  public String binary() {
    return kind.binary;
  }

  @Override
  public String topic() {
    return kind.topic;
  }

  @Override
  public ObjectNode configurations() {
    ObjectNode c = Json.object();
    switch (kind) {
      case DHCP -> {
        c.put("dhcp_driver", "none");
        c.put("notifies_port_ready", true);
      }
      case L3 -> {
        c.put("agent_mode", "legacy");
        c.put("interface_driver", "linuxbridge");
      }
      case METADATA -> c.put("metadata_proxy_socket", "");
      case LINUX_BRIDGE -> {
        c.putObject("interface_mappings");
        c.putObject("bridge_mappings");
        c.put("l2_population", false);
      }
    }
    c.put("report_interval", interval.toSeconds());
    return c;
  }

  @Override
  public synchronized void start(AgentReports reports) {
    this.reports = reports;
    heartbeat = new Heartbeat(this, host, reports, interval);
  }

  @Override
  public void onChange(ResourceChange change) {
    AgentReports r = reports;
    if (r == null || kind != Kind.LINUX_BRIDGE || !change.kind().equals("port")
        || change.action().equals("deleted")) {
      return;
    }
    ObjectNode p = change.resource();
    if (!host.equals(p.path("binding:host_id").asText(""))) {
      return;
    }
    String want = p.path("admin_state_up").asBoolean(true) ? "ACTIVE" : "DOWN";
    if (!want.equals(p.path("status").asText())) {
      r.portStatus(change.id(), want);
    }
  }

  @Override
  public synchronized void stop() {
    reports = null;
    if (heartbeat != null) {
      heartbeat.stop();
    }
  }
}
