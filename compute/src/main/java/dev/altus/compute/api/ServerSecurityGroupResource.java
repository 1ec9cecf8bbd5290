package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.model.Server;
import dev.altus.compute.service.ServerSecurityGroups;
import dev.altus.compute.service.ServerService;
import java.util.Locale;

/**
 * {@code GET /v2.1/servers/{id}/os-security-groups}: the security groups of a server's ports,
 * in the compute API's (nova-network era) format.
 */
public final class ServerSecurityGroupResource {
  private final ServerService servers;
  private final ServerSecurityGroups groups;
  private final PolicyEngine policy;

  ServerSecurityGroupResource(ServerService servers, ServerSecurityGroups groups,
      PolicyEngine policy) {
    this.servers = servers;
    this.groups = groups;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/servers/{server_id}/os-security-groups", this::list);
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = req.context();
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:os-security-groups:list", ctx, ServerResource.target(s));
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("security_groups");
    for (NetworkClient.SecurityGroupInfo g : groups.list(ctx, s.id())) {
      list.add(view(g, id -> groups.name(ctx, id)));
    }
    return ApiResponse.ok(body);
  }

  /**
   * A security group as the compute API shows it: ingress rules only, a remote group by its
   * name ({@code names} maps an id to it).
   */
  static ObjectNode view(NetworkClient.SecurityGroupInfo g,
      java.util.function.Function<String, String> names) {
    ObjectNode o = Json.object();
    o.put("id", g.id());
    o.put("name", g.name());
    o.put("description", g.description());
    o.put("tenant_id", g.projectId());
    ArrayNode rules = o.putArray("rules");
    for (NetworkClient.SecurityGroupRule r : g.rules()) {
      if (!"ingress".equals(r.direction())) {
        continue;
      }
      ObjectNode n = rules.addObject();
      n.put("id", r.id());
      n.put("parent_group_id", g.id());
      n.put("ip_protocol", r.protocol() == null ? null : r.protocol().toLowerCase(Locale.ROOT));
      n.put("from_port", r.portRangeMin() == null ? -1 : r.portRangeMin());
      n.put("to_port", r.portRangeMax() == null ? -1 : r.portRangeMax());
      ObjectNode range = n.putObject("ip_range");
      ObjectNode grp = n.putObject("group");
      if (r.remoteGroupId() != null) {
        grp.put("name", names.apply(r.remoteGroupId()));
        grp.put("tenant_id", g.projectId());
      } else {
        range.put("cidr", r.remoteIpPrefix() != null ? r.remoteIpPrefix()
            : "IPv6".equals(r.ethertype()) ? "::/0" : "0.0.0.0/0");
      }
    }
    return o;
  }
}
