package dev.altus.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.User;
import dev.altus.identity.service.AssignmentService;
import dev.altus.identity.service.Times;
import dev.altus.identity.service.UserOptions;
import dev.altus.identity.service.UserService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /v3/users}, a user's projects, and the self-service password change. */
public final class UserResource implements IdentityResource {
  /** Attributes with a meaning of their own; any other attribute is kept as given ("extra"). */
  private static final Set<String> KNOWN = Set.of("name", "domain_id", "password", "enabled",
      "default_project_id", "options", "id", "links", "password_expires_at", "federated");
  private static final Set<String> FEDERATED_FILTERS = Set.of("idp_id", "protocol_id", "unique_id");
  private final UserService users;
  private final AssignmentService assignments;
  private final PolicyEngine policy;

  public UserResource(UserService users, AssignmentService assignments, PolicyEngine policy) {
    this.users = users;
    this.assignments = assignments;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    String manager = "(rule:admin_required) or (role:manager and token.domain.id:%(target.user.domain_id)s)";
    return Map.of(
        "identity:get_user", "(rule:admin_required) or (role:reader and system_scope:all) or"
            + " (role:reader and token.domain.id:%(target.user.domain_id)s) or user_id:%(target.user.id)s",
        "identity:list_users", "(rule:admin_required) or (role:reader and system_scope:all) or"
            + " (role:reader and domain_id:%(target.domain_id)s)",
        "identity:create_user", manager,
        "identity:update_user", manager,
        "identity:delete_user", manager,
        "identity:list_user_projects", "(rule:admin_required) or (role:reader and system_scope:all) or"
            + " (role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(target.user.id)s",
        "identity:change_password", "rule:admin_or_owner");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/users", this::create);
    r.get("/v3/users", this::list);
    r.get("/v3/users/{user_id}", this::show);
    r.patch("/v3/users/{user_id}", this::update);
    r.delete("/v3/users/{user_id}", this::delete);
    // the old password authenticates a password change, as in Keystone: no token needed
    r.post("/v3/users/{user_id}/password", this::changePassword)
        .markPublic("POST", "/v3/users/{user_id}/password");
    r.get("/v3/users/{user_id}/projects", this::projects);
  }

  static Map<String, Object> target(User u) {
    return Map.of("user_id", u.id(), "target.user.id", u.id(), "target.user.domain_id", u.domainId());
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    Body b = Body.root(req.json(), "user");
    String domainId = Fields.id(b, "domain_id")
        .orElse(ctx.domainId() != null ? ctx.domainId() : Project.DEFAULT_DOMAIN);
    policy.enforce("identity:create_user", ctx, Map.of("target.user.domain_id", domainId));
    String name = Fields.name(b, "name", 255)
        .orElseThrow(() -> ApiException.badRequest("'name' is a required property"));
    rejectFederated(b);
    String password = b.nullableString("password", UserService.MAX_PASSWORD_LENGTH).orElse(null);
    String defaultProject = Fields.id(b, "default_project_id").orElse(null);
    checkDescription(b);
    ObjectNode options = UserOptions.apply(Json.object(), b.raw("options"));
    User u = users.create(name, domainId, password, b.optionalBoolean("enabled").orElse(true),
        defaultProject, options, b.extras(KNOWN));
    return ApiResponse.created(Views.wrap("user", view(req, u)));
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("identity:list_users", ctx,
        ctx.domainId() == null ? Map.of() : Map.of("target.domain_id", ctx.domainId()));
    if (FEDERATED_FILTERS.stream().anyMatch(f -> req.queryParam(f).isPresent())) {
      // Only local users exist here: none is linked to an identity provider.
      return ApiResponse.ok(Views.collection(req, "users", List.<User>of(), u -> view(req, u)));
    }
    return ApiResponse.ok(Views.collection(req, "users", filter(req, users.list(), ctx),
        u -> view(req, u)));
  }

  /**
   * The users that match the query's name, domain_id, enabled and password_expires_at filters; a
   * domain-scoped caller sees only the users of its domain.
   */
  static List<User> filter(ApiRequest req, List<User> all, RequestContext ctx) {
    Predicate<String> name = ListFilters.text(req, "name");
    Predicate<Long> expires = ListFilters.passwordExpiresAt(req);
    var domain = req.queryParam("domain_id");
    var enabled = req.queryBoolean("enabled");
    return all.stream()
        .filter(u -> name.test(u.name()))
        .filter(u -> domain.isEmpty() || domain.get().equals(u.domainId()))
        .filter(u -> enabled.isEmpty() || enabled.get() == u.enabled())
        .filter(u -> expires.test(u.passwordExpiresAt()))
        .filter(u -> ctx == null || ctx.domainId() == null || ctx.domainId().equals(u.domainId()))
        .toList();
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:get_user", ctx, target(u));
    return ApiResponse.ok(Views.wrap("user", view(req, u)));
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    User before = users.get(req.param("user_id"));
    policy.enforce("identity:update_user", ctx, target(before));
    Body b = Body.root(req.json(), "user");
    Fields.notEmpty(b, "user");
    if (b.has("id") && !before.id().equals(b.raw("id").asText())) {
      throw ApiException.badRequest("Cannot change user ID");
    }
    rejectFederated(b);
    checkDescription(b);
    String domainId = b.has("domain_id") ? Fields.id(b, "domain_id").orElse("") : before.domainId();
    String name = Fields.name(b, "name", 255).orElse(before.name());
    boolean enabled = b.optionalBoolean("enabled").orElse(before.enabled());
    String defaultProject = b.has("default_project_id")
        ? Fields.id(b, "default_project_id").orElse(null) : before.defaultProjectId();
    boolean setPassword = b.has("password");
    String password = b.nullableString("password", UserService.MAX_PASSWORD_LENGTH).orElse(null);
    ObjectNode options = UserOptions.apply(before.options(), b.raw("options"));
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    User after = new User(before.id(), domainId, name, enabled, defaultProject,
        before.passwordHash(), before.passwordExpiresAt(), before.createdAt(), options, extra);
    return ApiResponse.ok(Views.wrap("user",
        view(req, users.update(before, after, setPassword, password))));
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:delete_user", ctx, target(u));
    users.delete(u.id());
    return ApiResponse.noContent();
  }

  /**
   * The self-service password change. As in Keystone the original password is what authorizes it,
   * so it needs no token (a user whose password expired has none); a caller who does send a token
   * is held to the change_password policy.
   */
  private ApiResponse changePassword(ApiRequest req) {
    String userId = req.param("user_id");
    var ctx = req.optionalContext();
    if (ctx.isPresent()) {
      policy.enforce("identity:change_password", ctx.get(),
          Map.of("user_id", userId, "target.user.id", userId));
    }
    Body b = Body.root(req.json(), "user").onlyFields(Set.of("original_password", "password"));
    String original = b.requiredString("original_password", 0, UserService.MAX_PASSWORD_LENGTH);
    String password = b.requiredString("password", 0, UserService.MAX_PASSWORD_LENGTH);
    users.changePassword(userId, original, password);
    return ApiResponse.noContent();
  }

  /** Projects where the user has a role: directly, through a group or by inheritance. */
  private ApiResponse projects(ApiRequest req) {
    RequestContext ctx = req.context();
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:list_user_projects", ctx, target(u));
    Predicate<String> name = ListFilters.text(req, "name");
    var domain = req.queryParam("domain_id");
    var enabled = req.queryBoolean("enabled");
    List<Project> out = assignments.projectsOf(u.id()).stream()
        .filter(p -> name.test(p.name()))
        .filter(p -> domain.isEmpty() || domain.get().equals(p.domainId()))
        .filter(p -> enabled.isEmpty() || enabled.get() == p.enabled())
        .toList();
    return ApiResponse.ok(Views.collection(req, "projects", out, p -> ProjectResource.view(req, p)));
  }

  private static void rejectFederated(Body b) {
    if (b.has("federated")) {
      throw ApiException.badRequest("Invalid input for field 'federated': users linked to identity"
          + " providers are not supported.");
    }
  }

  private static void checkDescription(Body b) {
    JsonNode d = b.raw("description");
    if (d != null && !d.isNull() && !d.isTextual()) {
      throw ApiException.badRequest("Invalid input for field 'description': expected a string or null.");
    }
  }

  /** The user as Keystone shows it; never the password. */
  public static ObjectNode view(ApiRequest req, User u) {
    ObjectNode o = Json.object();
    o.setAll(u.extra());
    o.put("id", u.id());
    o.put("name", u.name());
    o.put("domain_id", u.domainId());
    o.put("enabled", u.enabled());
    if (u.defaultProjectId() != null) {
      o.put("default_project_id", u.defaultProjectId());
    }
    if (u.passwordExpiresAt() == null) {
      o.putNull("password_expires_at");
    } else {
      o.put("password_expires_at", Times.format(u.passwordExpiresAt()));
    }
    o.set("options", u.options());
    o.set("links", Views.selfLink(req, "/v3/users/" + u.id()));
    return o;
  }
}
