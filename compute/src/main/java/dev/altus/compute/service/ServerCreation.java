package dev.altus.compute.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.agent.CallerContexts;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.ImageClient.ImageInfo;
import dev.altus.compute.client.NetworkClient;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.NetworkRequest;
import dev.altus.compute.model.RequestSpec;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ComputeHostStore;
import dev.altus.compute.store.FlavorStore;
import dev.altus.compute.store.InstanceActionStore;
import dev.altus.compute.store.ServerMetadataStore;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerTagStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Creates servers: resolves the flavor, the image (active, fits the flavor), the networks and
 * ports, security groups, key pair, zone and server group; counts the quota; records the servers
 * in BUILD/scheduling with a "create" action; and hands them to the scheduler. Nothing is
 * written unless every check passed.
 */
public final class ServerCreation {
  /** What a create produced. */
  public record Created(List<Server> servers, String reservationId, String adminPass) {}

  private static final String PASSWORD_CHARS =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ServerStore servers;
  private final ServerMetadataStore metadata;
  private final ServerTagStore tags;
  private final InstanceActionStore actions;
  private final FlavorStore flavors;
  private final ImageClient images;
  private final NetworkClient networks;
  private final KeyPairLookup keyPairs;
  private final ServerGroupDirectory groups;
  private final HostAggregates aggregates;
  private final ComputeHostStore hosts;
  private final QuotaCheck quota;
  private final ServerBuilds builds;
  private final PolicyEngine policy;
  private final String defaultZone;
  private final Clock clock;

  public ServerCreation(ServerStore servers, ServerMetadataStore metadata, ServerTagStore tags,
      InstanceActionStore actions, FlavorStore flavors, ImageClient images,
      NetworkClient networks, KeyPairLookup keyPairs, ServerGroupDirectory groups,
      HostAggregates aggregates, ComputeHostStore hosts, QuotaCheck quota, ServerBuilds builds,
      PolicyEngine policy, String defaultZone, Clock clock) {
    this.servers = servers;
    this.metadata = metadata;
    this.tags = tags;
    this.actions = actions;
    this.flavors = flavors;
    this.images = images;
    this.networks = networks;
    this.keyPairs = keyPairs;
    this.groups = groups;
    this.aggregates = aggregates;
    this.hosts = hosts;
    this.quota = quota;
    this.builds = builds;
    this.policy = policy;
    this.defaultZone = defaultZone;
    this.clock = clock;
  }

  public Created create(RequestContext ctx, ServerCreateRequest r, String requestId) {
    Flavor flavor = flavor(ctx, r.flavorRef());
    ImageInfo image = image(ctx, r.imageRef(), flavor);
    if (r.autoDiskConfig()) {
      checkAutoDisk(image);
    }
    String[] zone = zone(ctx, r.zone());
    List<NetworkRequest> nets = networks(ctx, r);
    List<String> secGroups = securityGroups(ctx, r, nets);
    KeyPairLookup.KeyPair key = null;
    if (r.keyName() != null) {
      key = keyPairs.find(ctx.userId(), r.keyName())
          .orElseThrow(() -> ApiException.badRequest("Invalid key_name provided."));
    }
    String groupId = null;
    if (r.groupHint() != null) {
      groupId = groups.find(ctx, r.groupHint()).map(ServerGroupDirectory.Group::id)
          .orElseThrow(() -> ApiException.badRequest("Invalid server group: "
              + r.groupHint() + " could not be found."));
    }
    if (flavor.rootGb() == 0 && !policy.allowed(
        "os_compute_api:servers:create:zero_disk_flavor", ctx, Map.of("project_id",
            ctx.projectId() == null ? "" : ctx.projectId()))) {
      throw ApiException.forbidden("Only volume-backed servers are allowed for flavors with"
          + " zero disk.");
    }
    quota.metadata(ctx.projectId(), ctx.userId(), r.metadata().size());
    quota.injectedFiles(ctx.projectId(), ctx.userId(), r.personality());
    int count = quota.allowed(ctx.projectId(), ctx.userId(), flavor, r.minCount(),
        r.maxCount());

    Map<String, String> imageProps = new HashMap<>(image == null ? Map.of() : image.properties());
    RequestSpec spec = new RequestSpec(nets, zone[0], zone[1], groupId, r.sameHost(),
        r.differentHost(), imageProps, List.of(), r.personality());
    String reservation = "r-" + token(8).toLowerCase();
    String adminPass = r.adminPass() != null ? r.adminPass() : token(12);
    long now = clock.millis();
    List<Server> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = UUID.randomUUID().toString();
      String name = count > 1 ? r.name() + "-" + (i + 1) : r.name();
      String hostname = r.hostname() != null ? r.hostname() : Hostnames.fromName(name, id);
      created.add(new Server(id, 0, name, ctx.projectId(), ctx.userId(), null, null, null,
          zone[0], ServerStates.BUILDING, ServerStates.SCHEDULING, 0, null, flavor, null, null,
          image == null ? "" : image.id(), key == null ? null : key.name(),
          key == null ? null : key.publicKey(), r.userData(), r.accessIpv4(), r.accessIpv6(),
          r.description(), false, null, null, hostname, i, reservation, r.configDrive(),
          r.autoDiskConfig(),
          secGroups, spec, now, now, null, null, null, false, null));
    }
    servers.jdbi().useTransaction(h -> {
      for (Server s : created) {
        servers.insert(h, s);
        metadata.replace(h, s.id(), r.metadata());
        tags.replace(h, s.id(), r.tags());
      }
    });
    List<String> ids = created.stream().map(Server::id).toList();
    try {
      if (groupId != null) {
        for (String id : ids) {
          groups.addMember(ctx, groupId, id);
        }
      }
      // a concurrent create may have used the same quota: count again, as Nova rechecks
      quota.allowed(ctx.projectId(), ctx.userId(), flavor, 0, 0);
    } catch (RuntimeException e) {
      servers.jdbi().useTransaction(h -> ids.forEach(id -> servers.purge(h, id)));
      ids.forEach(groups::removeMember);
      throw e;
    }
    Map<String, Long> actionIds = new HashMap<>();
    for (String id : ids) {
      actionIds.put(id, actions.start(id, "create", requestId, ctx.userId(), ctx.projectId()));
    }
    builds.schedule(ids, CallerContexts.toJson(ctx), actionIds);
    List<Server> stored = new ArrayList<>();
    for (String id : ids) {
      servers.find(id).ifPresent(stored::add);
    }
    return new Created(stored.isEmpty() ? created : stored, reservation, adminPass);
  }

  /** A flavor the caller may use: public, or private and shared with its project. */
  Flavor flavor(RequestContext ctx, String ref) {
    String id = lastSegment(ref);
    Flavor f = flavors.find(id).orElseThrow(() -> ApiException.badRequest(
        "Invalid flavorRef provided."));
    if (!f.isPublic() && !ctx.isAdmin() && !flavors.projectHasAccess(f.id(), ctx.projectId())) {
      throw ApiException.badRequest("Invalid flavorRef provided.");
    }
    if (f.disabled()) {
      throw ApiException.badRequest("Flavor " + f.id() + " is disabled.");
    }
    return f;
  }

  /** The boot image: visible, active, and small enough for the flavor. */
  ImageInfo image(RequestContext ctx, String ref, Flavor flavor) {
    if (ref == null || ref.isEmpty()) {
      throw ApiException.badRequest("Booting without an image needs a volume, and this cloud"
          + " has no block storage service: give imageRef.");
    }
    String id = lastSegment(ref);
    ImageInfo image = images.find(ctx, id).orElseThrow(() -> ApiException.badRequest(
        "Can not find requested image"));
    checkImage(image, flavor);
    return image;
  }

  /** 400 when AUTO disk config is asked for an image that disables it. */
  public static void checkAutoDisk(ImageInfo image) {
    String v = image.properties().getOrDefault("auto_disk_config", "");
    if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("disabled")) {
      throw ApiException.badRequest("Requested image " + image.id()
          + " has automatic disk resize disabled.");
    }
  }

  /** Nova's checks of an image against a flavor (create, rebuild, resize). */
  public static void checkImage(ImageInfo image, Flavor flavor) {
    if (!"active".equals(image.status())) {
      throw ApiException.badRequest("Image " + image.id() + " is not active.");
    }
    if (image.minRamMb() > flavor.memoryMb()) {
      throw ApiException.badRequest("Flavor's memory is too small for requested image.");
    }
    long disk = (long) flavor.rootGb() << 30;
    if (flavor.rootGb() > 0 && image.size() > disk) {
      throw ApiException.badRequest("Flavor's disk is too small for requested image. Flavor"
          + " disk is " + disk + " bytes, image is " + image.size() + " bytes.");
    }
    if (flavor.rootGb() > 0 && image.minDiskGb() > flavor.rootGb()) {
      throw ApiException.badRequest("Flavor's disk is too small for requested image. Flavor"
          + " disk is " + disk + " bytes, minimum size is " + ((long) image.minDiskGb() << 30)
          + " bytes.");
    }
  }

  /** [zone, forced host] from "zone", "zone:host", "zone:host:node" or ":host". */
  public String[] zone(RequestContext ctx, String raw) {
    if (raw == null || raw.isEmpty()) {
      return new String[] {null, null};
    }
    String[] parts = raw.split(":", -1);
    String zone = parts[0].isEmpty() ? null : parts[0];
    String host = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
    if (host != null) {
      policy.enforce("os_compute_api:servers:create:forced_host", ctx,
          Map.of("project_id", ctx.projectId() == null ? "" : ctx.projectId()));
      if (hosts.host(host).isEmpty()) {
        throw ApiException.badRequest("Compute host " + host + " could not be found.");
      }
    }
    if (zone != null && !zones().contains(zone)) {
      throw ApiException.badRequest("The requested availability zone is not available");
    }
    return new String[] {zone, host};
  }

  /** Every availability zone that has a compute host, and the default zone. */
  Set<String> zones() {
    Set<String> out = new TreeSet<>();
    out.add(defaultZone);
    for (var h : hosts.hosts()) {
      out.add(aggregates.zoneOf(h.host()));
    }
    return out;
  }

  private List<NetworkRequest> networks(RequestContext ctx, ServerCreateRequest r) {
    switch (r.networksMode()) {
      case "none":
        return List.of();
      case "auto":
      case "default": {
        List<NetworkClient.NetworkInfo> usable = networks.usableNetworks(ctx);
        if (usable.isEmpty()) {
          if (r.networksMode().equals("auto")) {
            try {
              usable = List.of(networks.autoAllocatedNetwork(ctx));
            } catch (ApiException e) {
              if (e.status() >= 500) {
                throw e;
              }
              throw ApiException.badRequest("Unable to automatically allocate a network for"
                  + " project " + ctx.projectId() + ": it has no network, none is shared, and"
                  + " the network service could not make one (" + e.getMessage() + ")");
            }
          } else {
            return List.of();
          }
        }
        if (usable.size() > 1) {
          throw ApiException.conflict("Multiple possible networks found, use a Network ID to be"
              + " more specific.");
        }
        return List.of(new NetworkRequest(usable.get(0).id(), null, null, null));
      }
      default:
        break;
    }
    List<NetworkRequest> out = new ArrayList<>();
    for (ServerCreateRequest.NetworkEntry e : r.networks()) {
      if (e.port() != null) {
        if (r.maxCount() > 1) {
          throw ApiException.badRequest("Unable to launch multiple instances with a single"
              + " configured port ID. Please launch your instance one by one with different"
              + " ports.");
        }
        var port = networks.port(ctx, e.port()).orElseThrow(() -> ApiException.badRequest(
            "Port id " + e.port() + " could not be found."));
        if (port.deviceId() != null && !port.deviceId().isEmpty()) {
          throw ApiException.conflict("Port " + e.port() + " is still in use.");
        }
        out.add(new NetworkRequest(port.networkId(), port.id(), null, e.tag()));
        continue;
      }
      var net = networks.network(ctx, e.uuid()).orElseThrow(() -> ApiException.badRequest(
          "Network " + e.uuid() + " could not be found."));
      if (net.external() && !ctx.isAdmin() && !net.shared()) {
        throw ApiException.forbidden("It is not allowed to create an interface on external"
            + " network " + net.id());
      }
      if (e.fixedIp() != null && r.maxCount() > 1) {
        throw ApiException.badRequest("max_count cannot be greater than 1 if an fixed_ip is"
            + " specified.");
      }
      out.add(new NetworkRequest(net.id(), null, e.fixedIp(), e.tag()));
    }
    return out;
  }

  private List<String> securityGroups(RequestContext ctx, ServerCreateRequest r,
      List<NetworkRequest> nets) {
    Set<String> names = new LinkedHashSet<>(r.securityGroups().isEmpty() ? List.of("default")
        : r.securityGroups());
    if (nets.stream().anyMatch(n -> !n.isPort())) {
      for (String g : names) {
        if (networks.securityGroupId(ctx, g).isEmpty()) {
          throw ApiException.badRequest("Security group " + g + " not found for project "
              + ctx.projectId() + ".");
        }
      }
    }
    return List.copyOf(names);
  }

  static String lastSegment(String ref) {
    String s = ref.replaceAll("/+$", "");
    int slash = s.lastIndexOf('/');
    return slash >= 0 ? s.substring(slash + 1) : s;
  }

  private static String token(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
    }
    return b.toString();
  }
}
