package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import dev.altus.network.agent.ResourceChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security groups on this host's Linux bridges, with nftables: the tables {@code bridge <table>}
 * and {@code inet <table>} of this cloud ({@code network.firewall_table}, by default
 * {@code altus-sg-<hash of the state dir>}) and nothing else (see {@link FirewallPlan} for how they
 * fit together); another cloud on the same host has tables of another name.
 *
 * <p>Every change wakes one applier thread, which renders the wanted state from the view and
 * applies only its difference from what it applied last, as one {@code nft -f} transaction: a rule
 * created or deleted is one rule added to or deleted from its group's chain, a member joining a
 * remote group adds set elements, a port's change rewrites that port's chains. Changes that
 * arrive while a transaction runs go together into the next.
 *
 * <p>When a transaction narrows what a port lets through, the port's tracked connections are
 * deleted ({@link ConnectionFlush}), so a removed rule also ends the connections it admitted.
 *
 * <p>At start the tables are replaced whole, in one transaction, once the replayed state has
 * arrived ({@link #replayed}, or no change for {@link #SETTLE}): chains of ports that are gone
 * disappear and nothing is duplicated. Until then the previous run's tables keep filtering. When
 * the last filtered port goes, both tables go.
 */
public final class SecurityGroupFirewall implements PortFirewall, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityGroupFirewall.class);
  /** How long the replay at start may be quiet before the first, whole-table transaction. */
  static final Duration SETTLE = Duration.ofMillis(300);
  static final Duration SETTLE_LIMIT = Duration.ofSeconds(3);
  private static final List<String> SYSCTLS = List.of("net.bridge.bridge-nf-call-iptables",
      "net.bridge.bridge-nf-call-ip6tables");

  private final Host host;
  private final List<String> hostNames;
  private final String table;
  private volatile FirewallInputs inputs;
  private final FirewallPlan plan;
  private final Object lock = new Object();
  private Thread applier;
  private boolean dirty;
  private boolean running;
  private long lastChangeNanos;
  /** What the host's tables hold, or null when unknown (at start, or after a failed transaction). */
  private volatile NftRuleset applied;
  private volatile Consumer<Set<String>> onReady = ids -> {};
  private volatile Applied last;
  private volatile boolean conntrack;
  private boolean replayed;

  /** The last transaction: how long nft took and how many lines it ran. */
  public record Applied(Duration took, int lines, boolean whole) {}

  /**
   * A firewall for the ports bound ({@code binding:host_id}) to any of {@code hostNames}, the hosts
   * whose guests run on this machine, in the nftables tables named {@code table}; it starts when
   * the L2 agent {@link #bind binds} it to its view.
   */
  public SecurityGroupFirewall(Host host, List<String> hostNames, String table) {
    this.host = host;
    this.hostNames = List.copyOf(hostNames);
    this.table = table;
    this.plan = new FirewallPlan(table);
  }

  /** The name of its tables (one {@code bridge} and one {@code inet} table). */
  public String table() {
    return table;
  }

  /**
   * Reads ports, groups and rules from the L2 agent's view, tells it when ports become ready, and
   * starts.
   *
   * @throws IllegalStateException as {@link #start} does
   */
  @Override
  public void bind(ResourceView view, Consumer<String> readinessChanged) {
    // a new L2 agent (after a restart of the agents) binds again: converge as a restarted firewall
    close();
    synchronized (lock) {
      applied = null;
      last = null;
      replayed = false;
    }
    this.inputs = new ViewInputs(view, hostNames);
    onReady(ids -> ids.forEach(readinessChanged));
    start();
  }

  /**
   * Checks the host (nft present; bridged traffic handed to the {@code inet} hooks by
   * {@code br_netfilter}, turned on when off) and starts the applier.
   *
   * @throws IllegalStateException saying what to do when the host cannot filter bridged traffic
   */
  void start() {
    if (inputs == null) {
      throw new IllegalStateException("bind the firewall to the L2 agent's view first");
    }
    if (!host.available("nft")) {
      throw new IllegalStateException("nft not found: apt-get install nftables");
    }
    for (String key : SYSCTLS) {
      CommandResult r = host.run(Command.of("sysctl", "-n", key));
      if (!r.ok()) {
        throw new IllegalStateException(key + " is missing, so bridged traffic cannot be filtered:"
            + " load br_netfilter (modprobe br_netfilter)");
      }
      if (!r.stdout().strip().equals("1")) {
        host.run(Command.of("sysctl", "-w", key + "=1")).orThrow();
      }
    }
    conntrack = host.available("conntrack");
    if (!conntrack) {
      LOG.warn("conntrack not found: connections a removed rule admitted go on until they end;"
          + " apt-get install conntrack");
    }
    synchronized (lock) {
      running = true;
      dirty = true;
      lastChangeNanos = System.nanoTime();
    }
    LOG.info("security group firewall: nftables tables bridge {} and inet {}", table, table);
    applier = Thread.ofPlatform().daemon().name("altus-sg-firewall").start(this::loop);
  }

  /**
   * The L2 agent's replay of the current state is complete: the first, whole-table transaction
   * need not wait for the replay to go quiet any longer.
   */
  public void replayed() {
    synchronized (lock) {
      replayed = true;
      lock.notifyAll();
    }
  }

  /** Called once a transaction is in place, with the ports it has just made filtered. */
  void onReady(Consumer<Set<String>> listener) {
    this.onReady = listener;
  }

  /**
   * A committed change (already in the view): ports, security groups and their rules concern the
   * firewall; anything else is ignored.
   */
  @Override
  public void onChange(ResourceChange change) {
    switch (change.kind()) {
      // a network deleted takes its ports from the view with it
      case "port", "security_group", "security_group_rule", "network" -> request();
      default -> { }
    }
  }

  /**
   * Whether a port is filtered as its groups say: its chains are in place, or it is not filtered
   * at all (port security off, a network device's port, a port bound to no host of this firewall).
   */
  @Override
  public boolean ready(String portId) {
    FirewallInputs inputs = this.inputs;
    if (inputs == null) {
      return false;
    }
    NftRuleset a = applied;
    if (a != null && a.chains.containsKey("bridge " + PortChains.spoofChain(portId))) {
      return true;
    }
    for (ObjectNode p : inputs.localPorts()) {
      if (portId.equals(p.path("id").asText())) {
        return !FirewallPlan.filtered(p);
      }
    }
    // bound to no host of this firewall: the DHCP and router ports the L2 agent wires here, which
    // are never filtered
    return true;
  }

  /** The last transaction applied, or null before the first. */
  public Applied lastApplied() {
    return last;
  }

  /** Blocks until nothing is pending and the host holds the wanted state, or the time runs out. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (dirty || applying || applied == null) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Removes its two tables from the host (an operator's clean-up; a stop leaves them). */
  public void removeAll() {
    synchronized (lock) {
      host.run(nft(NftDiff.replace(table, new NftRuleset()))).orThrow();
      applied = null;
    }
  }

  private boolean applying;

  private void request() {
    synchronized (lock) {
      dirty = true;
      lastChangeNanos = System.nanoTime();
      lock.notifyAll();
    }
  }

  private void loop() {
    while (true) {
      boolean whole;
      synchronized (lock) {
        try {
          while (running && !dirty) {
            lock.wait();
          }
          if (!running) {
            return;
          }
          whole = applied == null;
          if (whole && last == null) {
            settle();
          }
        } catch (InterruptedException e) {
          return;
        }
        dirty = false;
        applying = true;
      }
      try {
        applyOnce(whole);
      } catch (RuntimeException e) {
        LOG.error("security group firewall: transaction failed; the tables are replaced whole on"
            + " the next change, retrying in 1 s", e);
        applied = null;
        synchronized (lock) {
          dirty = true;
        }
        sleep(1000);
      } finally {
        synchronized (lock) {
          applying = false;
          lock.notifyAll();
        }
      }
    }
  }

  /** Waits (holding the lock's monitor through wait) for the start-up replay to go quiet. */
  private void settle() throws InterruptedException {
    long start = System.nanoTime();
    while (running) {
      long quiet = System.nanoTime() - lastChangeNanos;
      long waited = System.nanoTime() - start;
      if (replayed || quiet >= SETTLE.toNanos() || waited >= SETTLE_LIMIT.toNanos()) {
        return;
      }
      lock.wait(Math.max(1, (SETTLE.toNanos() - quiet) / 1_000_000));
    }
  }

  private void applyOnce(boolean whole) {
    NftRuleset want = plan.render(inputs);
    NftRuleset before = applied;
    String script = whole ? NftDiff.replace(table, want)
        : NftDiff.between(table, before, want, this::handles);
    if (!script.isEmpty()) {
      long t0 = System.nanoTime();
      host.run(nft(script)).orThrow();
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      int lines = (int) script.chars().filter(c -> c == '\n').count();
      last = new Applied(took, lines, whole);
      LOG.debug("security group firewall: {} lines applied in {} ms{}", lines, took.toMillis(),
          whole ? " (tables replaced)" : "");
    } else if (last == null) {
      last = new Applied(Duration.ZERO, 0, whole);
    }
    applied = want;
    if (before != null && conntrack) {
      for (ObjectNode p : ConnectionFlush.narrowed(before, want, inputs)) {
        ConnectionFlush.flush(host, want, p);
      }
    }
    Set<String> fresh = new HashSet<>();
    for (String key : want.chains.keySet()) {
      if (key.startsWith("bridge spoof-") && (before == null || !before.chains.containsKey(key))) {
        fresh.add(key.substring("bridge spoof-".length()));
      }
    }
    if (!fresh.isEmpty()) {
      onReady.accept(fresh);
    }
  }

  private static final java.util.regex.Pattern HANDLE =
      java.util.regex.Pattern.compile(" comment \"([^\"]+)\" # handle (\\d+)$");

  /** The handles of a chain's rules on the host, by their comment ({@code nft -a list chain}). */
  private java.util.Map<String, Long> handles(NftRuleset.Chain chain) {
    CommandResult r = host.run(Command.of("nft", "-a", "list", "chain", chain.family(), table,
        chain.name()));
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    if (r.ok()) {
      for (String line : r.stdout().lines().toList()) {
        java.util.regex.Matcher m = HANDLE.matcher(line.strip());
        if (m.find()) {
          out.put(m.group(1), Long.parseLong(m.group(2)));
        }
      }
    }
    return out;
  }

  private static Command nft(String script) {
    return Command.of("nft", "-f", "-").withStdin(script.getBytes(StandardCharsets.UTF_8));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the applier; the tables stay, so guests stay filtered while the agent is down. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      running = false;
      lock.notifyAll();
      t = applier;
      applier = null;
    }
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
