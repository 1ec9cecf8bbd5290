package dev.altus.compute.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a server was asked to be built with, kept so that a reschedule or a rebuild can act on it
 * again: its network interfaces, where it may run and the image properties the scheduler checks.
 *
 * @param networks the interfaces to plug, in order (empty: no network)
 * @param zone the availability zone asked for, or null for any
 * @param forcedHost a host an admin forced (zone:host), or null
 * @param groupId the server group (scheduler hint "group"), or null
 * @param sameHost servers it must share a host with (hint same_host)
 * @param differentHost servers it must not share a host with (hint different_host)
 * @param imageProperties the boot image's properties (architecture, hypervisor_type, ...)
 * @param triedHosts hosts whose build failed, never picked again for this server
 * @param personality the files to put on the server's config drive (Nova's injected files,
 *     before 2.57): path to base64 contents, in the order given
 */
public record RequestSpec(List<NetworkRequest> networks, String zone, String forcedHost,
    String groupId, List<String> sameHost, List<String> differentHost,
    Map<String, String> imageProperties, List<String> triedHosts,
    Map<String, String> personality) {
  public RequestSpec {
    personality = personality == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(personality));
    networks = networks == null ? List.of() : List.copyOf(networks);
    sameHost = sameHost == null ? List.of() : List.copyOf(sameHost);
    differentHost = differentHost == null ? List.of() : List.copyOf(differentHost);
    imageProperties = imageProperties == null ? Map.of() : Map.copyOf(imageProperties);
    triedHosts = triedHosts == null ? List.of() : List.copyOf(triedHosts);
  }

  /** A request without personality files. */
  public RequestSpec(List<NetworkRequest> networks, String zone, String forcedHost,
      String groupId, List<String> sameHost, List<String> differentHost,
      Map<String, String> imageProperties, List<String> triedHosts) {
    this(networks, zone, forcedHost, groupId, sameHost, differentHost, imageProperties,
        triedHosts, Map.of());
  }

  /** The same request with other personality files (a rebuild that names them). */
  public RequestSpec withPersonality(Map<String, String> files) {
    return new RequestSpec(networks, zone, forcedHost, groupId, sameHost, differentHost,
        imageProperties, triedHosts, files);
  }

  /** The same request with {@code host} added to the hosts already tried. */
  public RequestSpec withTried(String host) {
    List<String> t = new ArrayList<>(triedHosts);
    if (!t.contains(host)) {
      t.add(host);
    }
    return new RequestSpec(networks, zone, forcedHost, groupId, sameHost, differentHost,
        imageProperties, t, personality);
  }

  /** The same request with no hosts excluded (a new placement: unshelve). */
  public RequestSpec withoutTried() {
    return new RequestSpec(networks, zone, forcedHost, groupId, sameHost, differentHost,
        imageProperties, List.of(), personality);
  }

  public RequestSpec withNetworks(List<NetworkRequest> n) {
    return new RequestSpec(n, zone, forcedHost, groupId, sameHost, differentHost,
        imageProperties, triedHosts, personality);
  }

  public RequestSpec withImageProperties(Map<String, String> p) {
    return new RequestSpec(networks, zone, forcedHost, groupId, sameHost, differentHost, p,
        triedHosts, personality);
  }
}
