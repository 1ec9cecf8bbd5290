package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import dev.altus.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a router's namespace match its {@link RouterPlan}: reads what is there ({@code ip -j} in
 * the namespace) and changes only the difference, so applying a plan twice, or after a restart,
 * changes nothing. Floating IPs that appear are announced with a gratuitous ARP; those that go have
 * their connection-tracking entries flushed so no established flow survives them.
 */
final class RouterNamespace {
  private static final Logger LOG = LoggerFactory.getLogger(RouterNamespace.class);
  private final Host host;
  private final BridgePlug plug;

  RouterNamespace(Host host) {
    this.host = host;
    this.plug = new BridgePlug(host);
  }

  /** What an apply changed in floating IPs: addresses added to and removed from the gateway. */
  record Changes(Set<String> addedFloatingIps, Set<String> removedFloatingIps) {}

  /** Brings the namespace to the plan. */
  Changes apply(RouterPlan plan) {
    String ns = plan.namespace();
    if (!namespaces().contains(ns)) {
      run(Command.of("ip", "netns", "add", ns));
    }
    run(Command.of("ip", "-n", ns, "link", "set", "dev", "lo", "up"));
    run(Command.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").inNamespace(ns));
    Map<String, JsonNode> links = links(ns);
    Set<String> wanted = new LinkedHashSet<>();
    for (RouterPlan.Port p : plan.ports()) {
      wanted.add(p.device());
    }
    for (String dev : links.keySet()) {
      if ((dev.startsWith("qr-") || dev.startsWith("qg-")) && !wanted.contains(dev)) {
        run(Command.of("ip", "-n", ns, "link", "del", "dev", dev)); // its tap peer goes with it
      }
    }
    Set<String> added = new LinkedHashSet<>();
    Set<String> removed = new LinkedHashSet<>();
    for (RouterPlan.Port p : plan.ports()) {
      wire(ns, p, links.get(p.device()));
      List<String> want = new ArrayList<>(p.addresses());
      if (p == plan.gateway()) {
        plan.floatingIps().forEach(f -> want.add(f.floatingIp() + "/32"));
      }
      Set<String> have = addresses(ns, p.device());
      for (String a : have) {
        if (!want.contains(a)) {
          run(Command.of("ip", "-n", ns, "addr", "del", a, "dev", p.device()));
          if (p == plan.gateway() && a.endsWith("/32")) {
            removed.add(a.substring(0, a.length() - 3));
          }
        }
      }
      for (String a : want) {
        if (!have.contains(a)) {
          run(Command.of("ip", "-n", ns, "addr", "add", a, "dev", p.device()));
          if (p == plan.gateway() && a.endsWith("/32")) {
            added.add(a.substring(0, a.length() - 3));
          }
        }
      }
    }
    routes(ns, plan);
    host.run(Command.of("iptables-restore", "-w", "5")
        .withStdin(RouterNat.table(plan).getBytes(StandardCharsets.UTF_8)).inNamespace(ns))
        .orThrow();
    for (String ip : added) {
      announce(ns, plan.gateway().device(), ip);
    }
    for (String ip : removed) {
      forget(ns, ip);
    }
    return new Changes(added, removed);
  }

  /** Removes the router's namespace and everything in it; no-op when it is gone. */
  void remove(String ns) {
    if (!namespaces().contains(ns)) {
      return;
    }
    for (String dev : links(ns).keySet()) {
      if (dev.startsWith("qr-") || dev.startsWith("qg-")) {
        run(Command.of("ip", "-n", ns, "link", "del", "dev", dev));
      }
    }
    run(Command.of("ip", "netns", "del", ns));
  }

  /** The names of the host's network namespaces. */
  Set<String> namespaces() {
    Set<String> out = new LinkedHashSet<>();
    CommandResult r = host.run(Command.of("ip", "-j", "netns", "list"));
    if (r.ok() && !r.stdout().isBlank()) {
      for (JsonNode n : Json.parse(r.stdout())) {
        out.add(n.path("name").asText());
      }
    }
    return out;
  }

  /** Creates the port's veth pair when missing, and sets its MAC, MTU and bridge. */
  private void wire(String ns, RouterPlan.Port p, JsonNode link) {
    String tap = p.tap();
    if (link == null) {
      if (plug.exists(tap)) { // a half-made pair from an interrupted apply
        run(Command.of("ip", "link", "del", "dev", tap));
      }
      run(Command.of("ip", "link", "add", tap, "type", "veth", "peer", "name", p.device(),
          "netns", ns));
    }
    if (link == null || !p.mac().equalsIgnoreCase(link.path("address").asText())
        || link.path("mtu").asInt() != p.mtu() || !link.path("flags").toString().contains("\"UP\"")) {
      run(Command.of("ip", "-n", ns, "link", "set", "dev", p.device(), "address", p.mac(),
          "mtu", String.valueOf(p.mtu()), "up"));
    }
    plug.attach(p.networkId(), tap, p.mtu());
  }

  private void routes(String ns, RouterPlan plan) {
    Map<String, String> want = new LinkedHashMap<>();
    if (plan.gateway() != null && plan.gateway().nextHop() != null) {
      want.put("default", plan.gateway().nextHop());
    }
    plan.routes().forEach(r -> want.put(r.destination(), r.nextHop()));
    CommandResult r = host.run(Command.of("ip", "-j", "-n", ns, "-4", "route", "show",
        "proto", "static"));
    if (r.ok() && !r.stdout().isBlank()) {
      for (JsonNode route : Json.parse(r.stdout())) {
        String dst = route.path("dst").asText();
        if (!route.path("gateway").asText().equals(want.get(dst))) {
          run(Command.of("ip", "-n", ns, "route", "del", dst, "proto", "static"));
        } else {
          want.remove(dst); // already there
        }
      }
    }
    for (var e : want.entrySet()) {
      CommandResult add = host.run(Command.of("ip", "-n", ns, "route", "replace", e.getKey(),
          "via", e.getValue(), "proto", "static"));
      if (!add.ok()) {
        // a next hop not (yet) on a connected subnet; the next change that connects it retries
        LOG.warn("router {}: route {} via {} not set: {}", plan.routerId(), e.getKey(),
            e.getValue(), add.stderr().strip());
      }
    }
  }

  /** Tells the external network the floating IP moved here (gratuitous ARP). */
  private void announce(String ns, String device, String ip) {
    CommandResult r = host.run(Command.of("arping", "-U", "-c", "1", "-I", device, ip)
        .inNamespace(ns).withTimeout(Duration.ofSeconds(5)));
    if (!r.ok()) {
      LOG.info("gratuitous ARP for {} on {} in {}: {}", ip, device, ns, r.stderr().strip());
    }
  }

  /** Flushes the connection-tracking entries of a floating IP that went away. */
  private void forget(String ns, String ip) {
    // exit 1 means there was nothing to flush
    host.run(Command.of("conntrack", "-D", "--orig-dst", ip).inNamespace(ns));
    host.run(Command.of("conntrack", "-D", "--reply-dst", ip).inNamespace(ns));
  }

  private Map<String, JsonNode> links(String ns) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    CommandResult r = run(Command.of("ip", "-j", "-n", ns, "link", "show"));
    if (!r.stdout().isBlank()) {
      for (JsonNode l : Json.parse(r.stdout())) {
        out.put(l.path("ifname").asText(), l);
      }
    }
    return out;
  }

  /** The device's global addresses as address/prefix. */
  private Set<String> addresses(String ns, String dev) {
    Set<String> out = new LinkedHashSet<>();
    CommandResult r = run(Command.of("ip", "-j", "-n", ns, "addr", "show", "dev", dev));
    if (!r.stdout().isBlank()) {
      for (JsonNode l : Json.parse(r.stdout())) {
        for (JsonNode a : l.path("addr_info")) {
          if (a.path("scope").asText().equals("global")) {
            out.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
          }
        }
      }
    }
    return out;
  }

  private CommandResult run(Command c) {
    return host.run(c).orThrow();
  }
}
