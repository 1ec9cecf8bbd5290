package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.model.VolumeType;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.TypeService;
import java.util.Map;

/**
 * {@code /v3/{project_id}/types}: volume types (admins create, update and delete them), their
 * extra specs and, for private types, the projects that may use them.
 */
public final class TypeResource {
  private static final String P = VolumeResource.P + "/types";
  private final TypeService types;
  private final Access access;
  private final VolumeViews views;

  public TypeResource(TypeService types, Access access, VolumeViews views) {
    this.types = types;
    this.access = access;
    this.views = views;
  }

  public void routes(Router r) {
    r.get(P, this::list);
    r.post(P, this::create);
    r.get(P + "/{id}", this::show);
    r.put(P + "/{id}", this::update);
    r.delete(P + "/{id}", this::delete);
    r.get(P + "/{id}/extra_specs", this::specs);
    r.post(P + "/{id}/extra_specs", this::setSpecs);
    r.get(P + "/{id}/extra_specs/{key}", this::spec);
    r.put(P + "/{id}/extra_specs/{key}", this::setSpec);
    r.delete(P + "/{id}/extra_specs/{key}", this::deleteSpec);
    r.get(P + "/{id}/os-volume-type-access", this::accessList);
    r.post(P + "/{id}/action", this::action);
  }

  private boolean admin(RequestContext ctx) {
    return access.allowed("volume_extension:access_types_extra_specs", ctx,
        Access.projectOf(ctx));
  }

  private ApiResponse one(RequestContext ctx, VolumeType t) {
    ObjectNode out = Json.object();
    out.set("volume_type", views.type(t, admin(ctx)));
    return ApiResponse.ok(out);
  }

  private VolumeType find(ApiRequest req) {
    RequestContext ctx = req.context();
    String id = req.param("id");
    return id.equals("default") ? types.defaultType() : types.find(ctx, id);
  }

  private ApiResponse list(ApiRequest req) {
    RequestContext ctx = req.context();
    access.enforce("volume_extension:type_get_all", ctx);
    Boolean isPublic = req.queryParam("is_public").map(s -> s.equalsIgnoreCase("none") ? null
        : CinderInput.bool(com.fasterxml.jackson.databind.node.TextNode.valueOf(s),
            "is_public")).orElse(ctx.isAdmin() ? null : true);
    ObjectNode out = Json.object();
    var arr = out.putArray("volume_types");
    types.list(ctx, isPublic).forEach(t -> arr.add(views.type(t, admin(ctx))));
    return ApiResponse.ok(out);
  }

  private ApiResponse show(ApiRequest req) {
    access.enforce("volume_extension:type_get", req.context());
    return one(req.context(), find(req));
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    access.enforce("volume_extension:type_create", ctx);
    JsonNode body = req.json().path("volume_type");
    if (!body.isObject()) {
      throw ApiException.badRequest("Missing required element 'volume_type' in request body.");
    }
    String name = CinderInput.text(body.get("name"), "name", 255);
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("Volume type name can not be empty.");
    }
    boolean isPublic = !body.has("os-volume-type-access:is_public")
        || CinderInput.bool(body.get("os-volume-type-access:is_public"), "is_public");
    Map<String, String> specs = CinderInput.metadata(body.get("extra_specs"), "extra_specs");
    VolumeType t = types.create(name.strip(), CinderInput.text(body.get("description"),
        "description", 255), isPublic, specs == null ? Map.of() : specs);
    return one(ctx, t);
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    access.enforce("volume_extension:type_update", ctx);
    JsonNode body = req.json().path("volume_type");
    if (!body.isObject()) {
      throw ApiException.badRequest("Missing required element 'volume_type' in request body.");
    }
    String name = CinderInput.text(body.get("name"), "name", 255);
    String description = CinderInput.text(body.get("description"), "description", 255);
    Boolean isPublic = body.has("is_public") ? CinderInput.bool(body.get("is_public"),
        "is_public") : null;
    if (name == null && description == null && isPublic == null) {
      throw ApiException.badRequest("Specify volume type name, description, is_public or a"
          + " combination thereof.");
    }
    if (name != null && name.isBlank()) {
      throw ApiException.badRequest("Volume type name can not be empty.");
    }
    ObjectNode out = Json.object();
    out.set("volume_type", views.type(types.update(find(req), name, description, isPublic),
        admin(ctx), false));
    return ApiResponse.ok(out);
  }

  private ApiResponse delete(ApiRequest req) {
    access.enforce("volume_extension:type_delete", req.context());
    types.delete(find(req));
    return ApiResponse.empty(202);
  }

  private ApiResponse specs(ApiRequest req) {
    access.enforce("volume_extension:types_extra_specs:index", req.context());
    ObjectNode out = Json.object();
    out.set("extra_specs", VolumeViews.specs(find(req).extraSpecs()));
    return ApiResponse.ok(out);
  }

  private ApiResponse setSpecs(ApiRequest req) {
    access.enforce("volume_extension:types_extra_specs:create", req.context());
    Map<String, String> m = CinderInput.metadata(req.json().get("extra_specs"), "extra_specs");
    if (m == null) {
      throw ApiException.badRequest("Missing required element 'extra_specs' in request body.");
    }
    types.setSpecs(find(req), m);
    ObjectNode out = Json.object();
    out.set("extra_specs", VolumeViews.specs(m));
    return ApiResponse.ok(out);
  }

  private ApiResponse spec(ApiRequest req) {
    access.enforce("volume_extension:types_extra_specs:show", req.context());
    VolumeType t = find(req);
    String key = req.param("key");
    if (!t.extraSpecs().containsKey(key)) {
      throw ApiException.notFound("Volume Type " + t.id() + " has no extra specs with key "
          + key + ".");
    }
    ObjectNode out = Json.object();
    out.put(key, t.extraSpecs().get(key));
    return ApiResponse.ok(out);
  }

  private ApiResponse setSpec(ApiRequest req) {
    access.enforce("volume_extension:types_extra_specs:update", req.context());
    Map<String, String> m = CinderInput.metadata(req.json(), "extra_specs");
    String key = req.param("key");
    if (m == null || m.size() != 1) {
      throw ApiException.badRequest("Request body contains too many items.");
    }
    if (!m.containsKey(key)) {
      throw ApiException.badRequest("Request body and URI mismatch");
    }
    types.setSpecs(find(req), m);
    ObjectNode out = Json.object();
    out.put(key, m.get(key));
    return ApiResponse.ok(out);
  }

  private ApiResponse deleteSpec(ApiRequest req) {
    access.enforce("volume_extension:types_extra_specs:delete", req.context());
    types.deleteSpec(find(req), req.param("key"));
    return ApiResponse.empty(202);
  }

  private ApiResponse accessList(ApiRequest req) {
    access.enforce("volume_extension:volume_type_access:get_all_for_type", req.context());
    VolumeType t = find(req);
    ObjectNode out = Json.object();
    var arr = out.putArray("volume_type_access");
    for (String p : types.access(t)) {
      arr.addObject().put("volume_type_id", t.id()).put("project_id", p);
    }
    return ApiResponse.ok(out);
  }

  private ApiResponse action(ApiRequest req) {
    RequestContext ctx = req.context();
    JsonNode doc = req.json();
    if (!doc.isObject() || doc.size() != 1) {
      throw ApiException.badRequest("Malformed request body: exactly one action is expected.");
    }
    String name = doc.fieldNames().next();
    String project = CinderInput.text(doc.get(name).get("project"), "project", 255);
    if (project == null) {
      throw ApiException.badRequest("Missing required element 'project' in request body.");
    }
    switch (name) {
      case "addProjectAccess" -> {
        access.enforce("volume_extension:volume_type_access:addProjectAccess", ctx);
        types.addAccess(find(req), project);
      }
      case "removeProjectAccess" -> {
        access.enforce("volume_extension:volume_type_access:removeProjectAccess", ctx);
        types.removeAccess(find(req), project);
      }
      default -> throw ApiException.badRequest("There is no such action: " + name);
    }
    return ApiResponse.empty(202);
  }
}
