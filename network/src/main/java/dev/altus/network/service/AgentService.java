package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.network.agent.AgentReports;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.store.ResourceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The agents registry (the agent extension): agents register and stay alive through heartbeats;
 * one whose heartbeats stopped for three report intervals is shown {@code alive: false}. Also the
 * control plane's side of {@link AgentReports}.
 */
public final class AgentService implements AgentReports {
  static final String KIND = "agent";
  private static final Set<String> UPDATE = Set.of("admin_state_up", "description");
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final ResourceStore store;
  private final Access access;
  private final Clock clock;
  private final Locks locks;
  private final Duration reportInterval;
  private final PortService ports;
  private final FloatingIpService floatingIps;
  private volatile dev.altus.network.agent.ChangeFeed feed;

  public AgentService(ResourceStore store, Access access, Clock clock, Locks locks,
      Duration reportInterval, PortService ports, FloatingIpService floatingIps) {
    this.store = store;
    this.access = access;
    this.clock = clock;
    this.locks = locks;
    this.reportInterval = reportInterval;
    this.ports = ports;
    this.floatingIps = floatingIps;
    ports.l2AgentOnHost(host -> store.list(KIND).stream().anyMatch(a ->
        a.path("agent_type").asText().equals("Linux bridge agent")
            && a.path("host").asText().equals(host) && alive(a)));
  }

  /**
   * Publishes agents (kind {@code agent}) to the data-plane agents when one registers, changes its
   * configuration or comes back to life: the L2 agents learn the other hosts' tunnel addresses.
   */
  public void publishTo(dev.altus.network.agent.ChangeFeed feed) {
    this.feed = feed;
  }

  public Duration reportInterval() {
    return reportInterval;
  }

  private static String ts(Instant t) {
    return LocalDateTime.ofInstant(t.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).format(TS);
  }

  private boolean alive(JsonNode a) {
    Instant last = LocalDateTime.parse(a.get("heartbeat_timestamp").asText(), TS).toInstant(ZoneOffset.UTC);
    return !Instant.now(clock).isAfter(last.plus(reportInterval.multipliedBy(3)));
  }

  @Override
  public void heartbeat(DataPlaneAgent agent, String host) {
    String key = agent.agentType() + "@" + host;
    locks.with(key, () -> {
      String now = ts(Instant.now(clock));
      Optional<ObjectNode> existing = store.list(KIND).stream().filter(a ->
          a.path("agent_type").asText().equals(agent.agentType())
              && a.path("host").asText().equals(host)).findFirst();
      if (existing.isPresent()) {
        ObjectNode a = existing.get();
        a.put("heartbeat_timestamp", now);
        ObjectNode conf = agent.configurations().deepCopy();
        boolean news = !tunnelOf(conf).equals(tunnelOf(a.path("configurations")));
        a.set("configurations", conf);
        if (!alive(a)) {
          a.put("started_at", now);
          news = true;
        }
        store.update(KIND, a);
        if (news && feed != null) {
          feed.publish(KIND, "updated", a);
        }
        return null;
      }
      ObjectNode a = dev.altus.common.json.Json.object();
      a.put("id", Docs.newId());
      a.put("agent_type", agent.agentType());
      a.put("binary", agent.binary());
      a.put("topic", agent.topic());
      a.put("host", host);
      a.put("admin_state_up", true);
      a.set("configurations", agent.configurations().deepCopy());
      a.put("created_at", now);
      a.put("started_at", now);
      a.put("heartbeat_timestamp", now);
      a.put("description", "");
      if (agent.agentType().equals("DHCP agent") || agent.agentType().equals("L3 agent")) {
        a.put("availability_zone", "nova");
      } else {
        a.putNull("availability_zone");
      }
      a.putNull("resources_synced");
      store.insert(KIND, a);
      if (feed != null) {
        feed.publish(KIND, "created", a);
      }
      return null;
    });
  }

  @Override
  public void error(DataPlaneAgent agent, String host, String message) {
    locks.with(agent.agentType() + "@" + host, () -> {
      store.list(KIND).stream().filter(a -> a.path("agent_type").asText()
          .equals(agent.agentType()) && a.path("host").asText().equals(host)).findFirst()
          .ifPresent(a -> {
            a.put("last_error", message.length() > 500 ? message.substring(0, 500) : message);
            a.put("last_error_at", ts(Instant.now(clock)));
            store.update(KIND, a);
          });
      return null;
    });
  }

  /**
   * Why an agent is shown dead (null when alive): since when it has been silent and what it last
   * said went wrong.
   */
  public String downReason(JsonNode a) {
    if (alive(a)) {
      return null;
    }
    Instant last = LocalDateTime.parse(a.get("heartbeat_timestamp").asText(), TS)
        .toInstant(ZoneOffset.UTC);
    long silent = Duration.between(last, Instant.now(clock)).toSeconds();
    String why = "no heartbeat since " + a.get("heartbeat_timestamp").asText() + " UTC (" + silent
        + " s; an agent is down after 3 report intervals, "
        + reportInterval.multipliedBy(3).toSeconds() + " s)";
    return a.hasNonNull("last_error")
        ? why + "; last error at " + a.path("last_error_at").asText() + ": "
            + a.path("last_error").asText()
        : why;
  }

  private static String tunnelOf(JsonNode configurations) {
    return configurations.path("tunneling_ip").asText("");
  }

  @Override
  public void portStatus(String portId, String status) {
    ports.setStatus(portId, status);
  }

  @Override
  public void floatingIpStatus(String floatingIpId, String status) {
    floatingIps.setStatus(floatingIpId, status);
  }

  private void adminOnly(RequestContext ctx, String action, String id) {
    if (!access.allowed(action, ctx, null)) {
      throw id == null || access.allowed("get_agent", ctx, null) ? Errors.policy(action) : notFound(id);
    }
  }

  static ApiException notFound(String id) {
    return Errors.notFound("AgentNotFound", "Agent " + id + " could not be found.");
  }

  /** Admins see every agent; others see none (Neutron's get_agent is admin only). */
  public List<ObjectNode> list(RequestContext ctx) {
    if (!access.allowed("get_agent", ctx, null)) {
      return List.of();
    }
    return store.list(KIND).stream().map(this::view).toList();
  }

  public ObjectNode get(RequestContext ctx, String id) {
    adminOnly(ctx, "get_agent", id);
    return store.get(KIND, id).map(this::view).orElseThrow(() -> notFound(id));
  }

  /**
   * The agent as the API shows it: {@code alive}, and in {@code configurations} (which every
   * client prints) the last error the agent reported and, for a dead one, why it is down.
   */
  ObjectNode view(ObjectNode a) {
    ObjectNode v = a.deepCopy();
    v.remove(List.of("last_error", "last_error_at"));
    v.put("alive", alive(a));
    if (v.path("configurations").isObject()) {
      ObjectNode conf = (ObjectNode) v.get("configurations");
      if (a.hasNonNull("last_error")) {
        conf.put("last_error", a.path("last_error").asText());
        conf.put("last_error_at", a.path("last_error_at").asText());
      }
      String down = downReason(a);
      if (down != null) {
        conf.put("down_reason", down);
      }
    }
    return v;
  }

  public ObjectNode update(RequestContext ctx, String id, JsonNode in) {
    adminOnly(ctx, "update_agent", id);
    Docs.allowOnly(in, KIND, UPDATE);
    return locks.with(id, () -> {
      ObjectNode a = store.get(KIND, id).orElseThrow(() -> notFound(id));
      if (in.has("admin_state_up")) {
        a.put("admin_state_up", Docs.bool(in, "admin_state_up", null));
      }
      if (in.has("description")) {
        a.put("description", Docs.str(in, "description", ""));
      }
      store.update(KIND, a);
      return view(a);
    });
  }

  public void delete(RequestContext ctx, String id) {
    adminOnly(ctx, "delete_agent", id);
    if (!store.delete(KIND, id)) {
      throw notFound(id);
    }
    onDeleted.accept(id);
  }

  private java.util.function.Consumer<String> onDeleted = id -> {};

  void onDeleted(java.util.function.Consumer<String> hook) {
    this.onDeleted = hook;
  }

  /** Every registered agent of a type, as an admin sees it. */
  List<ObjectNode> ofType(String type) {
    return store.list(KIND).stream().filter(a -> a.path("agent_type").asText().equals(type))
        .map(this::view).toList();
  }

  Optional<ObjectNode> find(String id) {
    return store.get(KIND, id).map(this::view);
  }

  void requireAdmin(RequestContext ctx, String action) {
    adminOnly(ctx, action, null);
  }
}
