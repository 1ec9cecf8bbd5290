package dev.altus.identity.api;

import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Role;
import dev.altus.identity.service.GrantService;
import dev.altus.identity.service.GrantService.Actor;
import dev.altus.identity.service.GrantService.ActorKind;
import dev.altus.identity.service.GrantService.Target;
import dev.altus.identity.service.GrantService.TargetKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Role grants for every actor and target: {@code /v3/projects|domains/{t}/users|groups/{a}/roles},
 * {@code /v3/system/users|groups/{a}/roles}, and the inherited ones under {@code /v3/OS-INHERIT}.
 */
public final class GrantResource implements IdentityResource {
  private final GrantService grants;
  private final PolicyEngine policy;

  public GrantResource(GrantService grants, PolicyEngine policy) {
    this.grants = grants;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    String read = "rule:admin_required or rule:system_reader"
        + " or (role:reader and domain_id:%(target.domain.id)s)"
        + " or (role:reader and domain_id:%(target.project.domain_id)s)";
    String systemRead = "rule:admin_required or rule:system_reader";
    Map<String, String> p = new HashMap<>();
    p.put("identity:check_grant", read);
    p.put("identity:list_grants", read);
    p.put("identity:create_grant", "rule:admin_required");
    p.put("identity:revoke_grant", "rule:admin_required");
    for (String who : List.of("user", "group")) {
      p.put("identity:list_system_grants_for_" + who, systemRead);
      p.put("identity:check_system_grant_for_" + who, systemRead);
      p.put("identity:create_system_grant_for_" + who, "rule:admin_required");
      p.put("identity:revoke_system_grant_for_" + who, "rule:admin_required");
    }
    return p;
  }

  /** One family of grant routes: an actor kind on a target kind, inherited or not. */
  private record Kind(ActorKind actor, TargetKind target, boolean inherited) {
    String action(String verb) {
      if (target == TargetKind.SYSTEM) {
        String who = actor == ActorKind.USER ? "user" : "group";
        return switch (verb) {
          case "check" -> "identity:check_system_grant_for_" + who;
          case "list" -> "identity:list_system_grants_for_" + who;
          case "create" -> "identity:create_system_grant_for_" + who;
          default -> "identity:revoke_system_grant_for_" + who;
        };
      }
      return switch (verb) {
        case "check" -> "identity:check_grant";
        case "list" -> "identity:list_grants";
        case "create" -> "identity:create_grant";
        default -> "identity:revoke_grant";
      };
    }
  }

  @Override
  public void routes(Router r) {
    for (ActorKind a : ActorKind.values()) {
      String actors = a == ActorKind.USER ? "users" : "groups";
      String actorPath = "/" + actors + "/{actor_id}/roles";
      add(r, "/v3/projects/{target_id}" + actorPath, "", new Kind(a, TargetKind.PROJECT, false), true);
      add(r, "/v3/domains/{target_id}" + actorPath, "", new Kind(a, TargetKind.DOMAIN, false), true);
      add(r, "/v3/system" + actorPath, "", new Kind(a, TargetKind.SYSTEM, false), true);
      add(r, "/v3/OS-INHERIT/domains/{target_id}" + actorPath, "/inherited_to_projects",
          new Kind(a, TargetKind.DOMAIN, true), true);
      add(r, "/v3/OS-INHERIT/projects/{target_id}" + actorPath, "/inherited_to_projects",
          new Kind(a, TargetKind.PROJECT, true), false);
    }
  }

  private void add(Router r, String base, String tail, Kind k, boolean listable) {
    if (listable) {
      r.get(base + tail, req -> list(req, k));
    }
    String one = base + "/{role_id}" + tail;
    r.add("GET", one, req -> check(req, k));
    r.head(one, req -> check(req, k));
    r.put(one, req -> grant(req, k));
    r.delete(one, req -> revoke(req, k));
  }

  private Target target(ApiRequest req, Kind k) {
    return grants.target(k.target(), k.target() == TargetKind.SYSTEM ? null : req.param("target_id"));
  }

  private Map<String, Object> policyTarget(Actor actor, Target target, Role role) {
    Map<String, Object> t = new HashMap<>();
    String who = actor.kind() == ActorKind.USER ? "user" : "group";
    t.put("target." + who + ".id", actor.id());
    t.put("target." + who + ".domain_id", actor.domainId());
    if (role != null) {
      t.put("target.role.id", role.id());
      t.put("target.role.domain_id", role.domainId());
    }
    switch (target.kind()) {
      case PROJECT -> {
        t.put("target.project.id", target.id());
        t.put("target.project.domain_id", target.domainId());
      }
      case DOMAIN -> t.put("target.domain.id", target.id());
      case SYSTEM -> t.put("target.system", "all");
    }
    return t;
  }

  private ApiResponse grant(ApiRequest req, Kind k) {
    Role role = grants.role(req.param("role_id"));
    Actor actor = grants.actor(k.actor(), req.param("actor_id"), false);
    Target target = target(req, k);
    policy.enforce(k.action("create"), req.context(), policyTarget(actor, target, role));
    grants.grant(actor, target, role, k.inherited());
    return ApiResponse.noContent();
  }

  private ApiResponse check(ApiRequest req, Kind k) {
    Role role = grants.role(req.param("role_id"));
    Actor actor = grants.actor(k.actor(), req.param("actor_id"), false);
    Target target = target(req, k);
    policy.enforce(k.action("check"), req.context(), policyTarget(actor, target, role));
    grants.check(actor, target, role, k.inherited());
    return ApiResponse.noContent();
  }

  private ApiResponse revoke(ApiRequest req, Kind k) {
    Role role = grants.role(req.param("role_id"));
    // a grant to an actor that no longer exists can still be removed
    Actor actor = grants.actor(k.actor(), req.param("actor_id"), true);
    Target target = target(req, k);
    policy.enforce(k.action("revoke"), req.context(), policyTarget(actor, target, role));
    grants.revoke(actor, target, role, k.inherited());
    return ApiResponse.noContent();
  }

  private ApiResponse list(ApiRequest req, Kind k) {
    Actor actor = grants.actor(k.actor(), req.param("actor_id"), false);
    Target target = target(req, k);
    policy.enforce(k.action("list"), req.context(), policyTarget(actor, target, null));
    List<Role> out = grants.list(actor, target, k.inherited());
    return ApiResponse.ok(Views.collection(req, "roles", out, r -> RoleResource.view(req, r)));
  }
}
