package dev.altus.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.host.Host;
import dev.altus.common.json.Json;
import dev.altus.identity.IdentityModule;
import dev.altus.identity.model.Project;
import dev.altus.network.NetworkModule;
import dev.altus.network.agent.linux.PublicBridge;
import dev.altus.network.ipam.Cidr;
import dev.altus.network.ipam.Ip;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one's networks, as DevStack makes them: on first start a {@code public} external
 * network (flat, not shared) whose gateway address the host holds on the network's bridge, a
 * {@code private} network with a subnet for the demo project and the demo project's
 * {@code router1} between them, so an operator reaches floating IPs from the host. Made once: an
 * operator who deletes {@code private} or {@code router1} keeps them deleted. Only with the
 * {@code linux} data plane.
 */
final class DemoNetworks {
  private static final Logger LOG = LoggerFactory.getLogger(DemoNetworks.class);

  /**
   * @param publicCidr the external subnet ({@code network.public_cidr})
   * @param publicGateway its gateway, held by the host ({@code network.public_gateway})
   * @param privateCidr the demo project's subnet ({@code network.private_cidr})
   */
  record Config(Cidr publicCidr, Ip publicGateway, Cidr privateCidr) {
    static final String PUBLIC_CIDR = "172.24.4.0/24";
    static final String PRIVATE_CIDR = "10.0.0.0/26";

    Config {
      if (publicCidr.version() != 4 || privateCidr.version() != 4) {
        throw new IllegalArgumentException("network.public_cidr and network.private_cidr must be"
            + " IPv4 networks");
      }
      if (!publicCidr.contains(publicGateway) || publicGateway.equals(publicCidr.first())
          || publicGateway.equals(publicCidr.last())) {
        throw new IllegalArgumentException("network.public_gateway " + publicGateway
            + " is not a host address of network.public_cidr " + publicCidr);
      }
      if (publicCidr.prefix() > 29) {
        throw new IllegalArgumentException("network.public_cidr " + publicCidr + " is too small"
            + " for a gateway, routers and floating IPs (/29 at most)");
      }
    }

    /** From the options, with DevStack's defaults. */
    static Config of(String publicCidr, String publicGateway, String privateCidr) {
      Cidr pub;
      Cidr priv;
      try {
        pub = Cidr.parse(publicCidr == null ? PUBLIC_CIDR : publicCidr.trim(), true);
        priv = Cidr.parse(privateCidr == null ? PRIVATE_CIDR : privateCidr.trim(), true);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("network.public_cidr / network.private_cidr: "
            + e.getMessage(), e);
      }
      Ip gw;
      try {
        gw = publicGateway == null ? pub.first().plus(1) : Ip.parse(publicGateway.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("network.public_gateway: " + e.getMessage(), e);
      }
      return new Config(pub, gw, priv);
    }
  }

  private DemoNetworks() {}

  /**
   * Refuses a public range that collides with a route of the host, makes the networks on first
   * start, and gives the host its side of {@code public} on every start.
   */
  static void ensure(Config config, NetworkModule network, IdentityModule identity, Host host) {
    RequestContext admin = context(identity, "admin");
    Optional<ObjectNode> existing = network.networks.list(admin).stream()
        .filter(n -> n.path("name").asText().equals("public")
            && n.path("router:external").asBoolean())
        .findFirst();
    PublicBridge bridge = new PublicBridge(host, network.config.stateDir());
    String existingId = existing.map(n -> n.get("id").asText()).orElse(null);
    bridge.collision(config.publicCidr(), existingId).ifPresent(route -> {
      throw new IllegalStateException("network.public_cidr " + config.publicCidr()
          + " overlaps the host's route '" + route + "': choose another range"
          + " (network.public_cidr and network.public_gateway in altus.conf)");
    });
    ObjectNode pub = existing.orElseGet(() -> create(config, network, identity, admin));
    bridge.ensure(pub.get("id").asText(), config.publicGateway().toString(),
        config.publicCidr().prefix(), pub.path("mtu").asInt(1500));
    LOG.info("the host reaches the external network 'public' ({}) at {} on its bridge",
        config.publicCidr(), config.publicGateway());
  }

  private static ObjectNode create(Config config, NetworkModule network, IdentityModule identity,
      RequestContext admin) {
    ObjectNode in = Json.object().put("name", "public").put("shared", false)
        .put("router:external", true).put("provider:network_type", "flat")
        .put("provider:physical_network", "public").put("description",
            "External network of the all-in-one; the host holds its gateway address");
    ObjectNode pub = network.networks.create(admin, in);
    String pubId = pub.get("id").asText();
    Cidr cidr = config.publicCidr();
    Ip gw = config.publicGateway();
    ObjectNode sub = Json.object().put("name", "public-subnet").put("network_id", pubId)
        .put("ip_version", 4).put("cidr", cidr.toString()).put("gateway_ip", gw.toString())
        .put("enable_dhcp", false);
    // the pool is the range after the gateway (DevStack's .2-.254 for the default)
    Ip start = gw.compareTo(cidr.first().plus(1)) == 0 ? gw.plus(1) : cidr.first().plus(1);
    Ip end = gw.compareTo(cidr.last().plus(-1)) == 0 ? gw.plus(-1) : cidr.last().plus(-1);
    sub.putArray("allocation_pools").addObject().put("start", start.toString())
        .put("end", end.toString());
    network.subnets.create(admin, sub);
    RequestContext demo = context(identity, "demo");
    ObjectNode priv = network.networks.create(demo, Json.object().put("name", "private"));
    ObjectNode privSub = network.subnets.create(demo, Json.object().put("name", "private-subnet")
        .put("network_id", priv.get("id").asText()).put("ip_version", 4)
        .put("cidr", config.privateCidr().toString()));
    ObjectNode routerIn = Json.object().put("name", "router1");
    routerIn.putObject("external_gateway_info").put("network_id", pubId);
    ObjectNode router = network.routers.create(demo, routerIn);
    network.routers.addInterface(demo, router.get("id").asText(),
        Json.object().put("subnet_id", privSub.get("id").asText()));
    LOG.info("first start: made the external network 'public' ({}), the demo project's 'private'"
        + " ({}) and 'router1' between them", cidr, config.privateCidr());
    return network.networks.find(pubId).orElseThrow();
  }

  /** An admin of the named project, as the cloud itself acts when it makes its first resources. */
  private static RequestContext context(IdentityModule identity, String project) {
    var p = identity.projectStore.findByName(Project.DEFAULT_DOMAIN, project).orElseThrow(() ->
        new IllegalStateException("project '" + project + "' is missing: run 'altus bootstrap'"));
    return new RequestContext("altus", "altus", "default", p.id(), p.name(), "default", null,
        false, Set.of("admin", "member", "reader"), Set.of(), null, Instant.MAX, List.of(), null,
        null);
  }
}
