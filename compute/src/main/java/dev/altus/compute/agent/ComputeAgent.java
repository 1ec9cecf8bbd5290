package dev.altus.compute.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.bus.MessageBus;
import dev.altus.common.json.Json;
import dev.altus.compute.virt.HostResources;
import dev.altus.compute.virt.VirtDriver;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute agent of one host (Nova's nova-compute): registers the host and its resources,
 * heartbeats, consumes the host's topic ({@code compute.<host>}) and drives the virt driver,
 * with each server's work in order and builds limited to max_concurrent_builds; reconciles the
 * driver with the database at start and every sync interval.
 */
public final class ComputeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeAgent.class);
  /** An unused base image stays this long (Nova's remove_unused_original_minimum_age_seconds). */
  static final java.time.Duration CACHE_MINIMUM_AGE = java.time.Duration.ofHours(24);

  private final String host;
  private final VirtDriver driver;
  private final AgentServices s;
  private final MessageBus bus;
  private final ServerWorkQueue queue;
  private final Builder builder;
  private final Terminator terminator;
  private final PowerActions power;
  private final ResizeActions resize;
  private final ImageActions images;
  private final InterfaceActions interfaces;
  private final ShelveActions shelves;
  private final ConsoleCalls consoles;
  private final Reconciler reconciler;
  private final ImageCache cache;
  private final ScheduledExecutorService timers;

  public ComputeAgent(String host, VirtDriver driver, AgentServices services, MessageBus bus) {
    this.host = host;
    this.driver = driver;
    this.s = services;
    this.bus = bus;
    this.queue = new ServerWorkQueue(host, services.config().maxConcurrentBuilds());
    NetworkPlumbing net = new NetworkPlumbing(services, host);
    this.cache = new ImageCache(services.instancesPath().resolve(host), services.images(),
        services.clock(), CACHE_MINIMUM_AGE);
    this.builder = new Builder(services, driver, host, net, cache);
    this.terminator = new Terminator(services, driver, host, net);
    this.power = new PowerActions(services, driver, host, cache);
    this.resize = new ResizeActions(services, driver, host, builder, net);
    this.images = new ImageActions(services, driver, host, builder, net);
    this.interfaces = new InterfaceActions(services, driver, host, net);
    this.shelves = new ShelveActions(services, driver, host, builder, net);
    this.consoles = new ConsoleCalls(driver, services);
    this.reconciler = new Reconciler(services, driver, host, queue, terminator, net);
    this.timers = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("agent-timer-" + host).factory());
  }

  public String host() {
    return host;
  }

  public VirtDriver driver() {
    return driver;
  }

  /** Registers the host, reconciles, and starts consuming work and heartbeating. */
  public ComputeAgent start() {
    HostResources r = driver.resources();
    s.hosts().register(host, s.defaultZone(), r, s.config().cpuAllocationRatio(),
        s.config().ramAllocationRatio(), s.config().diskAllocationRatio());
    bus.consume(AgentMessage.topic(host), this::handle);
    driver.addGuestListener(reconciler::guestChanged);
    reconciler.atStart();
    long beat = s.config().reportInterval().toMillis();
    timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    long sync = s.config().syncInterval().toMillis();
    timers.scheduleWithFixedDelay(this::sync, sync, sync, TimeUnit.MILLISECONDS);
    LOG.info("compute agent of {} started ({} driver: {} vCPUs, {} MB RAM, {} GB disk)", host,
        driver.name(), r.vcpus(), r.memoryMb(), r.localGb());
    return this;
  }

  void heartbeat() {
    try {
      s.hosts().heartbeat(host);
    } catch (RuntimeException e) {
      LOG.warn("heartbeat of {} failed: {}", host, e.toString());
    }
  }

  /** One reconcile pass (also run by the timer). */
  public void sync() {
    try {
      reconciler.sync();
      s.hosts().recountUsage(host);
      cache.prune(java.util.Set.copyOf(driver.listInstances()));
    } catch (RuntimeException e) {
      LOG.warn("reconcile of {} failed: {}", host, e.toString(), e);
    }
  }

  /** Handles a message: casts are queued per server; calls answer. */
  JsonNode handle(JsonNode raw) {
    AgentMessage m = AgentMessage.fromJson(raw);
    String id = m.serverId();
    switch (m.op()) {
      case "build" -> queue.submit(id, true, () -> builder.build(m));
      case "delete" -> queue.submit(id, false, () -> terminator.delete(m));
      case "stop", "start", "reboot", "pause", "unpause", "suspend", "resume", "rescue",
          "unrescue" -> queue.submit(id, false, () -> power.run(m));
      case "resize" -> queue.submit(id, false, () -> resize.resize(m));
      case "confirm_resize" -> queue.submit(id, false, () -> resize.confirm(m));
      case "revert_resize" -> queue.submit(id, false, () -> resize.revert(m));
      case "rebuild" -> queue.submit(id, false, () -> images.rebuild(m));
      case "snapshot" -> queue.submit(id, false, () -> images.snapshot(m));
      case "detach_interface" -> queue.submit(id, false, () -> interfaces.detach(m));
      case "shelve" -> queue.submit(id, false, () -> shelves.shelve(m));
      case "shelve_offload" -> queue.submit(id, false, () -> shelves.offload(m));
      case "unshelve" -> queue.submit(id, true, () -> shelves.unshelve(m));
      case "attach_interface" -> {
        JsonNode[] reply = new JsonNode[1];
        queue.submit(id, false, () -> reply[0] = interfaces.attach(m)).join();
        return reply[0];
      }
      case "console_output" -> {
        return consoles.consoleOutput(m);
      }
      case "vnc_console" -> {
        return consoles.vncConsole(m);
      }
      case "diagnostics" -> {
        return consoles.diagnostics(m);
      }
      case "ping" -> {
        return Json.object().put("host", host);
      }
      default -> LOG.warn("{} got an unknown operation {}", host, m.op());
    }
    return null;
  }

  /** Waits until no work is queued (tests and shutdown). */
  public boolean idle() {
    return queue.pending() == 0;
  }

  @Override
  public void close() {
    bus.stopConsuming(AgentMessage.topic(host));
    timers.shutdownNow();
    queue.close();
    driver.close();
  }
}
