package dev.altus.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.AccessRule;
import dev.altus.identity.model.ApplicationCredential;
import dev.altus.identity.model.Role;
import dev.altus.identity.service.ApplicationCredentialService;
import dev.altus.identity.service.ExpiryTimes;
import dev.altus.identity.service.RoleRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v3/users/{user_id}/application_credentials}: a user's application credentials. */
public final class ApplicationCredentialResource implements IdentityResource {
  private static final Set<String> FIELDS = Set.of("id", "name", "secret", "description",
      "expires_at", "project_id", "roles", "unrestricted", "access_rules", "system");
  private static final String ADMIN_READER_OR_OWNER =
      "rule:admin_required or (role:reader and system_scope:all) or rule:owner";
  private final ApplicationCredentialService creds;
  private final PolicyEngine policy;

  public ApplicationCredentialResource(ApplicationCredentialService creds, PolicyEngine policy) {
    this.creds = creds;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:create_application_credential", "rule:owner",
        "identity:get_application_credential", ADMIN_READER_OR_OWNER,
        "identity:list_application_credentials", ADMIN_READER_OR_OWNER,
        "identity:delete_application_credential", "rule:admin_or_owner");
  }

  @Override
  public void routes(Router r) {
    String base = "/v3/users/{user_id}/application_credentials";
    r.post(base, this::create);
    r.get(base, this::list);
    r.get(base + "/{application_credential_id}", this::show);
    r.delete(base + "/{application_credential_id}", this::delete);
  }

  private ApiResponse create(ApiRequest req) {
    String userId = req.param("user_id");
    policy.enforce("identity:create_application_credential", req.context(),
        Map.of("user_id", userId));
    Body b = Body.root(req.json(), "application_credential").onlyFields(FIELDS);
    String name = b.requiredString("name", 1, 255);
    if (name.isBlank()) {
      throw ApiException.badRequest("Invalid input for field 'name': the name must not be blank.");
    }
    b.nullableString("system", 64);
    b.optionalString("id", 0, 64);
    b.nullableString("project_id", 64);
    var in = new ApplicationCredentialService.NewCredential(name,
        b.nullableString("secret", 4096).orElse(null),
        b.nullableString("description", 65535).orElse(null),
        b.nullableString("expires_at", 64).orElse(null),
        roleRefs(b.raw("roles")),
        nullableBoolean(b, "unrestricted"),
        accessRules(b.raw("access_rules")));
    var created = creds.create(req.context(), userId, in);
    ObjectNode view = view(req, created.credential());
    view.put("secret", created.secret());
    return ApiResponse.created(Views.wrap("application_credential", view));
  }

  private ApiResponse list(ApiRequest req) {
    String userId = req.param("user_id");
    policy.enforce("identity:list_application_credentials", req.context(),
        Map.of("user_id", userId));
    creds.refuseTrustToken(req.context());
    List<ApplicationCredential> out = creds.list(userId, req.queryParam("name"));
    return ApiResponse.ok(Views.collection(req, "application_credentials", out, c -> view(req, c)));
  }

  private ApiResponse show(ApiRequest req) {
    ApplicationCredential c = owned(req, "identity:get_application_credential");
    creds.refuseTrustToken(req.context());
    return ApiResponse.ok(Views.wrap("application_credential", view(req, c)));
  }

  private ApiResponse delete(ApiRequest req) {
    ApplicationCredential c = owned(req, "identity:delete_application_credential");
    creds.delete(req.context(), c.userId(), c.id());
    return ApiResponse.noContent();
  }

  /** The credential named in the path; policy sees its real owner, not the path's user. */
  private ApplicationCredential owned(ApiRequest req, String action) {
    String userId = req.param("user_id");
    String id = req.param("application_credential_id");
    ApplicationCredential c;
    try {
      c = creds.getFor(userId, id);
    } catch (ApiException e) {
      policy.enforce(action, req.context(), Map.of("user_id", userId));
      throw e;
    }
    policy.enforce(action, req.context(), Map.of("user_id", c.userId()));
    return c;
  }

  private static boolean nullableBoolean(Body b, String field) {
    if (b.isNull(field)) {
      return false;
    }
    return b.optionalBoolean(field).orElse(false);
  }

  /** {@code [{"id": ...} | {"name": ...}]}: each item names exactly one of them. */
  static List<RoleRef> roleRefs(JsonNode node) {
    List<RoleRef> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw ApiException.badRequest("Invalid input for field 'roles': expected a list.");
    }
    for (JsonNode item : node) {
      Body r = Body.of(item, "roles").onlyFields(Set.of("id", "name"));
      if (r.node().size() != 1) {
        throw ApiException.badRequest(
            "Invalid input for field 'roles': each role needs exactly one of 'id' or 'name'.");
      }
      var id = r.optionalString("id", 1, 64);
      if (id.isPresent() && !id.get().matches("[a-zA-Z0-9-]+")) {
        throw ApiException.badRequest("Invalid input for field 'roles': '" + id.get()
            + "' is not a valid role id.");
      }
      var name = r.optionalString("name", 1, 255);
      if (name.isPresent() && name.get().isBlank()) {
        throw ApiException.badRequest("Invalid input for field 'roles': a role name must not be blank.");
      }
      out.add(new RoleRef(id.orElse(null), name.orElse(null)));
    }
    return out;
  }

  private static final Set<String> METHODS = Set.of("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT");

  /** {@code [{"service", "path", "method"[, "id"]}]} as Keystone validates them. */
  private static List<AccessRule> accessRules(JsonNode node) {
    List<AccessRule> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw ApiException.badRequest("Invalid input for field 'access_rules': expected a list.");
    }
    for (JsonNode item : node) {
      Body r = Body.of(item, "access_rules");
      String id = r.optionalString("id", 1, 64).orElse(null);
      if (id != null && !id.matches("[a-zA-Z0-9-]+")) {
        throw ApiException.badRequest("Invalid input for field 'access_rules': '" + id
            + "' is not a valid id.");
      }
      String service = r.requiredString("service", 1, 64);
      if (!service.matches("[a-zA-Z0-9-]+")) {
        throw ApiException.badRequest("Invalid input for field 'service': '" + service
            + "' is not a service type.");
      }
      String path = r.requiredString("path", 0, 225);
      if (!path.startsWith("/")) {
        throw ApiException.badRequest("Invalid input for field 'path': '" + path
            + "' does not start with '/'.");
      }
      String method = r.requiredString("method", 1, 16);
      if (!METHODS.contains(method)) {
        throw ApiException.badRequest("Invalid input for field 'method': '" + method
            + "' is not one of " + METHODS + ".");
      }
      out.add(new AccessRule(id, null, service, path, method));
    }
    return out;
  }

  ObjectNode view(ApiRequest req, ApplicationCredential c) {
    ObjectNode o = Json.object();
    o.put("id", c.id());
    o.put("name", c.name());
    o.put("description", c.description());
    o.put("user_id", c.userId());
    o.put("project_id", c.projectId());
    o.putNull("system");
    if (c.expiresAtMicros() == null) {
      o.putNull("expires_at");
    } else {
      o.put("expires_at", ExpiryTimes.naive(c.expiresAtMicros()));
    }
    o.put("unrestricted", c.unrestricted());
    ArrayNode roles = o.putArray("roles");
    for (Role r : creds.roles(c)) {
      ObjectNode ro = roles.addObject();
      ro.put("id", r.id());
      ro.put("name", r.name());
      ro.put("domain_id", r.domainId());
      ro.put("description", r.description());
      ro.set("options", r.options());
    }
    if (!c.accessRules().isEmpty()) {
      ArrayNode rules = o.putArray("access_rules");
      c.accessRules().forEach(r -> rules.add(AccessRuleResource.fields(r)));
    }
    o.set("links", Views.selfLink(req,
        "/v3/users/" + c.userId() + "/application_credentials/" + c.id()));
    return o;
  }
}
