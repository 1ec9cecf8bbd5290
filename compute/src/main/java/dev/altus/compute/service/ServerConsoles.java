package dev.altus.compute.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.bus.MessageBus;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.agent.AgentMessage;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ConsoleTokenStore;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A guest's consoles: its serial console log, and a noVNC URL whose token stands for the
 * guest's VNC address on its host (the console proxy, {@link
 * dev.altus.compute.console.ConsoleProxy}, serves the URL and opens that address).
 */
public final class ServerConsoles {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private final ServerService lookup;
  private final MessageBus bus;
  private final ConsoleTokenStore tokens;
  private final String novncBaseUrl;

  public ServerConsoles(ServerService lookup, MessageBus bus, ConsoleTokenStore tokens,
      String novncBaseUrl) {
    this.lookup = lookup;
    this.bus = bus;
    this.tokens = tokens;
    this.novncBaseUrl = novncBaseUrl;
  }

  /** The last {@code length} lines of the console log (all when null). */
  public String output(RequestContext ctx, String id, Integer length) {
    Server s = lookup.get(ctx, id);
    requireHost(s);
    AgentMessage m = AgentMessage.of("console_output", id, ctx, 0);
    if (length != null) {
      m = m.with("length", length);
    }
    JsonNode reply = call(s, m);
    return reply.path("output").asText("");
  }

  /** A noVNC URL with a fresh token for the guest's VNC console. */
  public String vncUrl(RequestContext ctx, String id) {
    Server s = lookup.get(ctx, id);
    requireHost(s);
    if (!ServerStates.ACTIVE.equals(s.vmState()) && !ServerStates.PAUSED.equals(s.vmState())
        && !ServerStates.RESCUED.equals(s.vmState())) {
      throw new ApiException(409, "InstanceNotReady", "Instance " + id + " is not ready: its"
          + " console is available while it runs (it is " + s.status() + ").");
    }
    JsonNode reply = call(s, AgentMessage.of("vnc_console", id, ctx, 0));
    String token = tokens.issue(id, "novnc", reply.path("host").asText(),
        reply.path("port").asInt());
    return novncBaseUrl + (novncBaseUrl.contains("?") ? "&" : "?") + "path=%3Ftoken%3D"
        + token;
  }

  /** What the guest's host reports about it (the diagnostics API). */
  public JsonNode diagnostics(RequestContext ctx, Server s) {
    requireHost(s);
    return call(s, AgentMessage.of("diagnostics", s.id(), ctx, 0));
  }

  private static void requireHost(Server s) {
    if (s.host() == null) {
      throw new ApiException(409, "InstanceNotReady", "Instance " + s.id()
          + " is not ready: it has no host yet.");
    }
  }

  private JsonNode call(Server s, AgentMessage m) {
    JsonNode reply;
    try {
      reply = bus.call(AgentMessage.topic(s.host()), m.toJson())
          .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ApiException(409, "ComputeServiceUnavailable", "Compute service of " + s.host()
          + " is unavailable at this time.");
    } catch (TimeoutException e) {
      throw new ApiException(504, "Timeout", "The compute host " + s.host()
          + " did not answer in time.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "Interrupted", "Interrupted.");
    }
    if (reply != null && reply.has("error")) {
      int status = reply.path("status").asInt(500);
      if (status == 404) {
        throw new ApiException(409, "InstanceNotReady", "Instance " + s.id()
            + " is not ready: " + reply.path("error").asText());
      }
      throw new ApiException(status, "ConsoleError", reply.path("error").asText());
    }
    return reply;
  }
}
