package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Role;
import dev.altus.identity.model.Trust;
import dev.altus.identity.service.ExpiryTimes;
import dev.altus.identity.service.TrustService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v3/OS-TRUST/trusts}: trusts, and the roles they delegate. */
public final class TrustResource implements IdentityResource {
  private static final Set<String> KNOWN = Set.of("trustor_user_id", "trustee_user_id",
      "project_id", "impersonation", "expires_at", "remaining_uses", "allow_redelegation",
      "redelegation_count", "roles", "id", "links", "roles_links", "redelegated_trust_id",
      "deleted_at");
  private static final String TRUSTOR = "user_id:%(target.trust.trustor_user_id)s";
  private static final String TRUSTEE = "user_id:%(target.trust.trustee_user_id)s";
  private static final String SYSTEM_READER = "(role:reader and system_scope:all)";
  private static final String PARTY = "rule:admin_required or " + SYSTEM_READER + " or "
      + TRUSTOR + " or " + TRUSTEE;
  private final TrustService trusts;
  private final PolicyEngine policy;

  public TrustResource(TrustService trusts, PolicyEngine policy) {
    this.trusts = trusts;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:create_trust", TRUSTOR,
        "identity:list_trusts", "rule:admin_required or " + SYSTEM_READER,
        "identity:list_trusts_for_trustor", "rule:admin_required or " + SYSTEM_READER + " or " + TRUSTOR,
        "identity:list_trusts_for_trustee", "rule:admin_required or " + SYSTEM_READER + " or " + TRUSTEE,
        "identity:get_trust", PARTY,
        "identity:list_roles_for_trust", PARTY,
        "identity:get_role_for_trust", PARTY,
        "identity:delete_trust", "rule:admin_required or " + TRUSTOR);
  }

  @Override
  public void routes(Router r) {
    String base = "/v3/OS-TRUST/trusts";
    r.post(base, this::create);
    r.get(base, this::list);
    r.get(base + "/{trust_id}", this::show);
    r.delete(base + "/{trust_id}", this::delete);
    r.get(base + "/{trust_id}/roles", this::roles);
    r.get(base + "/{trust_id}/roles/{role_id}", this::role);
  }

  private static Map<String, Object> target(String trustor, String trustee) {
    Map<String, Object> t = new HashMap<>();
    t.put("target.trust.trustor_user_id", trustor);
    t.put("target.trust.trustee_user_id", trustee);
    return t;
  }

  private ApiResponse create(ApiRequest req) {
    Body b = Body.root(req.json(), "trust");
    String trustor = b.requiredString("trustor_user_id", 1, 64);
    String trustee = b.requiredString("trustee_user_id", 1, 64);
    policy.enforce("identity:create_trust", req.context(), target(trustor, trustee));
    if (!b.has("impersonation")) {
      throw ApiException.badRequest("'impersonation' is a required property");
    }
    boolean impersonation = b.optionalBoolean("impersonation").orElseThrow();
    Integer uses = b.optionalLong("remaining_uses").map(TrustResource::toInt).orElse(null);
    if (uses != null && uses < 1) {
      throw ApiException.badRequest("Invalid input for field 'remaining_uses': " + uses
          + " is less than the minimum of 1.");
    }
    Integer count = b.optionalLong("redelegation_count").map(TrustResource::toInt).orElse(null);
    if (count != null && count < 0) {
      throw ApiException.badRequest("Invalid input for field 'redelegation_count': " + count
          + " is less than the minimum of 0.");
    }
    boolean allow = !b.isNull("allow_redelegation")
        && b.optionalBoolean("allow_redelegation").orElse(false);
    ObjectNode extra = b.extras(KNOWN);
    var in = new TrustService.NewTrust(trustor, trustee,
        b.nullableString("project_id", 64).orElse(null), impersonation,
        b.nullableString("expires_at", 64).orElse(null), uses, allow, count,
        ApplicationCredentialResource.roleRefs(b.raw("roles")), extra);
    Trust t = trusts.create(req.context(), in);
    return ApiResponse.created(Views.wrap("trust", view(req, t, true)));
  }

  private static int toInt(long v) {
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw ApiException.badRequest("Invalid input: " + v + " is out of range.");
    }
    return (int) v;
  }

  private ApiResponse list(ApiRequest req) {
    var trustor = req.queryParam("trustor_user_id");
    var trustee = req.queryParam("trustee_user_id");
    List<Trust> out;
    if (trustor.isPresent()) {
      policy.enforce("identity:list_trusts_for_trustor", req.context(), target(trustor.get(), null));
      trusts.refuseRestrictedToken(req.context());
      out = trusts.listForTrustor(trustor.get()).stream()
          .filter(t -> trustee.isEmpty() || trustee.get().equals(t.trusteeUserId())).toList();
    } else if (trustee.isPresent()) {
      policy.enforce("identity:list_trusts_for_trustee", req.context(), target(null, trustee.get()));
      trusts.refuseRestrictedToken(req.context());
      out = trusts.listForTrustee(trustee.get());
    } else {
      policy.enforce("identity:list_trusts", req.context());
      trusts.refuseRestrictedToken(req.context());
      out = trusts.list();
    }
    return ApiResponse.ok(Views.collection(req, "trusts", out, t -> view(req, t, false)));
  }

  /** The trust in the path, after the policy check {@code action} on it. */
  private Trust authorized(ApiRequest req, String action) {
    Trust t = trusts.get(req.param("trust_id"));
    policy.enforce(action, req.context(), target(t.trustorUserId(), t.trusteeUserId()));
    trusts.refuseRestrictedToken(req.context());
    return t;
  }

  private ApiResponse show(ApiRequest req) {
    Trust t = authorized(req, "identity:get_trust");
    return ApiResponse.ok(Views.wrap("trust", view(req, t, true)));
  }

  private ApiResponse delete(ApiRequest req) {
    Trust t = authorized(req, "identity:delete_trust");
    trusts.delete(req.context(), t.id());
    return ApiResponse.noContent();
  }

  private ApiResponse roles(ApiRequest req) {
    Trust t = authorized(req, "identity:list_roles_for_trust");
    ObjectNode body = Json.object();
    ArrayNode arr = body.putArray("roles");
    trusts.roles(t).forEach(r -> arr.add(RoleResource.view(req, r)));
    body.set("links", rolesLinks(req, t));
    return ApiResponse.ok(body);
  }

  private ApiResponse role(ApiRequest req) {
    Trust t = authorized(req, "identity:get_role_for_trust");
    String roleId = req.param("role_id");
    Role r = trusts.roles(t).stream().filter(x -> x.id().equals(roleId)).findFirst()
        .orElseThrow(() -> ApiException.notFound("Could not find role: " + roleId + "."));
    return ApiResponse.ok(Views.wrap("role", RoleResource.view(req, r)));
  }

  private static ObjectNode rolesLinks(ApiRequest req, Trust t) {
    ObjectNode links = Views.selfLink(req, "/v3/OS-TRUST/trusts/" + t.id() + "/roles");
    links.putNull("previous");
    links.putNull("next");
    return links;
  }

  /** The trust as Keystone shows it; a listing leaves the roles out. */
  private ObjectNode view(ApiRequest req, Trust t, boolean withRoles) {
    ObjectNode o = Json.object();
    o.setAll(t.extra());
    o.put("id", t.id());
    o.put("trustor_user_id", t.trustorUserId());
    o.put("trustee_user_id", t.trusteeUserId());
    o.put("project_id", t.projectId());
    o.put("impersonation", t.impersonation());
    if (t.expiresAtMicros() == null) {
      o.putNull("expires_at");
    } else {
      o.put("expires_at", ExpiryTimes.withZone(t.expiresAtMicros()));
    }
    if (t.remainingUses() == null) {
      o.putNull("remaining_uses");
    } else {
      o.put("remaining_uses", t.remainingUses());
    }
    o.put("redelegated_trust_id", t.redelegatedTrustId());
    o.put("redelegation_count", t.redelegationCount());
    if (withRoles) {
      ArrayNode roles = o.putArray("roles");
      trusts.roles(t).forEach(r -> roles.add(RoleResource.view(req, r)));
      o.set("roles_links", rolesLinks(req, t));
    }
    o.set("links", Views.selfLink(req, "/v3/OS-TRUST/trusts/" + t.id()));
    return o;
  }
}
