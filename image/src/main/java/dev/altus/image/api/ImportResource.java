package dev.altus.image.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.image.model.ImportTask;
import dev.altus.image.service.ImportService;
import java.io.InputStream;

/**
 * The interoperable import API: {@code /v2/info/import}, {@code .../stage}, {@code .../import} and
 * the import tasks of an image ({@code .../tasks}).
 */
public final class ImportResource {
  private final ImportService imports;
  private final PolicyEngine policy;

  public ImportResource(ImportService imports, PolicyEngine policy) {
    this.imports = imports;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2/info/import", this::info);
    r.put("/v2/images/{id}/stage", this::stage);
    r.post("/v2/images/{id}/import", this::startImport);
    r.get("/v2/images/{id}/tasks", this::tasks);
  }

  private ApiResponse info(ApiRequest req) {
    req.context();
    ObjectNode body = Json.object();
    ObjectNode methods = body.putObject("import-methods");
    methods.put("description", "Import methods available.");
    methods.put("type", "array");
    var arr = methods.putArray("value");
    imports.methods().forEach(arr::add);
    return ApiResponse.ok(body);
  }

  private ApiResponse stage(ApiRequest req) {
    policy.enforce("stage_image", req.context());
    Long length = OctetStreamBody.declaredLength(req);
    try (InputStream in = req.bodyStream()) {
      imports.stage(req.context(), req.param("id"), in, length);
    } catch (java.io.IOException e) {
      // closing the stream of an aborted upload; staging already answered
    }
    return ApiResponse.noContent();
  }

  private ApiResponse tasks(ApiRequest req) {
    policy.enforce("get_image", req.context());
    ObjectNode body = Json.object();
    var arr = body.putArray("tasks");
    for (ImportTask t : imports.tasks(req.context(), req.param("id"))) {
      ObjectNode o = arr.addObject();
      o.put("id", t.id());
      o.put("type", t.type());
      o.put("status", t.status());
      o.put("owner", t.owner());
      o.set("input", t.input());
      o.putNull("result");
      o.put("message", t.message());
      o.put("image_id", t.imageId());
      o.put("request_id", t.requestId());
      o.put("user_id", t.userId());
      o.putNull("expires_at");
      o.put("created_at", ImageViews.time(t.createdAt()));
      o.put("updated_at", ImageViews.time(t.updatedAt()));
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse startImport(ApiRequest req) {
    policy.enforce("import_image", req.context());
    imports.startImport(req.context(), req.param("id"), req.json(), req.requestId());
    return ApiResponse.empty(202);
  }
}
