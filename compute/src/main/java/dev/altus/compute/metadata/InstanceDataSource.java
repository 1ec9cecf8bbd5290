package dev.altus.compute.metadata;

import dev.altus.common.context.RequestContext;
import dev.altus.compute.agent.CallerContexts;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.store.ServerMetadataStore;
import dev.altus.compute.store.ServerPortStore;
import dev.altus.compute.store.ServerStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers an {@link InstanceData} for one server: its record and metadata from compute's
 * stores, its interfaces from the interface cache, and their subnets, MTUs and floating
 * addresses from the network service, read as the server's owner (so a guest learns only what
 * its owner may see).
 */
public final class InstanceDataSource {
  private final ServerStore servers;
  private final ServerPortStore ports;
  private final ServerMetadataStore metadata;
  private final NetworkClient networks;
  private final String defaultZone;

  public InstanceDataSource(ServerStore servers, ServerPortStore ports,
      ServerMetadataStore metadata, NetworkClient networks, String defaultZone) {
    this.servers = servers;
    this.ports = ports;
    this.metadata = metadata;
    this.networks = networks;
    this.defaultZone = defaultZone;
  }

  /** The data of a server that exists (not deleted), or empty. */
  public Optional<InstanceData> load(String serverId) {
    return servers.find(serverId).map(this::of);
  }

  /** The data of a server already read. */
  public InstanceData of(Server s) {
    RequestContext owner = CallerContexts.owner(s.userId(), s.projectId());
    Map<String, Integer> mtus = new HashMap<>();
    Map<String, Optional<NetworkClient.SubnetInfo>> subnets = new HashMap<>();
    List<InstanceData.Nic> nics = new ArrayList<>();
    for (ServerPort p : ports.of(s.id())) {
      int mtu = mtus.computeIfAbsent(p.networkId(), n -> networks.network(owner, n)
          .map(NetworkClient.NetworkInfo::mtu).orElse(1500));
      List<InstanceData.Ip> ips = new ArrayList<>();
      // the port itself says which subnet each address is on; the cache only has addresses
      List<NetworkClient.FixedIp> fixed = networks.port(owner, p.portId())
          .map(NetworkClient.PortInfo::fixedIps).orElse(List.of());
      for (ServerPort.Address a : p.addresses()) {
        if (!a.type().equals("fixed")) {
          continue;
        }
        NetworkClient.SubnetInfo subnet = fixed.stream()
            .filter(f -> f.ipAddress().equals(a.addr())).findFirst()
            .flatMap(f -> subnets.computeIfAbsent(f.subnetId(),
                id -> networks.subnet(owner, id)))
            .orElse(null);
        ips.add(new InstanceData.Ip(a.addr(), a.version(), subnet));
      }
      nics.add(new InstanceData.Nic(p.portId(), p.macAddress(), p.networkId(), mtu, p.tag(),
          ips, networks.floatingIps(owner, p.portId())));
    }
    String zone = s.availabilityZone() == null || s.availabilityZone().isEmpty()
        ? defaultZone : s.availabilityZone();
    return new InstanceData(s, metadata.of(s.id()), nics, zone, servers.password(s.id()), null);
  }
}
