package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Paging;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.model.Attachment;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.AttachmentService;
import java.util.List;
import java.util.Map;

/**
 * {@code /v3/{project_id}/attachments} (3.27+): create, list (summary and detail), show, update
 * with a connector, delete, and the {@code os-complete} action (3.44+).
 */
public final class AttachmentResource {
  private static final String A = VolumeResource.P + "/attachments";
  private final AttachmentService attachments;
  private final Access access;
  private final int maxLimit;

  public AttachmentResource(AttachmentService attachments, Access access, int maxLimit) {
    this.attachments = attachments;
    this.access = access;
    this.maxLimit = maxLimit;
  }

  public void routes(Router r) {
    r.post(A, this::create);
    r.get(A, req -> list(req, false));
    r.get(A + "/detail", req -> list(req, true));
    r.get(A + "/{id}", this::show);
    r.put(A + "/{id}", this::update);
    r.delete(A + "/{id}", this::delete);
    r.post(A + "/{id}/action", this::action);
  }

  private static VolumeMicroversion since(ApiRequest req, int minor) {
    VolumeMicroversion mv = VolumeMicroversion.of(req);
    if (!mv.atLeast(minor)) {
      throw ApiException.notFound("The resource could not be found (it needs microversion 3."
          + minor + " or later).");
    }
    return mv;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> connector(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute connector. Value: " + n
          + ". " + n + " is not of type 'object', 'null'");
    }
    return Json.MAPPER.convertValue(n, Map.class);
  }

  private static JsonNode body(ApiRequest req) {
    JsonNode b = req.json().path("attachment");
    if (!b.isObject()) {
      throw ApiException.badRequest("Missing required element 'attachment' in request body.");
    }
    return b;
  }

  private ApiResponse create(ApiRequest req) {
    VolumeMicroversion mv = since(req, 27);
    RequestContext ctx = req.context();
    access.enforce("volume:attachment_create", ctx);
    JsonNode b = body(req);
    String volumeId = CinderInput.text(b.get("volume_uuid"), "volume_uuid", 36);
    if (volumeId == null) {
      throw ApiException.badRequest("Invalid input for field/attribute volume_uuid."
          + " 'volume_uuid' is a required property");
    }
    String mode = null;
    if (b.hasNonNull("mode")) {
      if (!mv.atLeast(54)) {
        throw ApiException.badRequest("Invalid input received: mode needs microversion 3.54 or"
            + " later.");
      }
      mode = CinderInput.text(b.get("mode"), "mode", 2);
    }
    Attachment a = attachments.create(ctx, volumeId,
        CinderInput.text(b.get("instance_uuid"), "instance_uuid", 36),
        connector(b.get("connector")), mode);
    return ApiResponse.ok(one(ctx, a));
  }

  private ObjectNode one(RequestContext ctx, Attachment a) {
    ObjectNode out = Json.object();
    out.set("attachment", detail(ctx, a));
    return out;
  }

  private static ObjectNode summary(Attachment a) {
    ObjectNode o = Json.object();
    o.put("id", a.id());
    o.put("status", a.status());
    o.put("instance", a.serverId());
    o.put("volume_id", a.volumeId());
    return o;
  }

  private ObjectNode detail(RequestContext ctx, Attachment a) {
    ObjectNode o = summary(a);
    o.put("attached_at", a.attachedAt() == 0 ? null : CinderTimes.format(a.attachedAt()));
    o.putNull("detached_at");
    o.put("attach_mode", a.mode());
    Map<String, Object> info = attachments.connectionInfo(ctx, a);
    if (info == null) {
      o.putNull("connection_info");
    } else {
      o.set("connection_info", Json.MAPPER.valueToTree(info));
    }
    return o;
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    since(req, 27);
    RequestContext ctx = req.context();
    access.enforce("volume:get_all", ctx);
    boolean all = req.queryFlag("all_tenants")
        && access.allowed("volume:get_all_for_all_tenants", ctx, Access.projectOf(ctx));
    var volumeId = req.queryParam("volume_id");
    var instance = req.queryParam("instance_id");
    var status = req.queryParam("status");
    List<Attachment> found = attachments.list(ctx, all).stream()
        .filter(a -> volumeId.isEmpty() || volumeId.get().equals(a.volumeId()))
        .filter(a -> instance.isEmpty() || instance.get().equals(a.serverId()))
        .filter(a -> status.isEmpty() || status.get().equals(a.status()))
        .toList();
    Paging.Page<Attachment> page = Paging.page(found, Attachment::id, req, maxLimit);
    ObjectNode out = Json.object();
    var arr = out.putArray("attachments");
    for (Attachment a : page.items()) {
      arr.add(detail ? detail(ctx, a) : summary(a));
    }
    return ApiResponse.ok(out);
  }

  private ApiResponse show(ApiRequest req) {
    since(req, 27);
    RequestContext ctx = req.context();
    var f = attachments.get(ctx, req.param("id"));
    access.enforceOn("volume:get", ctx, f.volume().projectId());
    return ApiResponse.ok(one(ctx, f.attachment()));
  }

  private ApiResponse update(ApiRequest req) {
    since(req, 27);
    RequestContext ctx = req.context();
    var f = attachments.get(ctx, req.param("id"));
    access.enforceOn("volume:attachment_update", ctx, f.volume().projectId());
    Map<String, Object> c = connector(body(req).get("connector"));
    return ApiResponse.ok(one(ctx, attachments.update(ctx, f.attachment().id(), c)));
  }

  private ApiResponse delete(ApiRequest req) {
    since(req, 27);
    RequestContext ctx = req.context();
    var f = attachments.get(ctx, req.param("id"));
    access.enforceOn("volume:attachment_delete", ctx, f.volume().projectId());
    List<Attachment> left = attachments.delete(ctx, f.attachment().id());
    ObjectNode out = Json.object();
    var arr = out.putArray("attachments");
    left.forEach(a -> arr.add(summary(a)));
    return ApiResponse.ok(out);
  }

  private ApiResponse action(ApiRequest req) {
    since(req, 44);
    RequestContext ctx = req.context();
    JsonNode doc = req.json();
    if (!doc.isObject() || doc.size() != 1 || !doc.has("os-complete")) {
      throw ApiException.badRequest("Malformed request body: the attachment action is"
          + " os-complete.");
    }
    var f = attachments.get(ctx, req.param("id"));
    access.enforceOn("volume:attachment_complete", ctx, f.volume().projectId());
    attachments.complete(ctx, f.attachment().id());
    return ApiResponse.empty(204);
  }
}
