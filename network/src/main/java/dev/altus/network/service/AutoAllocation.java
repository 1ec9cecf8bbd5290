package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.network.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Neutron's auto-allocated topology ("get me a network"): a project's own network, with a subnet
 * from each default subnet pool and a router to the default external network, made on first ask
 * and found again after. Also the {@code is_default} attribute of external networks, which names
 * the network those routers use (at most one).
 */
public final class AutoAllocation {
  private static final Logger LOG = LoggerFactory.getLogger(AutoAllocation.class);
  static final String KIND = "auto_allocated_topology";
  private final ResourceStore store;
  private final Access access;
  private final Locks locks;
  private final NetworkService networks;
  private final SubnetService subnets;
  private final SubnetPoolService pools;
  private final RouterService routers;

  public AutoAllocation(ResourceStore store, Access access, Locks locks, NetworkService networks,
      SubnetService subnets, SubnetPoolService pools, RouterService routers) {
    this.store = store;
    this.access = access;
    this.locks = locks;
    this.networks = networks;
    this.subnets = subnets;
    this.pools = pools;
    this.routers = routers;
  }

  /**
   * Applies a create or update request's {@code is_default} to network {@code d}. Only an external
   * network carries the attribute; {@code false} is the default and needs no right, {@code true}
   * is an admin's (policy {@code create_network:is_default} / {@code update_network:is_default})
   * and is refused while another external network is the default.
   */
  void applyIsDefault(RequestContext ctx, ObjectNode d, JsonNode in, String action) {
    JsonNode v = in.get("is_default");
    boolean external = d.path("router:external").asBoolean();
    if (v != null && !v.isNull()) {
      if (!v.isBoolean()) {
        throw Errors.invalidInput("'" + v + "' is not a valid boolean value");
      }
      if (v.asBoolean()) {
        if (!access.admin(ctx)) {
          throw Errors.policy(action + ":is_default");
        }
        for (ObjectNode other : store.list(NetworkService.KIND)) {
          if (other.path("is_default").asBoolean()
              && !other.path("id").asText().equals(d.path("id").asText())) {
            throw Errors.conflict("DefaultExternalNetworkExists", "A default external network"
                + " already exists: " + other.path("id").asText() + ".");
          }
        }
      }
      if (external) {
        d.put("is_default", v.asBoolean());
        return;
      }
    }
    if (external) {
      if (!d.has("is_default")) {
        d.put("is_default", false);
      }
    } else {
      d.remove("is_default");
    }
  }

  /**
   * The project's auto-allocated network, made now if it has none. {@code dryRun}: only checks
   * that it could be made. Failures that an operator must mend (no default external network, no
   * default subnet pool) are 409 "Deployment error" with the reason, as Neutron answers.
   */
  public ObjectNode get(RequestContext ctx, String projectId, boolean dryRun) {
    String project = validate(ctx, projectId, "get_auto_allocated_topology");
    if (dryRun) {
      defaultExternalNetwork();
      defaultPools(ctx);
      return topology("dry-run=pass", project);
    }
    return locks.with("auto-allocate:" + project, () -> {
      Optional<ObjectNode> existing = store.get(KIND, project);
      if (existing.isPresent()) {
        return topology(existing.get().path("network_id").asText(), project);
      }
      String external = defaultExternalNetwork();
      List<ObjectNode> defaultPools = defaultPools(ctx);
      return topology(build(ctx, project, external, defaultPools), project);
    });
  }

  /** Removes the project's auto-allocated router, subnets and network; no-op when it has none. */
  public void delete(RequestContext ctx, String projectId) {
    String project = validate(ctx, projectId, "delete_auto_allocated_topology");
    locks.with("auto-allocate:" + project, () -> {
      store.get(KIND, project).ifPresent(t -> {
        cleanup(ctx, t.path("network_id").asText(null), t.path("router_id").asText(null));
        store.delete(KIND, project);
      });
      return null;
    });
  }

  private String build(RequestContext ctx, String project, String external,
      List<ObjectNode> defaultPools) {
    String networkId = null;
    String routerId = null;
    String providing = "tenant private network";
    try {
      ObjectNode netIn = Json.object().put("name", "auto_allocated_network")
          .put("admin_state_up", false).put("project_id", project).put("shared", false);
      if (!access.admin(ctx)) {
        netIn.remove("shared");
      }
      networkId = networks.create(ctx, netIn).path("id").asText();
      List<String> subnetIds = new ArrayList<>();
      for (ObjectNode pool : defaultPools) {
        int version = pool.path("ip_version").asInt(4);
        subnetIds.add(subnets.create(ctx, Json.object()
            .put("name", "auto_allocated_subnet_v" + version).put("network_id", networkId)
            .put("project_id", project).put("ip_version", version)
            .put("subnetpool_id", pool.path("id").asText())).path("id").asText());
      }
      providing = "external connectivity";
      ObjectNode routerIn = Json.object().put("name", "auto_allocated_router")
          .put("project_id", project).put("admin_state_up", true);
      routerIn.putObject("external_gateway_info").put("network_id", external);
      routerId = routers.create(ctx, routerIn).path("id").asText();
      for (String s : subnetIds) {
        routers.addInterface(ctx, routerId, Json.object().put("subnet_id", s));
      }
      store.insert(KIND, Json.object().put("id", project).put("project_id", project)
          .put("network_id", networkId).put("router_id", routerId));
      networks.update(ctx, networkId, Json.object().put("admin_state_up", true));
      LOG.info("auto-allocated topology for project {}: network {}, router {}", project,
          networkId, routerId);
      return networkId;
    } catch (ApiException e) {
      cleanup(ctx, networkId, routerId);
      if (e.status() >= 500) {
        throw e;
      }
      throw Errors.conflict("AutoAllocationFailure", "Deployment error: Unable to provide "
          + providing + ": " + e.getMessage());
    } catch (RuntimeException e) {
      cleanup(ctx, networkId, routerId);
      throw e;
    }
  }

  private void cleanup(RequestContext ctx, String networkId, String routerId) {
    if (routerId != null) {
      routers.find(routerId).ifPresent(r -> {
        for (ObjectNode iface : routers.interfaces(routerId)) {
          for (JsonNode ip : iface.path("fixed_ips")) {
            quietly(() -> routers.removeInterface(ctx, routerId,
                Json.object().put("subnet_id", ip.path("subnet_id").asText())));
          }
        }
        quietly(() -> {
          routers.delete(ctx, routerId);
          return null;
        });
      });
    }
    if (networkId != null && networks.find(networkId).isPresent()) {
      quietly(() -> {
        networks.delete(ctx, networkId);
        return null;
      });
    }
  }

  private static void quietly(java.util.function.Supplier<?> step) {
    try {
      step.get();
    } catch (ApiException e) {
      // gone already (a concurrent delete): the rest of the clean-up goes on
      LOG.debug("auto-allocation clean-up: {}", e.getMessage());
    }
  }

  private String validate(RequestContext ctx, String projectId, String action) {
    String project = projectId == null || projectId.equals("None") ? ctx.projectId() : projectId;
    if (project == null) {
      throw Errors.badRequest("A project id is required: the token is not scoped to a project");
    }
    if (!access.admin(ctx) && !project.equals(ctx.projectId())) {
      throw Errors.forbidden("Not authorized.");
    }
    access.enforce(action, ctx, Json.object().put("project_id", project));
    return project;
  }

  private String defaultExternalNetwork() {
    return store.list(NetworkService.KIND).stream()
        .filter(n -> n.path("router:external").asBoolean() && n.path("is_default").asBoolean())
        .map(n -> n.path("id").asText()).findFirst()
        .orElseThrow(() -> Errors.conflict("AutoAllocationFailure", "Deployment error: No default"
            + " router:external network. An admin marks one with 'openstack network set"
            + " --default --external NETWORK'."));
  }

  private List<ObjectNode> defaultPools(RequestContext ctx) {
    List<ObjectNode> found = new ArrayList<>();
    for (int v : new int[] {4, 6}) {
      pools.defaultPool(ctx, v).ifPresent(found::add);
    }
    if (found.isEmpty()) {
      throw Errors.conflict("AutoAllocationFailure", "Deployment error: No default subnetpools"
          + " defined. An admin makes one with 'openstack subnet pool create --default --share"
          + " --pool-prefix PREFIX NAME'.");
    }
    return found;
  }

  private static ObjectNode topology(String networkId, String project) {
    return Json.object().put("id", networkId).put("tenant_id", project)
        .put("project_id", project);
  }
}
