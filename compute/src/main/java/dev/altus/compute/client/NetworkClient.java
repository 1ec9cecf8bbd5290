package dev.altus.compute.client;

import dev.altus.common.context.RequestContext;
import java.util.List;
import java.util.Optional;

/**
 * What compute needs of the network service. In the all-in-one role it calls the network service's
 * own service layer with the caller's context (so ownership and quotas apply); across machines it
 * is HTTP.
 */
public interface NetworkClient {
  /** A network as the caller sees it. */
  record NetworkInfo(String id, String name, String projectId, boolean shared, boolean external,
      int mtu, List<String> subnetIds) {}

  /** One address of a port. */
  record FixedIp(String subnetId, String ipAddress, int ipVersion) {}

  /**
   * A port as compute uses it.
   *
   * @param vifType {@code binding:vif_type}: {@code bridge} once bound to a host with a live L2
   *     agent, {@code binding_failed} when not, {@code unbound} before
   * @param vifReason why the binding failed ({@code binding:vif_details.reason}), or null
   */
  record PortInfo(String id, String networkId, String macAddress, List<FixedIp> fixedIps,
      String deviceId, String deviceOwner, String hostId, String status,
      List<String> securityGroups, String projectId, String vifType, String vifReason) {}

  Optional<NetworkInfo> network(RequestContext ctx, String networkId);

  /** A static route of a subnet (Neutron's host_routes). */
  record HostRoute(String destination, String nexthop) {}

  /**
   * A subnet as a guest's network configuration needs it (network_data.json).
   *
   * @param gatewayIp the gateway, or null when the subnet has none
   * @param enableDhcp whether the network service answers DHCP on it
   */
  record SubnetInfo(String id, String networkId, int ipVersion, String cidr, String gatewayIp,
      List<String> dnsNameservers, List<HostRoute> hostRoutes, boolean enableDhcp) {
    public SubnetInfo {
      dnsNameservers = List.copyOf(dnsNameservers);
      hostRoutes = List.copyOf(hostRoutes);
    }
  }

  /** A subnet as the caller sees it (the subnets of a shared network included). */
  Optional<SubnetInfo> subnet(RequestContext ctx, String subnetId);

  /** The networks the caller's project may plug into (its own and shared ones), for "auto". */
  List<NetworkInfo> usableNetworks(RequestContext ctx);

  /**
   * The caller's project's auto-allocated network (the network service's auto-allocated
   * topology), made now if missing; an ApiException with the network service's reason when it
   * cannot be made (no default external network or subnet pool).
   */
  NetworkInfo autoAllocatedNetwork(RequestContext ctx);

  /**
   * Every network the caller sees in the network service (an admin: all of them; others: their
   * own, shared and external ones), as Nova's os-networks proxy lists them.
   */
  List<NetworkInfo> visibleNetworks(RequestContext ctx);

  /**
   * Creates a port for a server; 4xx ApiExceptions of the network service (address in use, no
   * free address, over quota) pass through unchanged.
   *
   * @param fixedIp a requested address or null
   * @param securityGroups group names or ids, or empty for the project's default group
   */
  PortInfo createPort(RequestContext ctx, String networkId, String fixedIp,
      List<String> securityGroups, String deviceId);

  Optional<PortInfo> port(RequestContext ctx, String portId);

  /** Binds a port to a server on a host (device_id, device_owner compute:AZ, binding:host_id). */
  PortInfo bind(RequestContext ctx, String portId, String deviceId, String host, String zone);

  /** Clears a port's binding and device (a port the user brought in survives the server). */
  void unbind(RequestContext ctx, String portId);

  void deletePort(RequestContext ctx, String portId);

  /** The ports whose device_id is the server, in creation order. */
  List<PortInfo> portsOf(RequestContext ctx, String deviceId);

  /** Resolves a security group name or id in the caller's project; empty when none matches. */
  Optional<String> securityGroupId(RequestContext ctx, String nameOrId);

  /** One rule of a security group. */
  record SecurityGroupRule(String id, String direction, String ethertype, String protocol,
      Integer portRangeMin, Integer portRangeMax, String remoteIpPrefix, String remoteGroupId) {}

  /** A security group as the caller sees it. */
  record SecurityGroupInfo(String id, String name, String description, String projectId,
      List<SecurityGroupRule> rules) {}

  /** A security group by id, if the caller may see it. */
  Optional<SecurityGroupInfo> securityGroup(RequestContext ctx, String id);

  /** Replaces the security groups (ids) of a port. */
  PortInfo setSecurityGroups(RequestContext ctx, String portId, List<String> groupIds);

  /** The floating addresses associated with a port. */
  List<String> floatingIps(RequestContext ctx, String portId);

  // ---- the compute API's network proxies (os-security-groups, os-floating-ips, os-networks)

  /** The security groups the caller sees (every project's for an admin asking for all). */
  List<SecurityGroupInfo> securityGroups(RequestContext ctx, boolean allProjects);

  SecurityGroupInfo createSecurityGroup(RequestContext ctx, String name, String description);

  SecurityGroupInfo updateSecurityGroup(RequestContext ctx, String id, String name,
      String description);

  void deleteSecurityGroup(RequestContext ctx, String id);

  /**
   * Adds an ingress rule to a group.
   *
   * @param protocol tcp, udp, icmp or a number; null for any
   * @param cidr the remote prefix, or null
   * @param remoteGroupId the remote group, or null
   */
  SecurityGroupRule createSecurityGroupRule(RequestContext ctx, String groupId, String protocol,
      Integer portMin, Integer portMax, String cidr, String remoteGroupId);

  /** The group a rule belongs to, if the caller may see the rule. */
  Optional<String> securityGroupOfRule(RequestContext ctx, String ruleId);

  void deleteSecurityGroupRule(RequestContext ctx, String ruleId);

  /**
   * A floating IP as compute shows it.
   *
   * @param pool the external network's name
   */
  record FloatingIpInfo(String id, String address, String networkId, String pool,
      String portId, String fixedIp, String projectId) {}

  List<FloatingIpInfo> floatingIpList(RequestContext ctx);

  Optional<FloatingIpInfo> floatingIp(RequestContext ctx, String id);

  /** Allocates a floating IP from an external network (by name or id). */
  FloatingIpInfo createFloatingIp(RequestContext ctx, String networkNameOrId);

  void deleteFloatingIp(RequestContext ctx, String id);

  /** Associates a floating IP with a port (and one of its fixed addresses, or the first). */
  FloatingIpInfo associateFloatingIp(RequestContext ctx, String id, String portId,
      String fixedIp);

  FloatingIpInfo disassociateFloatingIp(RequestContext ctx, String id);

  /** Every network the caller sees, external ones included. */
  List<NetworkInfo> networks(RequestContext ctx);
}
