package dev.altus.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Credential;
import dev.altus.identity.service.CredentialService;
import java.util.Map;

/**
 * {@code /v3/users/{user_id}/credentials/OS-EC2}: EC2-style key pairs, kept as credentials of type
 * ec2 and addressed by their access key.
 */
public final class Ec2CredentialResource implements IdentityResource {
  private static final String BASE = "/v3/users/{user_id}/credentials/OS-EC2";
  private final CredentialService creds;
  private final PolicyEngine policy;

  public Ec2CredentialResource(CredentialService creds, PolicyEngine policy) {
    this.creds = creds;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    String memberOwner = "(rule:admin_required) or (role:member and user_id:%(target.credential.user_id)s)";
    return Map.of(
        "identity:ec2_get_credential", "(rule:admin_required) or (role:reader and system_scope:all)"
            + " or user_id:%(target.credential.user_id)s",
        "identity:ec2_list_credentials", "(rule:admin_required) or (role:reader and system_scope:all)"
            + " or rule:owner",
        "identity:ec2_create_credential", memberOwner,
        "identity:ec2_delete_credential", memberOwner);
  }

  @Override
  public void routes(Router r) {
    r.post(BASE, this::create);
    r.get(BASE, this::list);
    r.get(BASE + "/{access}", this::show);
    r.delete(BASE + "/{access}", this::delete);
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    String userId = req.param("user_id");
    policy.enforce("identity:ec2_create_credential", ctx,
        Map.of("user_id", userId, "target.credential.user_id", userId));
    JsonNode doc = req.json();
    if (!doc.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    JsonNode tenant = doc.get("tenant_id");
    if (tenant == null || tenant.isNull()) {
      throw ApiException.badRequest("'tenant_id' is a required property");
    }
    if (!tenant.isTextual() || tenant.asText().isEmpty() || tenant.asText().length() > 64) {
      throw ApiException.badRequest("Invalid input for field 'tenant_id': expected a project id.");
    }
    if (!CredentialResource.delegationAllows(ctx, tenant.asText())) {
      throw ApiException.forbidden("You are not authorized to perform the requested action: the"
          + " project does not match the project scope of the delegated token.");
    }
    Credential c = creds.createEc2(userId, tenant.asText(), ctx.trustId(), ctx.appCredentialId());
    return ApiResponse.created(Views.wrap("credential", view(req, c)));
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = req.context();
    String userId = req.param("user_id");
    policy.enforce("identity:ec2_list_credentials", ctx,
        Map.of("user_id", userId, "target.user.id", userId));
    return ApiResponse.ok(Views.collection(req, "credentials", creds.listEc2(userId),
        c -> view(req, c)));
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    Credential c = creds.findEc2(req.param("user_id"), req.param("access"));
    policy.enforce("identity:ec2_get_credential", ctx,
        Map.of("user_id", c.userId(), "target.credential.user_id", c.userId()));
    return ApiResponse.ok(Views.wrap("credential", view(req, c)));
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    Credential c = creds.findEc2(req.param("user_id"), req.param("access"));
    policy.enforce("identity:ec2_delete_credential", ctx,
        Map.of("user_id", c.userId(), "target.credential.user_id", c.userId()));
    creds.delete(c.id());
    return ApiResponse.noContent();
  }

  /** The key pair as the OS-EC2 API shows it. */
  static ObjectNode view(ApiRequest req, Credential c) {
    JsonNode blob = CredentialService.blobObject(c);
    ObjectNode o = Json.object();
    o.put("user_id", c.userId());
    o.put("tenant_id", c.projectId());
    o.put("access", text(blob.get("access")));
    o.put("secret", text(blob.get("secret")));
    o.put("trust_id", text(blob.get("trust_id")));
    o.set("links", Views.selfLink(req, "/v3/users/" + c.userId() + "/credentials/OS-EC2/"
        + text(blob.get("access"))));
    return o;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
