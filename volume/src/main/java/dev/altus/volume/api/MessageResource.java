package dev.altus.volume.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.service.Access;
import dev.altus.volume.store.MessageRecords;
import java.time.Clock;

/** {@code /messages} (3.3+): what failed for a project and why, until it expires or is deleted. */
public final class MessageResource {
  private final MessageRecords messages;
  private final Access access;
  private final Clock clock;
  private final VolumeViews views;

  public MessageResource(MessageRecords messages, Access access, Clock clock, VolumeViews views) {
    this.views = views;
    this.messages = messages;
    this.access = access;
    this.clock = clock;
  }

  public void routes(Router r) {
    r.get(VolumeResource.P + "/messages", this::list);
    r.get(VolumeResource.P + "/messages/{id}", this::show);
    r.delete(VolumeResource.P + "/messages/{id}", this::delete);
  }

  private static void needs33(ApiRequest req) {
    if (!VolumeMicroversion.of(req).atLeast(3)) {
      throw ApiException.notFound("The resource could not be found.");
    }
  }

  private MessageRecords.Message find(ApiRequest req) {
    RequestContext ctx = req.context();
    return messages.find(req.param("id"), clock.millis())
        .filter(m -> ctx.isAdmin() || m.projectId().equals(ctx.projectId()))
        .orElseThrow(() -> ApiException.notFound("Message " + req.param("id")
            + " could not be found."));
  }

  private ObjectNode view(MessageRecords.Message m, String project) {
    ObjectNode o = Json.object();
    o.put("id", m.id());
    o.put("request_id", m.requestId());
    o.put("resource_type", m.resourceType());
    o.put("resource_uuid", m.resourceUuid());
    o.put("event_id", m.eventId());
    o.put("message_level", m.level());
    o.put("user_message", m.text());
    o.put("created_at", CinderTimes.format(m.createdAt()));
    o.put("guaranteed_until", CinderTimes.format(m.expiresAt()));
    o.putArray("links").addObject().put("rel", "self")
        .put("href", views.url("/v3/" + project + "/messages/" + m.id()));
    return o;
  }

  private ApiResponse list(ApiRequest req) {
    needs33(req);
    RequestContext ctx = req.context();
    access.enforce("message:get_all", ctx);
    ObjectNode out = Json.object();
    var arr = out.putArray("messages");
    for (var m : messages.list(Access.projectOf(ctx), clock.millis())) {
      arr.add(view(m, req.param("project_id")));
    }
    return ApiResponse.ok(out);
  }

  private ApiResponse show(ApiRequest req) {
    needs33(req);
    var m = find(req);
    access.enforceOn("message:get", req.context(), m.projectId());
    ObjectNode out = Json.object();
    out.set("message", view(m, req.param("project_id")));
    return ApiResponse.ok(out);
  }

  private ApiResponse delete(ApiRequest req) {
    needs33(req);
    var m = find(req);
    access.enforceOn("message:delete", req.context(), m.projectId());
    messages.delete(m.id());
    return ApiResponse.noContent();
  }
}
