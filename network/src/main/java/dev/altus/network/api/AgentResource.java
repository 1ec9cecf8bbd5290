package dev.altus.network.api;

import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.network.service.AgentService;

/** Routes for /v2.0/agents (the agent extension; admin only). */
public final class AgentResource {
  private final AgentService agents;
  private final String baseUrl;

  private final dev.altus.network.service.DhcpScheduler dhcp;

  public AgentResource(AgentService agents, dev.altus.network.service.DhcpScheduler dhcp, String baseUrl) {
    this.agents = agents;
    this.dhcp = dhcp;
    this.baseUrl = baseUrl;
  }

  public void routes(Router r) {
    r.get("/v2.0/agents", req -> ApiResponse.ok(ListQuery.render(req, "agents",
        agents.list(req.context()), baseUrl)));
    r.get("/v2.0/agents/{id}", req -> ApiResponse.ok(Bodies.wrap("agent",
        ListQuery.fields(req, agents.get(req.context(), req.param("id"))))));
    r.put("/v2.0/agents/{id}", req -> ApiResponse.ok(Bodies.wrap("agent",
        agents.update(req.context(), req.param("id"), Bodies.unwrap(req, "agent")))));
    r.get("/v2.0/networks/{id}/dhcp-agents", req -> ApiResponse.ok(list("agents",
        dhcp.agentsHosting(req.context(), req.param("id")))));
    r.get("/v2.0/agents/{id}/dhcp-networks", req -> ApiResponse.ok(list("networks",
        dhcp.networksHosted(req.context(), req.param("id")))));
    r.post("/v2.0/agents/{id}/dhcp-networks", req -> {
      var in = req.json();
      if (in == null || !in.isObject()) {
        throw dev.altus.network.service.Errors.badRequest("Resource body required");
      }
      dhcp.add(req.context(), req.param("id"), in);
      return ApiResponse.empty(201);
    });
    r.delete("/v2.0/agents/{id}/dhcp-networks/{network}", req -> {
      dhcp.remove(req.context(), req.param("id"), req.param("network"));
      return ApiResponse.noContent();
    });
    r.delete("/v2.0/agents/{id}", req -> {
      agents.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode list(String key,
      java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> items) {
    var o = dev.altus.common.json.Json.object();
    o.putArray(key).addAll(items);
    return o;
  }
}
