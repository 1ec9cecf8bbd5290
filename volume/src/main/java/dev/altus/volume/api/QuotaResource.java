package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.QuotaService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code os-quota-sets} (show with or without usage, defaults, update, reset) and {@code limits}
 * (the caller's project's absolute limits and use).
 */
public final class QuotaResource {
  private static final String P = VolumeResource.P;
  private final QuotaService quotas;
  private final Access access;

  public QuotaResource(QuotaService quotas, Access access) {
    this.quotas = quotas;
    this.access = access;
  }

  public void routes(Router r) {
    r.get(P + "/os-quota-sets/{target}", this::show);
    r.get(P + "/os-quota-sets/{target}/defaults", this::defaults);
    r.put(P + "/os-quota-sets/{target}", this::update);
    r.delete(P + "/os-quota-sets/{target}", this::reset);
    r.get(P + "/limits", this::limits);
    r.get(P + "/os-quota-class-sets/{class}", this::showClass);
    r.put(P + "/os-quota-class-sets/{class}", this::updateClass);
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    String target = req.param("target");
    access.enforceOn("volume_extension:quotas:show", ctx, target);
    Map<String, Long> limits = quotas.limits(target);
    ObjectNode set = Json.object();
    set.put("id", target);
    if (req.queryFlag("usage")) {
      Map<String, Long> used = quotas.usage(target);
      limits.forEach((k, v) -> set.putObject(k).put("limit", v).put("in_use", used.get(k))
          .put("reserved", 0));
    } else {
      limits.forEach(set::put);
    }
    ObjectNode out = Json.object();
    out.set("quota_set", set);
    return ApiResponse.ok(out);
  }

  private ApiResponse defaults(ApiRequest req) {
    RequestContext ctx = req.context();
    String target = req.param("target");
    access.enforceOn("volume_extension:quotas:show", ctx, target);
    ObjectNode set = Json.object();
    set.put("id", target);
    quotas.defaults().forEach(set::put);
    ObjectNode out = Json.object();
    out.set("quota_set", set);
    return ApiResponse.ok(out);
  }

  /** Only the {@code default} class exists, as in Cinder's default set-up. */
  private static void defaultClass(ApiRequest req) {
    if (!req.param("class").equals("default")) {
      throw ApiException.notFound("Quota class " + req.param("class") + " could not be found.");
    }
  }

  private ApiResponse showClass(ApiRequest req) {
    access.enforce("volume_extension:quota_classes", req.context());
    defaultClass(req);
    ObjectNode set = Json.object();
    set.put("id", "default");
    quotas.defaults().forEach(set::put);
    ObjectNode out = Json.object();
    out.set("quota_class_set", set);
    return ApiResponse.ok(out);
  }

  private ApiResponse updateClass(ApiRequest req) {
    access.enforce("volume_extension:quota_classes:update", req.context());
    defaultClass(req);
    quotas.updateDefaults(values(req.json().path("quota_class_set"), "quota_class_set"));
    ObjectNode set = Json.object();
    quotas.defaults().forEach(set::put);
    ObjectNode out = Json.object();
    out.set("quota_class_set", set);
    return ApiResponse.ok(out);
  }

  private static Map<String, Long> values(JsonNode body, String key) {
    if (!body.isObject()) {
      throw ApiException.badRequest("Missing required element '" + key + "' in request body.");
    }
    Map<String, Long> values = new LinkedHashMap<>();
    var it = body.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getKey().equals("tenant_id") || e.getKey().equals("id")) {
        continue;
      }
      Long v = CinderInput.size(e.getValue(), e.getKey());
      if (v == null) {
        throw ApiException.badRequest("Quota limit for " + e.getKey() + " must be an integer.");
      }
      values.put(e.getKey(), v);
    }
    return values;
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    String target = req.param("target");
    access.enforceOn("volume_extension:quotas:update", ctx, target);
    quotas.update(target, values(req.json().path("quota_set"), "quota_set"));
    ObjectNode set = Json.object();
    quotas.limits(target).forEach(set::put);
    ObjectNode out = Json.object();
    out.set("quota_set", set);
    return ApiResponse.ok(out);
  }

  private ApiResponse reset(ApiRequest req) {
    RequestContext ctx = req.context();
    String target = req.param("target");
    access.enforceOn("volume_extension:quotas:delete", ctx, target);
    quotas.reset(target);
    return ApiResponse.empty(200);
  }

  private ApiResponse limits(ApiRequest req) {
    RequestContext ctx = req.context();
    String project = Access.projectOf(ctx);
    access.enforce("limits_extension:used_limits", ctx);
    Map<String, Long> l = quotas.limits(project);
    Map<String, Long> u = quotas.usage(project);
    ObjectNode abs = Json.object();
    abs.put("maxTotalVolumes", l.get("volumes"));
    abs.put("maxTotalSnapshots", l.get("snapshots"));
    abs.put("maxTotalVolumeGigabytes", l.get("gigabytes"));
    abs.put("maxTotalBackups", l.get("backups"));
    abs.put("maxTotalBackupGigabytes", l.get("backup_gigabytes"));
    abs.put("totalVolumesUsed", u.get("volumes"));
    abs.put("totalSnapshotsUsed", u.get("snapshots"));
    abs.put("totalGigabytesUsed", u.get("gigabytes"));
    abs.put("totalBackupsUsed", u.get("backups"));
    abs.put("totalBackupGigabytesUsed", u.get("backup_gigabytes"));
    ObjectNode lim = Json.object();
    lim.putArray("rate");
    lim.set("absolute", abs);
    ObjectNode out = Json.object();
    out.set("limits", lim);
    return ApiResponse.ok(out);
  }
}
