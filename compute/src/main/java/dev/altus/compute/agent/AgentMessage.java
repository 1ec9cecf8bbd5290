package dev.altus.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;

/**
 * A unit of work for a compute agent as it travels on the bus: the operation, the server, the
 * caller's context, the instance action it belongs to, and the operation's own arguments.
 */
public record AgentMessage(String op, String serverId, JsonNode caller, long actionId,
    JsonNode args) {
  public static AgentMessage of(String op, String serverId, RequestContext caller,
      long actionId) {
    return new AgentMessage(op, serverId, CallerContexts.toJson(caller), actionId,
        Json.object());
  }

  public AgentMessage with(String key, Object value) {
    ObjectNode a = ((ObjectNode) args).deepCopy();
    a.set(key, Json.MAPPER.valueToTree(value));
    return new AgentMessage(op, serverId, caller, actionId, a);
  }

  public RequestContext context() {
    return CallerContexts.fromJson(caller);
  }

  public String arg(String key) {
    JsonNode v = args.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  public JsonNode toJson() {
    ObjectNode o = Json.object();
    o.put("op", op);
    o.put("server", serverId);
    o.set("context", caller);
    o.put("action_id", actionId);
    o.set("args", args);
    return o;
  }

  public static AgentMessage fromJson(JsonNode o) {
    return new AgentMessage(o.path("op").asText(), o.path("server").asText(),
        o.path("context"), o.path("action_id").asLong(),
        o.has("args") ? o.get("args") : Json.object());
  }

  /** The bus topic of a host's agent. */
  public static String topic(String host) {
    return "compute." + host;
  }
}
