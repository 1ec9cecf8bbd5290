package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.service.ExtraSpecRules;
import dev.altus.compute.service.FlavorService;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /flavors/{id}/os-extra_specs}: anyone who sees the flavor reads them; admins set, update
 * one key and unset. Values may be strings or numbers (stored as text); from 2.86 the keys of
 * namespaces Nova knows are checked.
 */
public final class FlavorExtraSpecResource {
  private static final Pattern KEY = Pattern.compile("^[a-zA-Z0-9-_:. ]{1,255}$");

  private final FlavorService flavors;
  private final PolicyEngine policy;

  public FlavorExtraSpecResource(FlavorService flavors, PolicyEngine policy) {
    this.flavors = flavors;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/flavors/{flavor_id}/os-extra_specs", this::index);
    r.post("/v2.1/flavors/{flavor_id}/os-extra_specs", this::create);
    r.get("/v2.1/flavors/{flavor_id}/os-extra_specs/{key}", this::show);
    r.put("/v2.1/flavors/{flavor_id}/os-extra_specs/{key}", this::update);
    r.delete("/v2.1/flavors/{flavor_id}/os-extra_specs/{key}", this::delete);
  }

  private static Map<String, Object> own(RequestContext ctx) {
    return Map.of("project_id", ctx.projectId() == null ? "" : ctx.projectId());
  }

  private ApiResponse index(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-flavor-extra-specs:index", ctx, own(ctx));
    ObjectNode body = Json.object();
    ObjectNode specs = body.putObject("extra_specs");
    new java.util.TreeMap<>(flavors.specs(ctx, req.param("flavor_id"))).forEach(specs::put);
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-flavor-extra-specs:show", ctx, own(ctx));
    String key = req.param("key");
    ObjectNode body = Json.object();
    body.put(key, flavors.spec(ctx, req.param("flavor_id"), key));
    return ApiResponse.ok(body);
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-flavor-extra-specs:create", ctx);
    ObjectNode in = NovaInput.root(req, "extra_specs");
    Map<String, String> specs = specs(in, "extra_specs", Microversion.of(req));
    flavors.putSpecs(ctx, req.param("flavor_id"), specs);
    ObjectNode body = Json.object();
    body.set("extra_specs", in);
    return ApiResponse.ok(body);
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-flavor-extra-specs:update", ctx);
    ObjectNode in = NovaInput.body(req);
    if (in.size() != 1) {
      throw NovaInput.invalid("body", in, in.isEmpty() ? "{} does not have enough properties"
          : Json.text(in) + " has too many properties");
    }
    Map<String, String> specs = specs(in, "body", Microversion.of(req));
    if (!specs.containsKey(req.param("key"))) {
      throw ApiException.badRequest("Request body and URI mismatch");
    }
    flavors.putSpecs(ctx, req.param("flavor_id"), specs);
    return ApiResponse.ok(in);
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-flavor-extra-specs:delete", ctx);
    flavors.deleteSpec(ctx, req.param("flavor_id"), req.param("key"));
    return ApiResponse.empty(200);
  }

  /** Checks keys and values as Nova's metadata schema does; numbers become their text. */
  private static Map<String, String> specs(ObjectNode in, String where, Microversion v) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
      var e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (!KEY.matcher(key).matches()) {
        throw NovaInput.invalid(where, in, "Additional properties are not allowed ('" + key
            + "' was unexpected)");
      }
      String text;
      if (value.isTextual()) {
        text = value.asText();
      } else if (value.isNumber()) {
        text = value.asText();
      } else {
        throw NovaInput.invalid(where + "/" + key, value, Json.text(value)
            + " is not of type 'string', 'number'");
      }
      if (text.length() > 255) {
        throw NovaInput.invalid(where + "/" + key, value, "'" + text + "' is too long");
      }
      if (v.atLeast(86)) {
        ExtraSpecRules.check(key, text);
      }
      out.put(key, text);
    }
    return out;
  }
}
