package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.service.ServerAddresses;
import dev.altus.compute.service.ServerGroupDirectory;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.ServerMetadataStore;
import dev.altus.compute.store.ServerPortStore;
import dev.altus.compute.store.ServerTagStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders servers for a caller: loads what the views show beside the rows (metadata, tags,
 * interfaces, groups, host status) in one query each for a whole list, and decides per policy
 * which fields the caller sees.
 */
final class ServerViews {
  private final ServerView view;
  private final ServerMetadataStore metadata;
  private final ServerTagStore tags;
  private final ServerPortStore ports;
  private final ServerAddresses addresses;
  private final ServerGroupDirectory groups;
  private final ComputeHostStore hosts;
  private final PolicyEngine policy;
  private final Clock clock;
  private final Duration serviceDownTime;

  ServerViews(ServerView view, ServerMetadataStore metadata, ServerTagStore tags,
      ServerPortStore ports, ServerAddresses addresses, ServerGroupDirectory groups,
      ComputeHostStore hosts, PolicyEngine policy, Clock clock, Duration serviceDownTime) {
    this.view = view;
    this.metadata = metadata;
    this.tags = tags;
    this.ports = ports;
    this.addresses = addresses;
    this.groups = groups;
    this.hosts = hosts;
    this.policy = policy;
    this.clock = clock;
    this.serviceDownTime = serviceDownTime;
  }

  ServerView view() {
    return view;
  }

  ServerView.Opts opts(RequestContext ctx, Microversion v, Server s, boolean withGroups) {
    Map<String, Object> target = Map.of("project_id", s == null ? "" : s.projectId());
    return new ServerView.Opts(v,
        policy.allowed("os_compute_api:os-extended-server-attributes", ctx, target),
        policy.allowed("os_compute_api:servers:show:host_status", ctx, target),
        policy.allowed("os_compute_api:servers:show:flavor-extra-specs", ctx, target),
        withGroups);
  }

  /** One server's detail view; its interfaces are refreshed from the network service. */
  ObjectNode one(RequestContext ctx, Microversion v, Server s) {
    List<ServerPort> p = addresses.refresh(ctx, s);
    ServerView.Extras x = new ServerView.Extras(metadata.of(s.id()), tags.of(s.id()), p,
        groupsOf(s), hostStatus(s, hostStates()));
    return view.detail(s, x, opts(ctx, v, s, true));
  }

  /** The PUT / rebuild view: the basic fields before 2.75, the detail view since. */
  ObjectNode updated(RequestContext ctx, Microversion v, Server s) {
    if (v.atLeast(75)) {
      return one(ctx, v, s);
    }
    ServerView.Extras x = new ServerView.Extras(metadata.of(s.id()), tags.of(s.id()),
        ports.of(s.id()), groupsOf(s), null);
    return view.basic(s, x, opts(ctx, v, s, true), false);
  }

  /** Detail views of a list of servers. */
  ArrayNode many(RequestContext ctx, Microversion v, List<Server> servers) {
    List<String> ids = servers.stream().map(Server::id).toList();
    Map<String, Map<String, String>> meta = metadata.ofAll(ids);
    Map<String, List<String>> tagsOf = v.atLeast(26) ? tags.ofAll(ids) : Map.of();
    Map<String, List<ServerPort>> portsOf = ports.ofAll(ids);
    Map<String, String> states = hostStates();
    ArrayNode out = Json.array();
    ServerView.Opts cached = null;
    String cachedProject = null;
    for (Server s : servers) {
      if (cached == null || !s.projectId().equals(cachedProject)) {
        cached = opts(ctx, v, s, false);
        cachedProject = s.projectId();
      }
      ServerView.Extras x = new ServerView.Extras(meta.getOrDefault(s.id(), Map.of()),
          tagsOf.getOrDefault(s.id(), List.of()), portsOf.getOrDefault(s.id(), List.of()),
          List.of(), hostStatus(s, states));
      out.add(view.detail(s, x, cached));
    }
    return out;
  }

  private List<String> groupsOf(Server s) {
    return groups.groupOf(s.id()).map(g -> List.of(g.id())).orElse(List.of());
  }

  /** Host name to UP, DOWN or MAINTENANCE (disabled). */
  private Map<String, String> hostStates() {
    Map<String, String> out = new HashMap<>();
    long now = clock.millis();
    for (var h : hosts.hosts()) {
      boolean up = !h.forcedDown() && h.lastSeenUp() != null
          && now - h.lastSeenUp() <= serviceDownTime.toMillis();
      out.put(h.host(), h.disabled() ? "MAINTENANCE" : up ? "UP" : "DOWN");
    }
    return out;
  }

  private static String hostStatus(Server s, Map<String, String> states) {
    if (s.host() == null) {
      return "";
    }
    return states.getOrDefault(s.host(), "UNKNOWN");
  }
}
