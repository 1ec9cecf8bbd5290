package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.network.service.AgentService;
import java.util.ArrayList;
import java.util.List;

/** Every network agent is alive; a dead one is named with why (silence, its last error). */
final class AgentCheck implements DoctorCheck {
  private final AgentService agents;
  private final RequestContext admin;

  AgentCheck(AgentService agents, RequestContext admin) {
    this.agents = agents;
    this.admin = admin;
  }

  @Override
  public String name() {
    return "agents";
  }

  @Override
  public List<Finding> run() {
    List<Finding> out = new ArrayList<>();
    for (ObjectNode a : agents.list(admin)) {
      String who = a.path("agent_type").asText() + " on " + a.path("host").asText() + " ("
          + a.path("binary").asText() + ", " + a.path("id").asText() + ")";
      String down = a.path("configurations").path("down_reason").asText("");
      if (!a.path("alive").asBoolean()) {
        out.add(Finding.fail(name(), who + " is down: " + down, "look at the cloud's log for"
            + " the " + a.path("agent_type").asText() + " on " + a.path("host").asText()
            + " and restart it (all-in-one: restart the cloud); an agent that is gone for good:"
            + " openstack network agent delete " + a.path("id").asText()));
      } else if (!a.path("admin_state_up").asBoolean(true)) {
        out.add(Finding.warn(name(), who + " is alive but administratively down",
            "openstack network agent set --enable " + a.path("id").asText()));
      } else {
        String err = a.path("configurations").path("last_error").asText("");
        out.add(Finding.ok(name(), who + " is alive" + (err.isEmpty() ? ""
            : " (last error at " + a.path("configurations").path("last_error_at").asText()
                + ": " + err + ")")));
      }
    }
    if (out.isEmpty()) {
      out.add(Finding.warn(name(), "no network agent has ever reported",
          "the network service starts its agents with the cloud: look at the cloud's log"));
    }
    return out;
  }
}
