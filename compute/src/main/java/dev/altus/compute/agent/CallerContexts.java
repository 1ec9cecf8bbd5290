package dev.altus.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The caller of an API request as it travels with the work it caused (Nova sends the request
 * context along with every RPC message): the agent creates ports and snapshots in the caller's
 * project, with the caller's roles. The token itself does not travel.
 */
public final class CallerContexts {
  private CallerContexts() {}

  public static ObjectNode toJson(RequestContext c) {
    ObjectNode o = Json.object();
    o.put("user_id", c.userId());
    o.put("user_name", c.userName());
    o.put("user_domain_id", c.userDomainId());
    o.put("project_id", c.projectId());
    o.put("project_name", c.projectName());
    o.put("project_domain_id", c.projectDomainId());
    o.put("request_id", "");
    var roles = o.putArray("roles");
    c.roles().forEach(roles::add);
    return o;
  }

  public static RequestContext fromJson(JsonNode o) {
    Set<String> roles = new LinkedHashSet<>();
    o.path("roles").forEach(r -> roles.add(r.asText()));
    return new RequestContext(o.path("user_id").asText(null), o.path("user_name").asText(null),
        o.path("user_domain_id").asText(null), o.path("project_id").asText(null),
        o.path("project_name").asText(null), o.path("project_domain_id").asText(null), null,
        false, Set.copyOf(roles), Set.of(), null, Instant.MAX, List.of(), null, null);
  }

  /** The context of a server's owner, for work no request started (reconcile, local delete). */
  public static RequestContext owner(String userId, String projectId) {
    return new RequestContext(userId, null, null, projectId, null, null, null, false,
        Set.of("member", "reader"), Set.of(), null, Instant.MAX, List.of(), null, null);
  }
}
