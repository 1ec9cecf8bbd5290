package dev.altus.common.bus.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.bus.MessageBus.RemoteFailureException;
import dev.altus.common.json.Json;

/**
 * How a call's answer crosses the broker: {@code {"reply": ...}}, or {@code {"failure": {"type":
 * ..., "message": ...}}} when the consumer threw. A message's AMQP type tells a cast from a call.
 */
final class Envelopes {
  static final String CAST = "cast";
  static final String CALL = "call";

  private Envelopes() {}

  static byte[] reply(JsonNode reply) {
    ObjectNode o = Json.object();
    o.set("reply", reply == null ? NullNode.getInstance() : reply);
    return Json.bytes(o);
  }

  static byte[] failure(Throwable e) {
    ObjectNode o = Json.object();
    o.putObject("failure").put("type", e.getClass().getSimpleName())
        .put("message", String.valueOf(e.getMessage()));
    return Json.bytes(o);
  }

  /** The reply an envelope carries (null for a null reply), or the failure it reports. */
  static JsonNode open(String topic, byte[] envelope) {
    JsonNode o = Json.parse(envelope);
    JsonNode failure = o.get("failure");
    if (failure != null) {
      throw new RemoteFailureException(topic, failure.path("type").asText(),
          failure.path("message").asText());
    }
    JsonNode reply = o.get("reply");
    return reply == null || reply.isNull() ? null : reply;
  }
}
