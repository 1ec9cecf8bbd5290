package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import dev.altus.common.json.Json;
import dev.altus.network.agent.AgentReports;
import dev.altus.network.agent.DataPlaneAgent;
import dev.altus.network.agent.Heartbeat;
import dev.altus.network.agent.ResourceChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The L3 agent (legacy mode, every router on this host): a namespace {@code qrouter-<id>} per
 * router with its {@code qr-} interfaces, {@code qg-} gateway, SNAT, floating IPs, extra routes and
 * the metadata proxy behind the 169.254.169.254 redirect. Changes only mark routers to converge;
 * one worker thread converges them (so the change feed never waits on the host), retrying a router
 * whose convergence failed. A router's ports are reported {@code ACTIVE} once wired, its floating IPs
 * {@code ACTIVE} once their NAT is in place and {@code DOWN} once it is removed.
 */
public final class L3Agent implements DataPlaneAgent {
  private static final Logger LOG = LoggerFactory.getLogger(L3Agent.class);
  private static final Duration RETRY = Duration.ofSeconds(2);
  /** How often the host is looked at for routers whose namespace or proxy went away. */
  private static final Duration CHECK = Duration.ofSeconds(10);
  private final ResourceView state = new ResourceView();
  private final RouterNamespace namespaces;
  private final MetadataProxies proxies;
  private final String hostName;
  private final Duration reportInterval;
  private Heartbeat heartbeat;
  private final Path owned;
  private final Set<String> dirty = new LinkedHashSet<>();
  /** Last status reported (or read) per port and floating IP id. */
  private final Map<String, String> statuses = new HashMap<>();
  /** Floating IPs whose NAT this agent has put in place, per router. */
  private final Map<String, Set<String>> active = new HashMap<>();
  private ScheduledExecutorService worker;
  private volatile AgentReports reports;
  private boolean replayed;

  /**
   * @param hostName the host this agent serves (its registration)
   * @param host where the namespaces are made
   * @param proxies the metadata proxies of the routers' namespaces
   * @param stateDir where the agent notes the namespaces it made: only those are ever removed as
   *     stale, so two clouds (or test runs) on one machine never remove each other's routers
   */
  public L3Agent(String hostName, Duration reportInterval, Host host, MetadataProxies proxies,
      Path stateDir) {
    this.owned = stateDir.resolve("routers");
    this.namespaces = new RouterNamespace(host);
    this.proxies = proxies;
    this.hostName = hostName;
    this.reportInterval = reportInterval;
  }

  @Override
  public String agentType() {
    return "L3 agent";
  }

  @Override
  public String binary() {
    return "neutron-l3-agent";
  }

  @Override
  public String topic() {
    return "l3_agent";
  }

  @Override
  public ObjectNode configurations() {
    ObjectNode c = Json.object();
    c.put("agent_mode", "legacy");
    c.put("interface_driver", "linuxbridge");
    c.put("routers", state.all("router").size());
    c.put("floating_ips", state.all("floatingip").stream()
        .filter(f -> RouterChanges.text(f, "router_id") != null).count());
    c.put("interfaces", state.all("port").stream()
        .filter(p -> p.path("device_owner").asText().equals(L3Names.IFACE)).count());
    c.put("gateways", state.all("port").stream()
        .filter(p -> p.path("device_owner").asText().equals(L3Names.GATEWAY)).count());
    return c;
  }

  @Override
  public synchronized void start(AgentReports reports) {
    this.reports = reports;
    worker = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().daemon().name("neutron-l3-agent").unstarted(r));
    worker.scheduleWithFixedDelay(this::check, CHECK.toMillis(), CHECK.toMillis(),
        TimeUnit.MILLISECONDS);
    heartbeat = new Heartbeat(this, hostName, reports, reportInterval);
  }

  /**
   * Records the change; once the first replay is complete, converges the routers it touches
   * (before that, a router seen without its ports yet would lose its interfaces for a moment).
   */
  @Override
  public void onChange(ResourceChange change) {
    ObjectNode before = state.apply(change);
    Set<String> routers = RouterChanges.affected(state, change, before);
    boolean converging;
    synchronized (this) {
      if (change.action().equals("deleted")) {
        statuses.remove(change.id());
      }
      converging = replayed;
    }
    if (converging && !routers.isEmpty()) {
      schedule(routers, Duration.ZERO);
    }
  }

  @Override
  public void replayed() {
    synchronized (this) {
      replayed = true;
      if (worker == null) {
        return;
      }
      worker.execute(this::removeStale);
    }
    schedule(state.all("router").stream().map(r -> r.get("id").asText()).toList(), Duration.ZERO);
  }

  /** Whether the first replay has been converged (stale namespaces removed). */
  public synchronized boolean isReplayed() {
    return replayed;
  }

  private synchronized void schedule(Iterable<String> routers, Duration delay) {
    if (worker == null || worker.isShutdown()) {
      return;
    }
    routers.forEach(dirty::add);
    // a drain takes every router marked by then, so drains queued behind it find little to do
    worker.schedule(this::drain, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void drain() {
    Set<String> batch;
    synchronized (this) {
      batch = new LinkedHashSet<>(dirty);
      dirty.clear();
    }
    Set<String> failed = new LinkedHashSet<>();
    for (String id : batch) {
      try {
        converge(id);
      } catch (RuntimeException e) {
        LOG.error("router {}: convergence failed, retrying in {} s: {}", id, RETRY.toSeconds(),
            e.getMessage());
        failed.add(id);
      }
    }
    if (!failed.isEmpty()) {
      schedule(failed, RETRY);
    }
  }

  /** Makes router {@code id}'s namespace what the state says, or removes it. */
  private void converge(String id) {
    RouterPlan plan = state.get("router", id)
        .filter(r -> r.path("admin_state_up").asBoolean(true))
        .flatMap(r -> RouterPlan.of(id, state)).orElse(null);
    String ns = DeviceNames.routerNamespace(id);
    if (plan == null) {
      proxies.stop(ns);
      namespaces.remove(ns);
      disown(id);
      for (String fip : active.getOrDefault(id, Set.of())) {
        report("floatingip", fip, "DOWN");
      }
      active.remove(id);
      state.all("port").stream().filter(p -> id.equals(p.path("device_id").asText())
          && p.path("device_owner").asText().startsWith("network:router_"))
          .forEach(p -> report("port", p.get("id").asText(), "DOWN"));
      return;
    }
    own(id);
    namespaces.apply(plan);
    proxies.start(ns, "0.0.0.0", L3Names.PROXY_PORT, MetadataProxies.ROUTER_HEADER, id);
    for (RouterPlan.Port p : plan.ports()) {
      report("port", p.portId(), "ACTIVE");
    }
    Set<String> now = new HashSet<>();
    for (RouterPlan.FloatingIp f : plan.floatingIps()) {
      now.add(f.id());
      report("floatingip", f.id(), "ACTIVE");
    }
    for (String gone : active.getOrDefault(id, Set.of())) {
      if (!now.contains(gone)) {
        report("floatingip", gone, "DOWN");
      }
    }
    active.put(id, now);
  }

  /**
   * Marks the routers whose namespace was removed or whose metadata proxy died behind the agent's
   * back (an operator's {@code ip netns del}, a killed haproxy), so they are made again.
   */
  private void check() {
    synchronized (this) {
      if (!replayed) {
        return;
      }
    }
    try {
      Set<String> present = namespaces.namespaces();
      Set<String> drifted = new LinkedHashSet<>();
      for (ObjectNode r : state.all("router")) {
        String id = r.get("id").asText();
        String ns = DeviceNames.routerNamespace(id);
        if (r.path("admin_state_up").asBoolean(true)
            && (!present.contains(ns) || proxies.pid(ns) == 0)) {
          drifted.add(id);
        }
      }
      if (!drifted.isEmpty()) {
        LOG.warn("routers {}: namespace or metadata proxy gone; making them again", drifted);
        schedule(drifted, Duration.ZERO);
      }
    } catch (RuntimeException e) {
      LOG.warn("checking the routers' namespaces failed: {}", e.getMessage());
    }
  }

  /**
   * Removes the namespaces (and proxies) this agent made for routers that no longer exist: those
   * deleted while it was not running.
   */
  void removeStale() {
    Set<String> known = new HashSet<>();
    state.all("router").stream().filter(r -> r.path("admin_state_up").asBoolean(true))
        .forEach(r -> known.add(r.get("id").asText()));
    Set<String> mine = new TreeSet<>();
    try (var files = Files.list(owned)) {
      files.forEach(f -> mine.add(f.getFileName().toString()));
    } catch (IOException e) {
      // none made yet
    }
    for (String ns : proxies.namespaces()) {
      if (ns.startsWith("qrouter-")) {
        mine.add(ns.substring("qrouter-".length()));
      }
    }
    for (String id : mine) {
      if (!known.contains(id)) {
        String ns = DeviceNames.routerNamespace(id);
        LOG.info("removing {}: its router no longer exists", ns);
        proxies.stop(ns);
        namespaces.remove(ns);
        disown(id);
      }
    }
  }

  private void own(String routerId) {
    try {
      Files.createDirectories(owned);
      Path f = owned.resolve(routerId);
      if (!Files.exists(f)) {
        Files.writeString(f, DeviceNames.routerNamespace(routerId) + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot note router " + routerId + " in " + owned, e);
    }
  }

  private void disown(String routerId) {
    try {
      Files.deleteIfExists(owned.resolve(routerId));
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", owned.resolve(routerId), e.getMessage());
    }
  }

  /** Reports a status once per change: not again while it is what the service last heard. */
  private void report(String kind, String id, String status) {
    AgentReports r = reports;
    if (r == null || state.get(kind, id).isEmpty()) {
      return;
    }
    String known;
    synchronized (this) {
      known = statuses.computeIfAbsent(id,
          k -> state.get(kind, id).map(o -> o.path("status").asText()).orElse(""));
      statuses.put(id, status);
    }
    if (!status.equals(known)) {
      if (kind.equals("port")) {
        r.portStatus(id, status);
      } else {
        r.floatingIpStatus(id, status);
      }
    }
  }

  /** Waits until every router marked so far has been converged (for tests and shutdown). */
  public void awaitIdle(Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      ScheduledExecutorService w;
      synchronized (this) {
        w = worker;
      }
      if (w == null) {
        return;
      }
      var f = w.submit(() -> { });
      try {
        f.get(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        return;
      }
      synchronized (this) {
        if (dirty.isEmpty()) {
          return;
        }
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void stop() {
    ScheduledExecutorService w;
    synchronized (this) {
      reports = null;
      w = worker;
      worker = null;
    }
    if (heartbeat != null) {
      heartbeat.stop();
    }
    if (w != null) {
      w.shutdown();
      try {
        w.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
