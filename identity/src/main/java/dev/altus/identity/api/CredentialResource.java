package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Credential;
import dev.altus.identity.service.CredentialService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /v3/credentials}. */
public final class CredentialResource implements IdentityResource {
  private static final Set<String> KNOWN = Set.of("user_id", "project_id", "type", "blob", "id", "links");
  private static final int BLOB_MAX = 65535;
  private final CredentialService creds;
  private final PolicyEngine policy;

  public CredentialResource(CredentialService creds, PolicyEngine policy) {
    this.creds = creds;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    String readers = "(rule:admin_required) or (role:reader and system_scope:all) or"
        + " user_id:%(target.credential.user_id)s";
    String owner = "(rule:admin_required) or user_id:%(target.credential.user_id)s";
    return Map.of(
        "identity:get_credential", readers,
        "identity:list_credentials", readers,
        "identity:create_credential", owner,
        "identity:update_credential", owner,
        "identity:delete_credential", owner);
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/credentials", this::create);
    r.get("/v3/credentials", this::list);
    r.get("/v3/credentials/{credential_id}", this::show);
    r.patch("/v3/credentials/{credential_id}", this::update);
    r.delete("/v3/credentials/{credential_id}", this::delete);
  }

  static Map<String, Object> target(String userId, String projectId) {
    Map<String, Object> t = new HashMap<>();
    if (userId != null) {
      t.put("target.credential.user_id", userId);
    }
    if (projectId != null) {
      t.put("target.credential.project_id", projectId);
    }
    return t;
  }

  private static Map<String, Object> target(Credential c) {
    return target(c.userId(), c.projectId());
  }

  /**
   * A token obtained through a trust or an application credential only reaches the credentials of
   * the project it is scoped to.
   */
  static boolean delegationAllows(RequestContext ctx, String credentialProjectId) {
    boolean delegated = ctx.trustId() != null || ctx.appCredentialId() != null;
    return !delegated || Objects.equals(ctx.projectId(), credentialProjectId);
  }

  private static void checkDelegation(RequestContext ctx, String credentialProjectId) {
    if (!delegationAllows(ctx, credentialProjectId)) {
      throw ApiException.forbidden("You are not authorized to perform the requested action: the"
          + " credential's project does not match the project scope of the delegated token.");
    }
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    Body b = Body.root(req.json(), "credential");
    String userId = b.requiredString("user_id", 1, 64);
    String projectId = b.nullableString("project_id", 64).orElse(null);
    policy.enforce("identity:create_credential", ctx, target(userId, projectId));
    String type = b.requiredString("type", 1, 255);
    String blob = b.requiredString("blob", 0, BLOB_MAX);
    checkDelegation(ctx, projectId);
    Credential c = creds.create(userId, projectId, type, blob, b.extras(KNOWN), ctx.trustId(),
        ctx.appCredentialId());
    return ApiResponse.created(Views.wrap("credential", view(req, c)));
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("identity:list_credentials", ctx, ctx.system() ? Map.of() : target(ctx.userId(), null));
    Predicate<String> type = ListFilters.text(req, "type");
    List<Credential> out = creds.list(req.queryParam("user_id").orElse(null), null).stream()
        .filter(c -> type.test(c.type()))
        .filter(c -> policy.allowed("identity:get_credential", ctx, target(c)))
        .filter(c -> delegationAllows(ctx, c.projectId()))
        .toList();
    return ApiResponse.ok(Views.collection(req, "credentials", out, c -> view(req, c)));
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    Credential c = creds.get(req.param("credential_id"));
    policy.enforce("identity:get_credential", ctx, target(c));
    checkDelegation(ctx, c.projectId());
    return ApiResponse.ok(Views.wrap("credential", view(req, c)));
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    Credential before = creds.get(req.param("credential_id"));
    policy.enforce("identity:update_credential", ctx, target(before));
    checkDelegation(ctx, before.projectId());
    Body b = Body.root(req.json(), "credential");
    Fields.notEmpty(b, "credential");
    if (b.has("id") && !before.id().equals(b.raw("id").asText())) {
      throw ApiException.badRequest("Cannot change credential ID");
    }
    String userId = b.optionalString("user_id", 1, 64).orElse(before.userId());
    String projectId = b.has("project_id") ? b.nullableString("project_id", 64).orElse(null)
        : before.projectId();
    String type = b.optionalString("type", 1, 255).orElse(before.type());
    String blob = b.optionalString("blob", 0, BLOB_MAX).orElse(before.blob());
    // The new owner and project must be allowed too: a user cannot give a credential away.
    policy.enforce("identity:update_credential", ctx, target(userId, projectId));
    checkDelegation(ctx, projectId);
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    Credential after = creds.update(before,
        new Credential(before.id(), userId, projectId, type, blob, extra));
    return ApiResponse.ok(Views.wrap("credential", view(req, after)));
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    Credential c = creds.get(req.param("credential_id"));
    policy.enforce("identity:delete_credential", ctx, target(c));
    checkDelegation(ctx, c.projectId());
    creds.delete(c.id());
    return ApiResponse.noContent();
  }

  /** The credential as Keystone shows it: the blob is a string, whatever it holds. */
  public static ObjectNode view(ApiRequest req, Credential c) {
    ObjectNode o = Json.object();
    o.setAll(c.extra());
    o.put("id", c.id());
    o.put("user_id", c.userId());
    o.put("project_id", c.projectId());
    o.put("type", c.type());
    o.put("blob", c.blob());
    o.set("links", Views.selfLink(req, "/v3/credentials/" + c.id()));
    return o;
  }
}
