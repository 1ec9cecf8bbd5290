package dev.altus.network.agent.linux;

import dev.altus.common.host.Command;
import dev.altus.common.host.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata proxies: one haproxy per namespace (a router's, or the DHCP namespace of an isolated
 * network) that takes a guest's request to 169.254.169.254, adds which router or network it came
 * through ({@code X-Neutron-Router-ID} / {@code X-Neutron-Network-ID}) and the guest's address
 * ({@code X-Forwarded-For}), and hands it to the metadata agent's Unix socket on the host (the
 * filesystem is shared across namespaces; a loopback address is not). Each proxy's configuration,
 * pid and log live in {@code dir} as {@code <namespace>.conf/.pid/.log}; a proxy still running from
 * before a restart with the same configuration is kept, so starting twice changes nothing.
 */
public final class MetadataProxies {
  /** Header a router namespace's proxy adds. */
  public static final String ROUTER_HEADER = "X-Neutron-Router-ID";
  /** Header a DHCP namespace's proxy adds. */
  public static final String NETWORK_HEADER = "X-Neutron-Network-ID";
  private static final Logger LOG = LoggerFactory.getLogger(MetadataProxies.class);
  private final Host host;
  private final Path dir;
  private final Path agentSocket;

  /**
   * @param dir where configurations, pid files and logs are kept
   * @param agentSocket the metadata agent's Unix socket the proxies forward to
   */
  public MetadataProxies(Host host, Path dir, Path agentSocket) {
    this.host = host;
    this.dir = dir;
    this.agentSocket = agentSocket;
  }

  /**
   * Makes sure a proxy runs in {@code namespace}, listening on {@code listen}:{@code port}, adding
   * {@code header}: {@code id} to every request; restarts it if its configuration changed or it
   * died.
   */
  public synchronized void start(String namespace, String listen, int port, String header,
      String id) {
    String conf = config(listen, port, header, id);
    Path confFile = dir.resolve(namespace + ".conf");
    try {
      Files.createDirectories(dir);
      boolean same = Files.exists(confFile) && Files.readString(confFile).equals(conf);
      long pid = pid(namespace);
      if (same && pid > 0) {
        return;
      }
      if (pid > 0) {
        stop(namespace);
      }
      Files.writeString(confFile, conf);
      long started = host.startDetached(Command.of("haproxy", "-db", "-f", confFile.toString())
          .inNamespace(namespace), dir.resolve(namespace + ".log"));
      Files.writeString(dir.resolve(namespace + ".pid"), started + "\n");
      LOG.info("metadata proxy for {} {} in {} on {}:{} (pid {})", header, id, namespace, listen,
          port, started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metadata proxy of " + namespace, e);
    }
  }

  /** Stops the namespace's proxy and removes its files; no-op when there is none. */
  public synchronized void stop(String namespace) {
    long pid = pid(namespace);
    if (pid > 0) {
      host.run(Command.of("kill", String.valueOf(pid)));
      ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
          .exceptionally(e -> null).join());
    }
    for (String ext : new String[] {".pid", ".conf", ".log"}) {
      try {
        Files.deleteIfExists(dir.resolve(namespace + ext));
      } catch (IOException e) {
        LOG.warn("cannot remove {}: {}", dir.resolve(namespace + ext), e.getMessage());
      }
    }
  }

  /** The namespaces that have a proxy's files here (running or not). */
  public synchronized Set<String> namespaces() {
    Set<String> out = new TreeSet<>();
    try (var files = Files.list(dir)) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".conf"))
          .forEach(n -> out.add(n.substring(0, n.length() - 5)));
    } catch (IOException e) {
      // no directory yet: no proxies
    }
    return out;
  }

  /** The pid of the namespace's proxy if it is running (and is that proxy), else 0. */
  long pid(String namespace) {
    Path pidFile = dir.resolve(namespace + ".pid");
    try {
      if (!Files.exists(pidFile)) {
        return 0;
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
      if (Files.exists(cmdline) && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
          .contains(dir.resolve(namespace + ".conf").toString())) {
        return pid;
      }
      return 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** haproxy's configuration for one proxy. */
  String config(String listen, int port, String header, String id) {
    return String.join("\n",
        "# metadata proxy: " + header + " " + id + " (written by the Altus L3/DHCP agent)",
        "global",
        "    maxconn 1024",
        "defaults",
        "    mode http",
        "    timeout connect 5s",
        "    timeout client 30s",
        "    timeout server 60s",
        "    option http-server-close",
        "listen metadata",
        "    bind " + listen + ":" + port,
        // what the guest claims is never trusted: the proxy alone says where it came from
        "    http-request del-header " + ROUTER_HEADER,
        "    http-request del-header " + NETWORK_HEADER,
        "    http-request del-header X-Forwarded-For",
        "    http-request set-header " + header + " " + id,
        "    option forwardfor",
        "    server metadata " + agentSocket,
        "");
  }
}
