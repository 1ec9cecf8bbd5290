package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Role;
import dev.altus.identity.service.Ids;
import dev.altus.identity.service.ProjectService;
import dev.altus.identity.store.RoleStore;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v3/roles}: global and domain-specific roles. */
public final class RoleResource implements IdentityResource {
  private static final Set<String> KNOWN = Set.of("name", "domain_id", "description", "options", "id", "links");
  private final RoleStore roles;
  private final ProjectService projects;
  private final PolicyEngine policy;

  public RoleResource(RoleStore roles, ProjectService projects, PolicyEngine policy) {
    this.roles = roles;
    this.projects = projects;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_role", "rule:admin_required",
        "identity:list_roles", "rule:admin_required",
        "identity:create_role", "rule:admin_required",
        "identity:update_role", "rule:admin_required",
        "identity:delete_role", "rule:admin_required",
        "identity:get_domain_role", "rule:admin_required",
        "identity:list_domain_roles", "rule:admin_required",
        "identity:create_domain_role", "rule:admin_required",
        "identity:update_domain_role", "rule:admin_required",
        "identity:delete_domain_role", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/roles", this::create);
    r.get("/v3/roles", this::list);
    r.get("/v3/roles/{role_id}", this::show);
    r.patch("/v3/roles/{role_id}", this::update);
    r.delete("/v3/roles/{role_id}", this::delete);
  }

  /** Finds a role or answers 404. */
  public static Role find(RoleStore roles, String id) {
    return roles.find(id).orElseThrow(() -> ApiException.notFound("Could not find role: " + id + "."));
  }

  private static String action(String base, Role r) {
    return "identity:" + base + (r.domainId() != null ? "_domain_role" : "_role");
  }

  private ApiResponse create(ApiRequest req) {
    Body b = Body.root(req.json(), "role");
    String name = b.requiredString("name", 1, 255);
    if (name.isBlank()) {
      throw ApiException.badRequest("Invalid input for field 'name': the name must not be blank.");
    }
    String domainId = b.nullableString("domain_id", 64).orElse(null);
    policy.enforce(domainId == null ? "identity:create_role" : "identity:create_domain_role", req.context());
    if (domainId != null) {
      projects.getDomain(domainId);
    }
    if (roles.findByName(name, domainId).isPresent()) {
      throw ApiException.conflict("Conflict occurred attempting to store role - Duplicate entry found with name " + name + ".");
    }
    ObjectNode options = Json.object();
    b.optionalObject("options").ifPresent(o -> mergeOptions(options, o.node()));
    Role r = new Role(Ids.newId(), name, domainId, b.nullableString("description", 255).orElse(null),
        options, b.extras(KNOWN));
    roles.insert(r);
    return ApiResponse.created(Views.wrap("role", view(req, r)));
  }

  private ApiResponse list(ApiRequest req) {
    var domain = req.queryParam("domain_id");
    policy.enforce(domain.isPresent() ? "identity:list_domain_roles" : "identity:list_roles", req.context());
    var name = req.queryParam("name");
    List<Role> out = roles.list().stream()
        .filter(r -> domain.isPresent() ? domain.get().equals(r.domainId()) : r.domainId() == null)
        .filter(r -> name.isEmpty() || name.get().equals(r.name()))
        .toList();
    return ApiResponse.ok(Views.collection(req, "roles", out, r -> view(req, r)));
  }

  private ApiResponse show(ApiRequest req) {
    Role r = find(roles, req.param("role_id"));
    policy.enforce(action("get", r), req.context());
    return ApiResponse.ok(Views.wrap("role", view(req, r)));
  }

  private ApiResponse update(ApiRequest req) {
    Role r = find(roles, req.param("role_id"));
    policy.enforce(action("update", r), req.context());
    Body b = Body.root(req.json(), "role");
    if (b.has("domain_id") && !String.valueOf(b.raw("domain_id").isNull() ? null : b.raw("domain_id").asText())
        .equals(String.valueOf(r.domainId()))) {
      throw ApiException.badRequest("A role's domain_id cannot be changed.");
    }
    String name = b.optionalString("name", 1, 255).orElse(r.name());
    if (!name.equals(r.name()) && roles.findByName(name, r.domainId()).isPresent()) {
      throw ApiException.conflict("Conflict occurred attempting to update role - Duplicate entry found with name " + name + ".");
    }
    ObjectNode extra = r.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    ObjectNode options = r.options().deepCopy();
    b.optionalObject("options").ifPresent(o -> mergeOptions(options, o.node()));
    if (immutable(r) && immutable(options)) {
      throw ApiException.forbidden("Unable to update immutable role " + r.id()
          + ": set its 'immutable' option to false first.");
    }
    Role after = new Role(r.id(), name, r.domainId(),
        b.has("description") ? b.nullableString("description", 255).orElse(null) : r.description(),
        options, extra);
    roles.update(after);
    return ApiResponse.ok(Views.wrap("role", view(req, after)));
  }

  private ApiResponse delete(ApiRequest req) {
    Role r = find(roles, req.param("role_id"));
    policy.enforce(action("delete", r), req.context());
    if (immutable(r)) {
      throw ApiException.forbidden("Unable to delete immutable role " + r.id()
          + ": set its 'immutable' option to false first.");
    }
    roles.delete(r.id());
    return ApiResponse.noContent();
  }

  private static boolean immutable(Role r) {
    return immutable(r.options());
  }

  private static boolean immutable(ObjectNode options) {
    return options.path("immutable").asBoolean(false);
  }

  /** Applies requested options: only "immutable" (a boolean) exists; null removes an option. */
  private static void mergeOptions(ObjectNode into, ObjectNode requested) {
    requested.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("immutable")) {
        throw ApiException.badRequest("Invalid input for field 'options': '" + e.getKey()
            + "' is not a role option.");
      }
      if (e.getValue().isNull()) {
        into.remove(e.getKey());
      } else if (e.getValue().isBoolean()) {
        into.set(e.getKey(), e.getValue());
      } else {
        throw ApiException.badRequest("Invalid input for field 'options.immutable': expected a boolean.");
      }
    });
  }

  /** The role as Keystone shows it. */
  public static ObjectNode view(ApiRequest req, Role r) {
    ObjectNode o = Json.object();
    o.setAll(r.extra());
    o.put("id", r.id());
    o.put("name", r.name());
    o.put("domain_id", r.domainId());
    o.put("description", r.description());
    o.set("options", r.options());
    o.set("links", Views.selfLink(req, "/v3/roles/" + r.id()));
    return o;
  }
}
