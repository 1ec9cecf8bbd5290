package dev.altus.network.agent.linux;

import dev.altus.common.host.Command;
import dev.altus.common.host.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network devices of a namespace at one moment ({@code ip -o link show}): name, bridge it is
 * a port of, MTU and whether it is up.
 */
final class Links {
  /** One device. */
  record Link(String name, String master, int mtu, boolean up, String mac) {}

  private static final Pattern LINE = Pattern.compile(
      "^\\d+: ([^:@ ]+)(?:@\\S+)?: <([^>]*)> mtu (\\d+)(.*)$");
  private static final Pattern MASTER = Pattern.compile(" master (\\S+)");
  private static final Pattern MAC = Pattern.compile("link/ether (\\S+)");

  private final Map<String, Link> byName;

  private Links(Map<String, Link> byName) {
    this.byName = byName;
  }

  /** The devices of the host's namespace, or of {@code namespace} when not null. */
  static Links read(Host host, String namespace) {
    Command c = Command.of("ip", "-o", "link", "show");
    String out = host.run(namespace == null ? c : c.inNamespace(namespace)).orThrow().stdout();
    Map<String, Link> m = new LinkedHashMap<>();
    for (String line : out.lines().toList()) {
      Matcher l = LINE.matcher(line);
      if (!l.find()) {
        continue;
      }
      Matcher master = MASTER.matcher(l.group(4));
      Matcher mac = MAC.matcher(l.group(4));
      boolean up = java.util.Arrays.asList(l.group(2).split(",")).contains("UP");
      m.put(l.group(1), new Link(l.group(1), master.find() ? master.group(1) : null,
          Integer.parseInt(l.group(3)), up, mac.find() ? mac.group(1) : null));
    }
    return new Links(m);
  }

  Optional<Link> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  /** The devices that are ports of {@code bridge}. */
  java.util.List<Link> portsOf(String bridge) {
    return byName.values().stream().filter(l -> bridge.equals(l.master())).toList();
  }

  java.util.Collection<Link> all() {
    return byName.values();
  }
}
