package dev.altus.network.api;

import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.network.service.AgentService;

/** Routes for /v2.0/agents (the agent extension; admin only). */
public final class AgentResource {
  private final AgentService agents;
  private final String baseUrl;

  public AgentResource(AgentService agents, String baseUrl) {
    this.agents = agents;
    this.baseUrl = baseUrl;
  }

  public void routes(Router r) {
    r.get("/v2.0/agents", req -> ApiResponse.ok(ListQuery.render(req, "agents",
        agents.list(req.context()), baseUrl)));
    r.get("/v2.0/agents/{id}", req -> ApiResponse.ok(Bodies.wrap("agent",
        ListQuery.fields(req, agents.get(req.context(), req.param("id"))))));
    r.put("/v2.0/agents/{id}", req -> ApiResponse.ok(Bodies.wrap("agent",
        agents.update(req.context(), req.param("id"), Bodies.unwrap(req, "agent")))));
    r.delete("/v2.0/agents/{id}", req -> {
      agents.delete(req.context(), req.param("id"));
      return ApiResponse.noContent();
    });
  }
}
