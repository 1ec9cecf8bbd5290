package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;
import dev.altus.network.ipam.Ip;
import dev.altus.network.store.AllocationStore;
import dev.altus.network.store.ResourceStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Network IP availability (network-ip-availability): per network and per subnet, how many
 * addresses the allocation pools hold ({@code total_ips}) and how many are allocated to ports
 * ({@code used_ips}). Admin only by default; others see an empty list and 404s, as in Neutron.
 */
public final class IpAvailabilityService {
  static final String POLICY = "get_network_ip_availability";
  private final ResourceStore store;
  private final AllocationStore alloc;
  private final Access access;

  public IpAvailabilityService(ResourceStore store, AllocationStore alloc, Access access) {
    this.store = store;
    this.alloc = alloc;
    this.access = access;
  }

  /**
   * The availability of every network matching the filters: network_id, network_name,
   * project_id / tenant_id (any of several values), and ip_version, which keeps only subnets of
   * that version and so only networks that have one.
   */
  public List<ObjectNode> list(RequestContext ctx, Map<String, List<String>> filters) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode net : store.list("network")) {
      if (!access.allowed(POLICY, ctx, net)) {
        continue;
      }
      if (!matches(filters, "network_id", net.get("id").asText())
          || !matches(filters, "network_name", net.path("name").asText())
          || !matches(filters, "project_id", Docs.text(net, "project_id"))
          || !matches(filters, "tenant_id", Docs.text(net, "project_id"))) {
        continue;
      }
      ObjectNode a = availability(net, filters.get("ip_version"));
      if (a != null) {
        out.add(a);
      }
    }
    out.sort(Comparator.comparing(a -> a.get("network_id").asText()));
    return out;
  }

  public ObjectNode get(RequestContext ctx, String networkId) {
    ObjectNode net = store.get("network", networkId).orElseThrow(
        () -> NetworkService.notFound(networkId));
    if (!access.allowed(POLICY, ctx, net)) {
      // Neutron hides what the caller may not read
      throw Errors.notFound("HTTPNotFound", "The resource could not be found.");
    }
    return availability(net, null);
  }

  private static boolean matches(Map<String, List<String>> filters, String key, String value) {
    List<String> wanted = filters.get(key);
    return wanted == null || wanted.isEmpty() || wanted.contains(value);
  }

  /** The network's figures, or null when an ip_version filter leaves it no subnet. */
  private ObjectNode availability(ObjectNode net, List<String> versions) {
    ObjectNode a = Json.object();
    a.put("network_id", net.get("id").asText());
    a.put("network_name", net.path("name").asText());
    String project = Docs.text(net, "project_id");
    a.put("tenant_id", project);
    a.put("project_id", project);
    ArrayNode subnets = a.putArray("subnet_ip_availability");
    BigInteger total = BigInteger.ZERO;
    long used = 0;
    for (ObjectNode s : store.listByNetwork("subnet", net.get("id").asText())) {
      String version = s.path("ip_version").asText();
      if (versions != null && !versions.isEmpty() && !versions.contains(version)) {
        continue;
      }
      ObjectNode sa = subnets.addObject();
      sa.put("subnet_id", s.get("id").asText());
      sa.put("subnet_name", s.path("name").asText());
      sa.put("cidr", s.path("cidr").asText());
      sa.put("ip_version", s.path("ip_version").asInt());
      int subnetUsed = alloc.countIps(s.get("id").asText());
      sa.put("used_ips", subnetUsed);
      used += subnetUsed;
      if (!s.path("allocation_pools").isEmpty()) {
        BigInteger subnetTotal = poolSize(s.get("allocation_pools"));
        sa.put("total_ips", subnetTotal);
        total = total.add(subnetTotal);
      }
    }
    if (versions != null && !versions.isEmpty() && subnets.isEmpty()) {
      return null;
    }
    a.put("used_ips", used);
    a.put("total_ips", total);
    return a;
  }

  private static BigInteger poolSize(JsonNode pools) {
    BigInteger n = BigInteger.ZERO;
    for (JsonNode p : pools) {
      BigInteger start = Ip.parse(p.get("start").asText()).value();
      BigInteger end = Ip.parse(p.get("end").asText()).value();
      n = n.add(end.subtract(start).add(BigInteger.ONE));
    }
    return n;
  }
}
