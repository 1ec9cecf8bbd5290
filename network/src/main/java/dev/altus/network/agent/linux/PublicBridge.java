package dev.altus.network.agent.linux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.DeviceNames;
import dev.altus.common.host.Host;
import dev.altus.common.json.Json;
import dev.altus.network.ipam.Cidr;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host's side of the all-in-one's external network, as DevStack's {@code br-ex}: the external
 * network's bridge in the host's namespace holding the external subnet's gateway address, so the
 * host reaches routers' gateways and floating IPs directly. This is the only virtual-network
 * address ever configured in the host's namespace. The bridge is noted in the cloud's bridge
 * record ({@link #record}), so {@code altus dataplane clean} removes it, and its address with it.
 */
public final class PublicBridge {
  private final Host host;
  private final Path record;

  /** @param stateDir the data plane's state dir, where the bridge is noted (null: nowhere) */
  public PublicBridge(Host host, Path stateDir) {
    this.host = host;
    this.record = stateDir == null ? null : record(stateDir);
  }

  /** Where the network side notes the bridges it must remove with the cloud. */
  public static Path record(Path stateDir) {
    return stateDir.resolve("bridges");
  }

  /**
   * The host route that {@code cidr} would collide with, as {@code ip route} shows it; the default
   * route and routes through the external network's own bridge (from an earlier start) are not
   * collisions.
   */
  public Optional<String> collision(Cidr cidr, String networkId) {
    String own = networkId == null ? null : DeviceNames.bridge(networkId);
    CommandResult r = host.run(Command.of("ip", "-j", "-4", "route", "show", "table", "all"))
        .orThrow();
    if (r.stdout().isBlank()) {
      return Optional.empty();
    }
    for (JsonNode route : Json.parse(r.stdout())) {
      String dst = route.path("dst").asText();
      String dev = route.path("dev").asText();
      String type = route.path("type").asText("unicast");
      if (dst.isEmpty() || dst.equals("default") || dev.equals(own)
          || !(type.equals("unicast") || type.isEmpty())) {
        continue; // broadcast/local entries of the host's own addresses come with their subnets
      }
      Cidr c;
      try {
        c = Cidr.parse(dst, false);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (c.overlaps(cidr)) {
        String via = route.path("gateway").asText();
        return Optional.of(dst + (via.isEmpty() ? "" : " via " + via)
            + (dev.isEmpty() ? "" : " dev " + dev));
      }
    }
    return Optional.empty();
  }

  /**
   * Makes the external network's bridge and gives it {@code gateway}/{@code prefix}; no-op for what
   * is already there. Returns the bridge's name.
   */
  public String ensure(String networkId, String gateway, int prefix, int mtu) {
    BridgePlug plug = new BridgePlug(host, record);
    String bridge = plug.ensureBridge(networkId, mtu);
    // the L2 agent may have made it first: it is the cloud's all the same
    plug.note(bridge, networkId);
    String address = gateway + "/" + prefix;
    CommandResult r = host.run(Command.of("ip", "-j", "addr", "show", "dev", bridge)).orThrow();
    boolean present = false;
    if (!r.stdout().isBlank()) {
      for (JsonNode l : Json.parse(r.stdout())) {
        for (JsonNode a : l.path("addr_info")) {
          present |= (a.path("local").asText() + "/" + a.path("prefixlen").asInt()).equals(address);
        }
      }
    }
    if (!present) {
      host.run(Command.of("ip", "addr", "add", address, "dev", bridge)).orThrow();
    }
    return bridge;
  }
}
