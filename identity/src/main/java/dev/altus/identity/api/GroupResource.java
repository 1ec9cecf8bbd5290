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
import dev.altus.identity.model.Group;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.User;
import dev.altus.identity.service.GroupService;
import dev.altus.identity.service.UserService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /v3/groups}, group membership, and {@code /v3/users/{user_id}/groups}. */
public final class GroupResource implements IdentityResource {
  private static final Set<String> KNOWN = Set.of("name", "domain_id", "description", "id", "links");
  /** The name column's size. */
  private static final int NAME_MAX = 64;
  private final GroupService groups;
  private final UserService users;
  private final PolicyEngine policy;

  public GroupResource(GroupService groups, UserService users, PolicyEngine policy) {
    this.groups = groups;
    this.users = users;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    String reader = "(rule:admin_required) or (role:reader and system_scope:all) or"
        + " (role:reader and domain_id:%(target.group.domain_id)s)";
    String manager = "(rule:admin_required) or (role:manager and domain_id:%(target.group.domain_id)s)";
    String memberManager = "(rule:admin_required) or (role:manager and"
        + " domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)";
    return Map.of(
        "identity:get_group", reader,
        "identity:list_groups", reader,
        "identity:create_group", manager,
        "identity:update_group", manager,
        "identity:delete_group", manager,
        "identity:list_users_in_group", reader,
        "identity:check_user_in_group", "(rule:admin_required) or (role:reader and system_scope:all) or"
            + " (role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)",
        "identity:add_user_to_group", memberManager,
        "identity:remove_user_from_group", memberManager,
        "identity:list_groups_for_user", "(rule:admin_required) or (role:reader and system_scope:all) or"
            + " (role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(user_id)s");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/groups", this::create);
    r.get("/v3/groups", this::list);
    r.get("/v3/groups/{group_id}", this::show);
    r.patch("/v3/groups/{group_id}", this::update);
    r.delete("/v3/groups/{group_id}", this::delete);
    r.get("/v3/groups/{group_id}/users", this::members);
    r.put("/v3/groups/{group_id}/users/{user_id}", this::addMember);
    r.get("/v3/groups/{group_id}/users/{user_id}", this::checkMember);
    r.delete("/v3/groups/{group_id}/users/{user_id}", this::removeMember);
    r.get("/v3/users/{user_id}/groups", this::groupsOfUser);
  }

  private static Map<String, Object> target(Group g) {
    return Map.of("target.group.id", g.id(), "target.group.domain_id", g.domainId());
  }

  private static Map<String, Object> target(Group g, User u) {
    Map<String, Object> t = new HashMap<>(target(g));
    t.putAll(UserResource.target(u));
    return t;
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    Body b = Body.root(req.json(), "group");
    String domainId = Fields.id(b, "domain_id")
        .orElse(ctx.domainId() != null ? ctx.domainId() : Project.DEFAULT_DOMAIN);
    policy.enforce("identity:create_group", ctx, Map.of("target.group.domain_id", domainId));
    String name = Fields.name(b, "name", NAME_MAX)
        .orElseThrow(() -> ApiException.badRequest("'name' is a required property"));
    Group g = groups.create(name, domainId, description(b).orElse(null), b.extras(KNOWN));
    return ApiResponse.created(Views.wrap("group", view(req, g)));
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = req.context();
    var domain = req.queryParam("domain_id");
    String scope = domain.orElse(ctx.domainId());
    policy.enforce("identity:list_groups", ctx,
        scope == null ? Map.of() : Map.of("target.group.domain_id", scope));
    Predicate<String> name = ListFilters.text(req, "name");
    List<Group> out = groups.list().stream()
        .filter(g -> name.test(g.name()))
        .filter(g -> domain.isEmpty() || domain.get().equals(g.domainId()))
        .filter(g -> ctx.domainId() == null || ctx.domainId().equals(g.domainId()))
        .toList();
    return ApiResponse.ok(Views.collection(req, "groups", out, g -> view(req, g)));
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    Group g = groups.get(req.param("group_id"));
    policy.enforce("identity:get_group", ctx, target(g));
    return ApiResponse.ok(Views.wrap("group", view(req, g)));
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    Group before = groups.get(req.param("group_id"));
    policy.enforce("identity:update_group", ctx, target(before));
    Body b = Body.root(req.json(), "group");
    Fields.notEmpty(b, "group");
    if (b.has("id") && !before.id().equals(b.raw("id").asText())) {
      throw ApiException.badRequest("Cannot change group ID");
    }
    String domainId = b.has("domain_id") ? Fields.id(b, "domain_id").orElse("") : before.domainId();
    String name = Fields.name(b, "name", NAME_MAX).orElse(before.name());
    String description = b.has("description") ? description(b).orElse(null) : before.description();
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    Group after = groups.update(before, new Group(before.id(), domainId, name, description, extra));
    return ApiResponse.ok(Views.wrap("group", view(req, after)));
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    Group g = groups.get(req.param("group_id"));
    policy.enforce("identity:delete_group", ctx, target(g));
    groups.delete(g.id());
    return ApiResponse.noContent();
  }

  private ApiResponse members(ApiRequest req) {
    RequestContext ctx = req.context();
    Group g = groups.get(req.param("group_id"));
    policy.enforce("identity:list_users_in_group", ctx, target(g));
    List<User> out = UserResource.filter(req, groups.members(g.id()), null);
    return ApiResponse.ok(Views.collection(req, "users", out, u -> UserResource.view(req, u)));
  }

  private ApiResponse addMember(ApiRequest req) {
    RequestContext ctx = req.context();
    Group g = groups.get(req.param("group_id"));
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:add_user_to_group", ctx, target(g, u));
    groups.addMember(g.id(), u.id());
    return ApiResponse.noContent();
  }

  private ApiResponse checkMember(ApiRequest req) {
    RequestContext ctx = req.context();
    Group g = groups.get(req.param("group_id"));
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:check_user_in_group", ctx, target(g, u));
    groups.checkMember(g.id(), u.id());
    return ApiResponse.noContent();
  }

  private ApiResponse removeMember(ApiRequest req) {
    RequestContext ctx = req.context();
    Group g = groups.get(req.param("group_id"));
    User u = users.get(req.param("user_id"));
    policy.enforce("identity:remove_user_from_group", ctx, target(g, u));
    groups.removeMember(g.id(), u.id());
    return ApiResponse.noContent();
  }

  /** The user's groups; a domain-scoped caller sees only the groups of its domain. */
  private ApiResponse groupsOfUser(ApiRequest req) {
    User u = users.get(req.param("user_id"));
    RequestContext ctx = req.context();
    policy.enforce("identity:list_groups_for_user", ctx, UserResource.target(u));
    Predicate<String> name = ListFilters.text(req, "name");
    List<Group> out = groups.groupsOf(u.id()).stream()
        .filter(g -> name.test(g.name()))
        .filter(g -> ctx.domainId() == null || ctx.domainId().equals(g.domainId()))
        .toList();
    return ApiResponse.ok(Views.collection(req, "groups", out, g -> {
      ObjectNode v = view(req, g);
      v.putNull("membership_expires_at");
      return v;
    }));
  }

  private static java.util.Optional<String> description(Body b) {
    JsonNode d = b.raw("description");
    if (d != null && !d.isNull() && !d.isTextual()) {
      throw ApiException.badRequest("Invalid input for field 'description': expected a string or null.");
    }
    return b.nullableString("description", 65535);
  }

  /** The group as Keystone shows it. */
  public static ObjectNode view(ApiRequest req, Group g) {
    ObjectNode o = Json.object();
    o.setAll(g.extra());
    o.put("id", g.id());
    o.put("name", g.name());
    o.put("domain_id", g.domainId());
    o.put("description", g.description());
    o.set("links", Views.selfLink(req, "/v3/groups/" + g.id()));
    return o;
  }
}
