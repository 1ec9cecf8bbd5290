package dev.altus.network.agent.linux;

import dev.altus.common.host.Command;
import dev.altus.common.host.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists what the cloud's data plane (and the tests' namespace guests) leave on a host: network
 * namespaces ({@code qdhcp-}, {@code qrouter-}, guests), bridges, taps, veth ends and VXLAN
 * devices named as Neutron names them, dnsmasq and haproxy (metadata proxy) processes, and
 * iptables chains or nftables tables whose names mark them as the cloud's. A test asserts the list
 * is empty once it has deleted what it made.
 *
 * <p>Other clouds and tests may run on the same machine, so {@link #relatedTo} keeps only what
 * names one of the given resource ids (by the 11-character prefix the device names carry), and
 * {@link #firewallTables} only the security-group tables of one name (each cloud has its own,
 * {@code network.firewall_table}).
 */
public final class HostLeaks {
  private static final List<String> NAMESPACE_PREFIXES =
      List.of("qdhcp-", "qrouter-", NamespaceGuest.NAMESPACE_PREFIX);
  private static final List<String> DEVICE_PREFIXES =
      List.of("brq", "tap", "vxlan-", "ns-", "qr-", "qg-", "int-", "phy-");
  private static final Pattern LINK = Pattern.compile("^\\d+: ([^:@ ]+)[@:]");
  private static final Pattern NFT_TABLE = Pattern.compile("^table (\\S+) (\\S+)");

  private final Host host;

  public HostLeaks(Host host) {
    this.host = host;
  }

  /** Everything of the cloud's on this host, one line each: {@code "<what> <name>"}. */
  public List<String> all() {
    List<String> out = new ArrayList<>();
    for (String line : host.run(Command.of("ip", "netns", "list")).stdout().lines().toList()) {
      String ns = line.split(" ")[0];
      if (NAMESPACE_PREFIXES.stream().anyMatch(ns::startsWith)) {
        out.add("namespace " + ns);
      }
    }
    for (String line : host.run(Command.of("ip", "-o", "link", "show")).stdout().lines().toList()) {
      Matcher m = LINK.matcher(line);
      if (m.find() && DEVICE_PREFIXES.stream().anyMatch(m.group(1)::startsWith)) {
        out.add("device " + m.group(1));
      }
    }
    processes().forEach((pid, cmdline) -> {
      if (cmdline.startsWith("dnsmasq ") || cmdline.contains("/dnsmasq ")
          || cmdline.startsWith("haproxy ") || cmdline.contains("/haproxy ")) {
        out.add("process " + pid + " " + cmdline);
      }
    });
    if (host.available("iptables-save")) {
      for (String line : host.run(Command.of("iptables-save")).stdout().lines().toList()) {
        if (line.startsWith(":") && (line.startsWith(":neutron") || line.startsWith(":altus"))) {
          out.add("iptables-chain " + line.substring(1).split(" ")[0]);
        }
      }
    }
    if (host.available("nft")) {
      for (String line : host.run(Command.of("nft", "list", "tables")).stdout().lines().toList()) {
        Matcher m = NFT_TABLE.matcher(line);
        if (m.find() && (m.group(2).startsWith("altus") || m.group(2).startsWith("neutron"))) {
          out.add("nft-table " + m.group(1) + " " + m.group(2));
        }
      }
    }
    return out;
  }

  /**
   * What {@link #all} lists that names one of {@code ids} (a network, port, router or subnet id,
   * or its 11-character prefix as in {@code brq}/{@code tap} names).
   */
  public List<String> relatedTo(Collection<String> ids) {
    return all().stream().filter(item -> ids.stream().anyMatch(
        id -> item.contains(id.length() > 11 ? id.substring(0, 11) : id))).toList();
  }

  /** The nftables tables named {@code table} that {@link #all} lists (one per family). */
  public List<String> firewallTables(String table) {
    return all().stream().filter(item -> item.startsWith("nft-table ")
        && item.endsWith(" " + table)).toList();
  }

  /**
   * Removes what a failed test left ({@link #all} lines): kills the processes, deletes the
   * namespaces and devices. A test calls it after its assertions so the machine stays clean.
   */
  public void remove(List<String> items) {
    for (String item : items) {
      String[] f = item.split(" ");
      switch (f[0]) {
        case "process" -> host.run(Command.of("kill", "-9", f[1]));
        case "namespace" -> host.run(Command.of("ip", "netns", "del", f[1]));
        default -> { }
      }
    }
    for (String item : items) {
      String[] f = item.split(" ");
      if (f[0].equals("device")) {
        host.run(Command.of("ip", "link", "del", "dev", f[1]));
      }
    }
  }

  /** Command lines of the host's processes by pid, arguments joined by spaces. */
  private static java.util.Map<String, String> processes() {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
          if (raw.length > 0) {
            out.put(p.getFileName().toString(),
                new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').strip());
          }
        } catch (IOException e) {
          // the process ended while listed
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
