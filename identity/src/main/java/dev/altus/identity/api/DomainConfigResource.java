package dev.altus.identity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.service.DomainConfigService;
import java.util.Map;

/**
 * {@code /v3/domains/{id}/config[/{group}[/{option}]]} and the defaults under
 * {@code /v3/domains/config/.../default}: per-domain identity and LDAP settings.
 */
public final class DomainConfigResource implements IdentityResource {
  private final DomainConfigService configs;
  private final PolicyEngine policy;

  public DomainConfigResource(DomainConfigService configs, PolicyEngine policy) {
    this.configs = configs;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:create_domain_config", "rule:admin_required",
        "identity:get_domain_config", CatalogRequests.ADMIN_OR_SYSTEM_READER,
        "identity:update_domain_config", "rule:admin_required",
        "identity:delete_domain_config", "rule:admin_required",
        "identity:get_domain_config_default", CatalogRequests.ADMIN_OR_SYSTEM_READER);
  }

  @Override
  public void routes(Router r) {
    String base = "/v3/domains/{domain_id}/config";
    r.put(base, this::create);
    r.get(base, req -> show(req, null, null));
    r.patch(base, req -> update(req, null, null));
    r.delete(base, req -> delete(req, null, null));
    r.get(base + "/{group}", req -> show(req, req.param("group"), null));
    r.patch(base + "/{group}", req -> update(req, req.param("group"), null));
    r.delete(base + "/{group}", req -> delete(req, req.param("group"), null));
    r.get(base + "/{group}/{option}", req -> show(req, req.param("group"), req.param("option")));
    r.patch(base + "/{group}/{option}", req -> update(req, req.param("group"), req.param("option")));
    r.delete(base + "/{group}/{option}", req -> delete(req, req.param("group"), req.param("option")));
    r.get("/v3/domains/config/default", req -> defaults(req, null, null));
    r.get("/v3/domains/config/{group}/default", req -> defaults(req, req.param("group"), null));
    r.get("/v3/domains/config/{group}/{option}/default",
        req -> defaults(req, req.param("group"), req.param("option")));
  }

  /** The {@code config} member of the request body ({@code null} if absent). */
  private static JsonNode config(ApiRequest req) {
    JsonNode doc = req.json();
    if (!doc.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    return doc.get("config");
  }

  private static ApiResponse body(int status, ObjectNode config) {
    ObjectNode o = dev.altus.common.json.Json.object();
    o.set("config", config);
    return ApiResponse.json(status, o);
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_domain_config", req.context());
    DomainConfigService.Created c = configs.create(req.param("domain_id"), config(req));
    return body(c.isNew() ? 201 : 200, c.config());
  }

  private ApiResponse show(ApiRequest req, String group, String option) {
    policy.enforce("identity:get_domain_config", req.context());
    return body(200, configs.get(req.param("domain_id"), group, option));
  }

  private ApiResponse update(ApiRequest req, String group, String option) {
    policy.enforce("identity:update_domain_config", req.context());
    return body(200, configs.update(req.param("domain_id"), config(req), group, option));
  }

  private ApiResponse delete(ApiRequest req, String group, String option) {
    policy.enforce("identity:delete_domain_config", req.context());
    configs.delete(req.param("domain_id"), group, option);
    return ApiResponse.noContent();
  }

  private ApiResponse defaults(ApiRequest req, String group, String option) {
    policy.enforce("identity:get_domain_config_default", req.context());
    return body(200, configs.defaults(group, option));
  }
}
