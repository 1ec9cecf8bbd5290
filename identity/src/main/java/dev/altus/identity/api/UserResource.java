package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.User;
import dev.altus.identity.service.Times;
import dev.altus.identity.service.UserService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v3/users}. */
public final class UserResource implements IdentityResource {
  private static final Set<String> KNOWN = Set.of("name", "domain_id", "password", "enabled",
      "default_project_id", "options", "id", "links", "password_expires_at");
  private final UserService users;
  private final PolicyEngine policy;

  public UserResource(UserService users, PolicyEngine policy) {
    this.users = users;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_user", "rule:admin_or_owner",
        "identity:list_users", "rule:admin_required",
        "identity:create_user", "rule:admin_required",
        "identity:update_user", "rule:admin_required",
        "identity:delete_user", "rule:admin_required",
        "identity:change_password", "rule:admin_or_owner");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/users", this::create);
    r.get("/v3/users", this::list);
    r.get("/v3/users/{user_id}", this::show);
    r.patch("/v3/users/{user_id}", this::update);
    r.delete("/v3/users/{user_id}", this::delete);
    r.post("/v3/users/{user_id}/password", this::changePassword);
  }

  private static Map<String, Object> target(User u) {
    return Map.of("user_id", u.id(), "target.user.id", u.id(), "target.user.domain_id", u.domainId());
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_user", req.context());
    Body b = Body.root(req.json(), "user");
    String name = b.requiredString("name", 1, 255);
    if (name.isBlank()) {
      throw ApiException.badRequest("Invalid input for field 'name': the name must not be blank.");
    }
    String domainId = b.nullableString("domain_id", 64)
        .orElse(req.context().domainId() != null ? req.context().domainId() : Project.DEFAULT_DOMAIN);
    String password = b.nullableString("password", 4096).orElse(null);
    User u = users.create(name, domainId, password, b.optionalBoolean("enabled").orElse(true),
        b.nullableString("default_project_id", 64).orElse(null),
        b.optionalObject("options").map(Body::node).orElse(Json.object()), b.extras(KNOWN));
    return ApiResponse.created(Views.wrap("user", view(req, u)));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("identity:list_users", req.context());
    var name = req.queryParam("name");
    var domain = req.queryParam("domain_id");
    var enabled = req.queryBoolean("enabled");
    List<User> out = users.list().stream()
        .filter(u -> name.isEmpty() || name.get().equals(u.name()))
        .filter(u -> domain.isEmpty() || domain.get().equals(u.domainId()))
        .filter(u -> enabled.isEmpty() || enabled.get() == u.enabled())
        .toList();
    return ApiResponse.ok(Views.collection(req, "users", out, u -> view(req, u)));
  }

  private ApiResponse show(ApiRequest req) {
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:get_user", req.context(), target(u));
    return ApiResponse.ok(Views.wrap("user", view(req, u)));
  }

  private ApiResponse update(ApiRequest req) {
    User before = users.get(req.param("user_id"));
    policy.enforce("identity:update_user", req.context(), target(before));
    Body b = Body.root(req.json(), "user");
    if (b.has("id") && !b.raw("id").asText().equals(before.id())) {
      throw ApiException.badRequest("A user's id cannot be changed.");
    }
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    ObjectNode options = before.options().deepCopy();
    b.optionalObject("options").ifPresent(o -> options.setAll(o.node()));
    User after = new User(before.id(), b.optionalString("domain_id", 1, 64).orElse(before.domainId()),
        b.optionalString("name", 1, 255).orElse(before.name()),
        b.optionalBoolean("enabled").orElse(before.enabled()),
        b.has("default_project_id") ? b.nullableString("default_project_id", 64).orElse(null)
            : before.defaultProjectId(),
        before.passwordHash(), before.passwordExpiresAt(), before.createdAt(), options, extra);
    String password = b.nullableString("password", 4096).orElse(null);
    return ApiResponse.ok(Views.wrap("user", view(req, users.update(before, after, password))));
  }

  private ApiResponse delete(ApiRequest req) {
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:delete_user", req.context(), target(u));
    users.delete(u.id());
    return ApiResponse.noContent();
  }

  private ApiResponse changePassword(ApiRequest req) {
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:change_password", req.context(), target(u));
    Body b = Body.root(req.json(), "user");
    String original = b.requiredString("original_password", 0, 4096);
    String password = b.requiredString("password", 1, 4096);
    users.changePassword(u.id(), original, password);
    return ApiResponse.noContent();
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
