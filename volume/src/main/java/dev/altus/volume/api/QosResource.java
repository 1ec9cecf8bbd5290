package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.QosService;
import dev.altus.volume.store.QosRecords.Qos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v3/{project_id}/qos-specs} (admin): create, list, show, set and delete keys, delete,
 * and the associations with volume types (associate, disassociate, disassociate_all, list).
 */
public final class QosResource {
  private static final String Q = VolumeResource.P + "/qos-specs";
  private final QosService qos;
  private final Access access;
  private final VolumeViews views;

  public QosResource(QosService qos, Access access, VolumeViews views) {
    this.qos = qos;
    this.access = access;
    this.views = views;
  }

  public void routes(Router r) {
    r.post(Q, this::create);
    r.get(Q, this::list);
    r.get(Q + "/{id}", this::show);
    r.put(Q + "/{id}", this::set);
    r.delete(Q + "/{id}", this::delete);
    r.put(Q + "/{id}/delete_keys", this::unset);
    r.get(Q + "/{id}/associations", this::associations);
    r.get(Q + "/{id}/associate", req -> {
      access.enforce("volume_extension:qos_specs_manage:update", req.context());
      qos.associate(req.param("id"), req.queryParam("vol_type_id").orElse(null));
      return ApiResponse.empty(202);
    });
    r.get(Q + "/{id}/disassociate", req -> {
      access.enforce("volume_extension:qos_specs_manage:update", req.context());
      qos.disassociate(req.param("id"), req.queryParam("vol_type_id").orElse(null));
      return ApiResponse.empty(202);
    });
    r.get(Q + "/{id}/disassociate_all", req -> {
      access.enforce("volume_extension:qos_specs_manage:update", req.context());
      qos.disassociateAll(req.param("id"));
      return ApiResponse.empty(202);
    });
  }

  private static ObjectNode body(Qos q) {
    ObjectNode o = Json.object();
    o.put("id", q.id());
    o.put("name", q.name());
    o.put("consumer", q.consumer());
    o.set("specs", VolumeViews.specs(q.specs()));
    return o;
  }

  private ObjectNode withLinks(ApiRequest req, Qos q) {
    ObjectNode out = Json.object();
    out.set("qos_specs", body(q));
    var links = out.putArray("links");
    String project = req.param("project_id");
    links.addObject().put("rel", "self").put("href", views.url("/v3/" + project
        + "/qos-specs/" + q.id()));
    links.addObject().put("rel", "bookmark").put("href", views.url("/" + project
        + "/qos-specs/" + q.id()));
    return out;
  }

  /** The string keys of a body object; a value that is not a string or number is refused. */
  private static Map<String, String> keys(JsonNode o) {
    Map<String, String> m = new LinkedHashMap<>();
    var it = o.fields();
    while (it.hasNext()) {
      var e = it.next();
      JsonNode v = e.getValue();
      if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
        throw ApiException.badRequest("Invalid input received: QoS spec " + e.getKey()
            + " must be a string.");
      }
      if (e.getKey().isEmpty() || e.getKey().length() > 255 || v.asText().length() > 255) {
        throw ApiException.badRequest("Invalid input received: QoS spec keys and values are 1"
            + " to 255 characters.");
      }
      m.put(e.getKey(), v.asText());
    }
    return m;
  }

  private static JsonNode specsBody(ApiRequest req) {
    JsonNode b = req.json().path("qos_specs");
    if (!b.isObject()) {
      throw ApiException.badRequest("Missing required element 'qos_specs' in request body.");
    }
    return b;
  }

  private ApiResponse create(ApiRequest req) {
    access.enforce("volume_extension:qos_specs_manage:create", req.context());
    Map<String, String> all = keys(specsBody(req));
    String name = all.remove("name");
    String consumer = all.remove("consumer");
    Qos q = qos.create(name, consumer, all);
    return ApiResponse.ok(withLinks(req, q));
  }

  private ApiResponse list(ApiRequest req) {
    access.enforce("volume_extension:qos_specs_manage:get_all", req.context());
    ObjectNode out = Json.object();
    var arr = out.putArray("qos_specs");
    qos.list().forEach(q -> arr.add(body(q)));
    return ApiResponse.ok(out);
  }

  private ApiResponse show(ApiRequest req) {
    access.enforce("volume_extension:qos_specs_manage:get", req.context());
    return ApiResponse.ok(withLinks(req, qos.get(req.param("id"))));
  }

  private ApiResponse set(ApiRequest req) {
    access.enforce("volume_extension:qos_specs_manage:update", req.context());
    Map<String, String> keys = keys(specsBody(req));
    if (keys.isEmpty()) {
      throw ApiException.badRequest("Invalid input received: no QoS spec to set.");
    }
    ObjectNode out = Json.object();
    out.set("qos_specs", VolumeViews.specs(qos.set(req.param("id"), keys)));
    return ApiResponse.ok(out);
  }

  private ApiResponse unset(ApiRequest req) {
    access.enforce("volume_extension:qos_specs_manage:update", req.context());
    JsonNode k = req.json().path("keys");
    if (!k.isArray() || k.isEmpty()) {
      throw ApiException.badRequest("Missing required element 'keys' in request body: a list"
          + " of QoS spec keys.");
    }
    List<String> keys = new ArrayList<>();
    for (JsonNode n : k) {
      if (!n.isTextual()) {
        throw ApiException.badRequest("Invalid input received: keys must be strings.");
      }
      keys.add(n.asText());
    }
    qos.unset(req.param("id"), keys);
    return ApiResponse.empty(202);
  }

  private ApiResponse delete(ApiRequest req) {
    access.enforce("volume_extension:qos_specs_manage:delete", req.context());
    boolean force = req.queryParam("force").map(s -> s.equalsIgnoreCase("true")
        || s.equals("1")).orElse(false);
    qos.delete(req.param("id"), force);
    return ApiResponse.empty(202);
  }

  private ApiResponse associations(ApiRequest req) {
    access.enforce("volume_extension:qos_specs_manage:get", req.context());
    ObjectNode out = Json.object();
    var arr = out.putArray("qos_associations");
    qos.associations(req.param("id")).forEach(t -> arr.addObject()
        .put("association_type", "volume_type").put("name", t.name()).put("id", t.id()));
    return ApiResponse.ok(out);
  }
}
