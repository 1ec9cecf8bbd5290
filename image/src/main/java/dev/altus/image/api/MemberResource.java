package dev.altus.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.image.service.MemberService;

/** {@code /v2/images/{id}/members}: sharing an image with other projects. */
public final class MemberResource {
  private final MemberService members;
  private final PolicyEngine policy;

  public MemberResource(MemberService members, PolicyEngine policy) {
    this.members = members;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.post("/v2/images/{id}/members", this::add);
    r.get("/v2/images/{id}/members", this::list);
    r.get("/v2/images/{id}/members/{member}", this::show);
    r.put("/v2/images/{id}/members/{member}", this::update);
    r.delete("/v2/images/{id}/members/{member}", this::remove);
  }

  private static String field(JsonNode body, String name) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    JsonNode v = body.get(name);
    if (v == null || !v.isTextual()) {
      throw ApiException.badRequest("'" + name + "' is required and must be a string.");
    }
    return v.asText();
  }

  private ApiResponse add(ApiRequest req) {
    policy.enforce("add_member", req.context());
    String member = field(req.json(), "member");
    return ApiResponse.ok(ImageViews.member(members.add(req.context(), req.param("id"), member)));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("get_members", req.context());
    ObjectNode body = Json.object();
    var arr = body.putArray("members");
    members.list(req.context(), req.param("id")).forEach(m -> arr.add(ImageViews.member(m)));
    body.put("schema", "/v2/schemas/members");
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("get_member", req.context());
    return ApiResponse.ok(ImageViews.member(
        members.show(req.context(), req.param("id"), req.param("member"))));
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("modify_member", req.context());
    String status = field(req.json(), "status");
    return ApiResponse.ok(ImageViews.member(
        members.setStatus(req.context(), req.param("id"), req.param("member"), status)));
  }

  private ApiResponse remove(ApiRequest req) {
    policy.enforce("delete_member", req.context());
    members.remove(req.context(), req.param("id"), req.param("member"));
    return ApiResponse.noContent();
  }
}
