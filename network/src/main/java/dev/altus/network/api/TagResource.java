package dev.altus.network.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.network.service.Errors;
import dev.altus.network.service.Tags;

/** Routes for /v2.0/{resource}/{id}/tags[/{tag}]. */
public final class TagResource {
  private final Tags tags;

  public TagResource(Tags tags) {
    this.tags = tags;
  }

  public void routes(Router r) {
    for (String c : new String[] {"networks", "subnets", "ports", "routers", "security-groups",
        "floatingips", "subnetpools"}) {
      String base = "/v2.0/" + c + "/{id}/tags";
      r.get(base, req -> ApiResponse.ok(body(tags.list(req.context(), c, req.param("id")))));
      r.put(base, req -> ApiResponse.ok(body(tags.replace(req.context(), c, req.param("id"), req.json()))));
      r.delete(base, req -> {
        tags.clear(req.context(), c, req.param("id"));
        return ApiResponse.noContent();
      });
      r.get(base + "/{tag}", req -> {
        if (!tags.has(req.context(), c, req.param("id"), req.param("tag"))) {
          throw Errors.notFound("TagNotFound", "Tag " + req.param("tag") + " could not be found.");
        }
        return ApiResponse.noContent();
      });
      r.put(base + "/{tag}", req -> {
        tags.add(req.context(), c, req.param("id"), req.param("tag"));
        return ApiResponse.empty(201);
      });
      r.delete(base + "/{tag}", req -> {
        tags.remove(req.context(), c, req.param("id"), req.param("tag"));
        return ApiResponse.noContent();
      });
    }
  }

  private static ObjectNode body(com.fasterxml.jackson.databind.node.ArrayNode arr) {
    ObjectNode o = Json.object();
    o.set("tags", arr);
    return o;
  }
}
