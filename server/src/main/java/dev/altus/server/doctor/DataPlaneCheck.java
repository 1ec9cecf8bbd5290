package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import dev.altus.network.NetworkModule;
import dev.altus.network.agent.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Linux data plane as the host has it: each external network's bridge exists and the host has
 * a route to its subnets (floating IPs are reached through it), and every DHCP and router port is
 * bound and wired ({@code ACTIVE}). With the noop data plane nothing is wired, on purpose.
 */
final class DataPlaneCheck implements DoctorCheck {
  private static final Set<String> INFRA_OWNERS = Set.of("network:dhcp",
      "network:router_interface", "network:router_gateway",
      "network:router_interface_distributed", "network:ha_router_replicated_interface");
  private final NetworkModule network;
  private final Host host;

  DataPlaneCheck(NetworkModule network, Host host) {
    this.network = network;
    this.host = host;
  }

  @Override
  public String name() {
    return "dataplane";
  }

  @Override
  public List<Finding> run() {
    if (!network.linuxDataPlane()) {
      return List.of(Finding.ok(name(), "network.dataplane = noop: no bridges, DHCP or routers"
          + " are made on this host (guests get no network traffic); ports are reported ACTIVE"
          + " without wiring"));
    }
    Map<String, List<JsonNode>> byKind = new TreeMap<>();
    for (ResourceChange c : network.currentState()) {
      byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c.resource());
    }
    List<Finding> out = new ArrayList<>();
    for (JsonNode net : byKind.getOrDefault("network", List.of())) {
      if (net.path("router:external").asBoolean()) {
        out.addAll(external(net, byKind.getOrDefault("subnet", List.of())));
      }
    }
    int wired = 0;
    for (JsonNode p : byKind.getOrDefault("port", List.of())) {
      String owner = p.path("device_owner").asText();
      if (!INFRA_OWNERS.contains(owner)) {
        continue;
      }
      String what = owner + " port " + p.path("id").asText() + " on network "
          + p.path("network_id").asText();
      String boundTo = p.path("binding:host_id").asText("");
      if (boundTo.isEmpty()) {
        out.add(Finding.fail(name(), what + " is bound to no host: no agent took it",
            "check that the DHCP / L3 agents are alive (the agents finding)"));
      } else if (p.path("binding:vif_type").asText().equals("binding_failed")) {
        out.add(Finding.fail(name(), what + " failed to bind on " + boundTo + ": "
            + p.path("binding:vif_details").path("reason").asText(),
            "start the Linux bridge agent on " + boundTo + " (restart the cloud)"));
      } else if (!p.path("status").asText().equals("ACTIVE")) {
        out.add(Finding.fail(name(), what + " on " + boundTo + " is "
            + p.path("status").asText() + ": its tap or veth is not on the network's bridge",
            "look at the agents' last errors (the agents finding); 'altus dataplane clean' with"
                + " the cloud stopped, then start it, rebuilds the host side"));
      } else {
        wired++;
      }
    }
    out.add(Finding.ok(name(), wired + " DHCP and router ports bound and ACTIVE"));
    return out;
  }

  private List<Finding> external(JsonNode net, List<JsonNode> subnets) {
    List<Finding> out = new ArrayList<>();
    String id = net.path("id").asText();
    String bridge = DeviceNames.bridge(id);
    String label = "external network " + net.path("name").asText() + " (" + id + ")";
    CommandResult link = host.run(Command.of("ip", "-o", "link", "show", "dev", bridge));
    if (!link.ok()) {
      out.add(Finding.fail(name(), label + ": its bridge " + bridge + " does not exist",
          "look at the Linux bridge agent's last error (the agents finding) and restart the"
              + " cloud"));
      return out;
    }
    if (!link.stdout().contains("state UP") && !link.stdout().contains(",UP")) {
      out.add(Finding.fail(name(), label + ": its bridge " + bridge + " is down",
          "ip link set " + bridge + " up"));
    }
    for (JsonNode s : subnets) {
      if (!s.path("network_id").asText().equals(id) || s.path("ip_version").asInt() != 4) {
        continue;
      }
      String cidr = s.path("cidr").asText();
      CommandResult route = host.run(Command.of("ip", "-o", "route", "show", "to", "match",
          s.path("gateway_ip").asText(cidr.substring(0, cidr.indexOf('/')))));
      String line = route.stdout().lines().filter(l -> !l.startsWith("default"))
          .findFirst().orElse("");
      if (line.isEmpty()) {
        out.add(Finding.warn(name(), label + ": this host has no route to " + cidr
            + ", so floating IPs are not reachable from it", "give the bridge an address in "
            + cidr + " (the all-in-one's public network does: network.public_gateway), or route "
            + cidr + " through your uplink"));
      } else {
        out.add(Finding.ok(name(), label + ": bridge " + bridge + " up, route to " + cidr
            + " (" + line.strip() + ")"));
      }
    }
    return out;
  }
}
