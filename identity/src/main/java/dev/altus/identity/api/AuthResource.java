package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Project;
import dev.altus.identity.service.AssignmentService;
import dev.altus.identity.service.AuthService;
import dev.altus.identity.service.TokenRenderer;
import dev.altus.identity.service.TokenService;
import dev.altus.identity.token.TokenPayload;
import java.util.List;
import java.util.Map;

/** {@code /v3/auth/*}: issue, validate, check and revoke tokens; the caller's catalog and scopes. */
public final class AuthResource implements IdentityResource {
  private final AuthService auth;
  private final TokenService tokens;
  private final TokenRenderer renderer;
  private final AssignmentService assignments;
  private final PolicyEngine policy;

  public AuthResource(AuthService auth, TokenService tokens, TokenRenderer renderer,
      AssignmentService assignments, PolicyEngine policy) {
    this.auth = auth;
    this.tokens = tokens;
    this.renderer = renderer;
    this.assignments = assignments;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:validate_token", "rule:service_admin_or_token_subject or rule:system_reader",
        "identity:check_token", "rule:admin_or_token_subject or rule:system_reader",
        "identity:revoke_token", "rule:admin_or_token_subject",
        "identity:get_auth_catalog", "",
        "identity:get_auth_projects", "",
        "identity:get_auth_domains", "",
        "identity:get_auth_system", "");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/auth/tokens", this::issue).markPublic("POST", "/v3/auth/tokens");
    r.add("GET", "/v3/auth/tokens", this::validate);
    r.head("/v3/auth/tokens", this::check);
    r.delete("/v3/auth/tokens", this::revoke);
    r.get("/v3/auth/catalog", this::catalog);
    r.get("/v3/auth/projects", this::projects);
    r.get("/v3/auth/domains", this::domains);
    r.get("/v3/auth/system", this::system);
  }

  private ApiResponse issue(ApiRequest req) {
    TokenPayload p = auth.authenticate(req.json());
    String token = tokens.issue(p);
    TokenService.Validated v;
    try {
      v = tokens.validate(token);
    } catch (ApiException e) {
      throw ApiException.unauthorized("The token could not be issued: " + e.getMessage());
    }
    ObjectNode body = renderer.render(v, !req.queryFlag("nocatalog"));
    return ApiResponse.created(body).header("X-Subject-Token", token);
  }

  private TokenService.Validated subject(ApiRequest req, String action) {
    var ctx = req.context();
    String subject = req.header("X-Subject-Token")
        .orElseThrow(() -> ApiException.badRequest("The X-Subject-Token header is required."));
    TokenService.Validated v = tokens.validate(subject);
    policy.enforce(action, ctx, Map.of("target.token.user_id", v.payload().userId()));
    return v;
  }

  private ApiResponse validate(ApiRequest req) {
    TokenService.Validated v = subject(req, "identity:validate_token");
    return ApiResponse.ok(renderer.render(v, !req.queryFlag("nocatalog")))
        .header("X-Subject-Token", v.context().token());
  }

  private ApiResponse check(ApiRequest req) {
    TokenService.Validated v = subject(req, "identity:check_token");
    return ApiResponse.empty(200).header("X-Subject-Token", v.context().token());
  }

  private ApiResponse revoke(ApiRequest req) {
    TokenService.Validated v = subject(req, "identity:revoke_token");
    tokens.revokeToken(v.payload());
    return ApiResponse.noContent();
  }

  private ApiResponse catalog(ApiRequest req) {
    var ctx = req.context();
    if (!ctx.projectScoped() && ctx.domainId() == null && !ctx.system()) {
      throw ApiException.forbidden("The service catalog needs a scoped token; this one is unscoped.");
    }
    ObjectNode body = Json.object();
    body.set("catalog", renderer.catalog(ctx.projectId()));
    body.set("links", Views.selfLink(req, "/v3/auth/catalog"));
    return ApiResponse.ok(body);
  }

  private ApiResponse projects(ApiRequest req) {
    var ctx = req.context();
    List<Project> ps = assignments.projectsOf(ctx.userId()).stream()
        .filter(Project::enabled).toList();
    return ApiResponse.ok(Views.collection(req, "projects", ps, p -> ProjectResource.view(req, p)));
  }

  private ApiResponse domains(ApiRequest req) {
    var ctx = req.context();
    List<Project> ds = assignments.domainsOf(ctx.userId()).stream()
        .filter(Project::enabled).toList();
    return ApiResponse.ok(Views.collection(req, "domains", ds, d -> DomainResource.view(req, d)));
  }

  private ApiResponse system(ApiRequest req) {
    var ctx = req.context();
    ObjectNode body = Json.object();
    ArrayNode sys = body.putArray("system");
    if (!assignments.rolesOnSystem(ctx.userId()).isEmpty()) {
      sys.addObject().put("all", true);
    }
    body.set("links", Views.selfLink(req, "/v3/auth/system"));
    return ApiResponse.ok(body);
  }
}
