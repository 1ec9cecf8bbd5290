package dev.altus.network.agent.linux;

import dev.altus.common.host.Host;
import dev.altus.network.DataPlaneConfig;
import dev.altus.network.NetworkConfig;
import dev.altus.network.agent.DataPlaneAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The L3 side of the Linux data plane for one host: the L3 agent with its metadata proxies, and
 * the metadata agent they forward to. Everything lives under {@code <stateDir>/l3} and
 * {@code <stateDir>/metadata-proxy}; the agent's socket is {@code <stateDir>/metadata_proxy}.
 */
public final class LinuxL3 {
  private LinuxL3() {}

  /** The socket the metadata proxies forward to. */
  public static Path agentSocket(DataPlaneConfig config) {
    return config.stateDir().resolve("metadata_proxy");
  }

  /**
   * The metadata proxies: the L3 agent's in router namespaces, the DHCP agent's in the DHCP
   * namespaces of isolated networks.
   */
  public static MetadataProxies proxies(DataPlaneConfig config, Host host) {
    return new MetadataProxies(host, config.stateDir().resolve("metadata-proxy"),
        agentSocket(config));
  }

  /** Program and the Debian package that has it, for everything the L3 side runs. */
  private static final List<List<String>> TOOLS = List.of(List.of("ip", "iproute2"),
      List.of("sysctl", "procps"), List.of("iptables-restore", "iptables"),
      List.of("haproxy", "haproxy"), List.of("arping", "iputils-arping"),
      List.of("conntrack", "conntrack"));

  /**
   * Refuses to start without a program the L3 side needs, saying what to install; and without a
   * metadata service URL and secret.
   */
  public static void check(NetworkConfig config, Host host) {
    for (List<String> t : TOOLS) {
      if (!host.available(t.get(0))) {
        throw new IllegalStateException(t.get(0) + " not found (the L3 agent needs it): apt-get"
            + " install " + t.get(1));
      }
    }
    if (config.metadataUrl() == null || config.metadataSecret() == null
        || config.metadataSecret().isEmpty()) {
      throw new IllegalStateException("the metadata agent needs the metadata service's URL and"
          + " shared secret (compute.metadata_port, metadata.shared_secret)");
    }
  }

  /** The L3 agent and the metadata agent for {@code hostName}, after {@link #check}. */
  public static List<DataPlaneAgent> agents(NetworkConfig config, String hostName,
      Duration reportInterval, Host host) {
    check(config, host);
    L3Agent l3 = new L3Agent(hostName, reportInterval, host, proxies(config.dataPlane(), host),
        config.stateDir().resolve("l3"));
    MetadataAgent metadata = new MetadataAgent(hostName, reportInterval,
        agentSocket(config.dataPlane()),
        config.metadataUrl(), config.metadataSecret());
    return List.of(metadata, l3);
  }
}
