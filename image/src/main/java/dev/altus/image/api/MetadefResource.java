package dev.altus.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.image.model.MetadefItem;
import dev.altus.image.model.MetadefNamespace;
import dev.altus.image.service.MetadefService;
import java.util.Map;

/**
 * {@code /v2/metadefs/...}: metadata definition namespaces and their objects, properties, tags and
 * resource type associations, and the resource type catalog.
 */
public final class MetadefResource {
  private static final String NS = "/v2/metadefs/namespaces/{ns}";
  private final MetadefService metadefs;
  private final PolicyEngine policy;

  public MetadefResource(MetadefService metadefs, PolicyEngine policy) {
    this.metadefs = metadefs;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.post("/v2/metadefs/namespaces", this::createNamespace);
    r.get("/v2/metadefs/namespaces", this::listNamespaces);
    r.get(NS, this::showNamespace);
    r.put(NS, this::updateNamespace);
    r.delete(NS, this::deleteNamespace);
    r.get("/v2/metadefs/resource_types", this::resourceTypes);
    items(r, "objects", MetadefItem.OBJECT, "metadef_object");
    items(r, "properties", MetadefItem.PROPERTY, "metadef_property");
    items(r, "resource_types", MetadefItem.RESOURCE_TYPE, "metadef_resource_type");
    r.post(NS + "/tags/{name}", this::createTag);
    r.post(NS + "/tags", this::setTags);
    r.delete(NS + "/tags", this::deleteTags);
    r.get(NS + "/tags", req -> list(req, MetadefItem.TAG, "get_metadef_tags"));
    r.get(NS + "/tags/{name}", req -> show(req, MetadefItem.TAG, "get_metadef_tag"));
    r.put(NS + "/tags/{name}", req -> update(req, MetadefItem.TAG, "modify_metadef_tag"));
    r.delete(NS + "/tags/{name}", req -> delete(req, MetadefItem.TAG, "delete_metadef_tag"));
  }

  private void items(Router r, String path, String kind, String rule) {
    boolean assoc = kind.equals(MetadefItem.RESOURCE_TYPE);
    r.post(NS + "/" + path, req -> add(req, kind,
        assoc ? "add_metadef_resource_type_association" : "add_" + rule));
    r.get(NS + "/" + path, req -> list(req, kind,
        assoc ? "get_metadef_resource_type" : "get_" + rule.replace("property", "properties")
            .replace("object", "objects")));
    if (assoc) {
      r.delete(NS + "/" + path + "/{name}", req -> delete(req, kind,
          "remove_metadef_resource_type_association"));
      return;
    }
    r.get(NS + "/" + path + "/{name}", req -> show(req, kind, "get_" + rule));
    r.put(NS + "/" + path + "/{name}", req -> update(req, kind, "modify_" + rule));
    r.delete(NS + "/" + path + "/{name}", req -> delete(req, kind,
        kind.equals(MetadefItem.PROPERTY) ? "remove_metadef_property" : "delete_" + rule));
  }

  // ---- namespaces

  private ApiResponse createNamespace(ApiRequest req) {
    policy.enforce("add_metadef_namespace", req.context());
    MetadefNamespace n = metadefs.create(req.context(), req.json());
    return ApiResponse.created(namespaceView(req, n, true));
  }

  private ApiResponse listNamespaces(ApiRequest req) {
    policy.enforce("get_metadef_namespaces", req.context());
    ObjectNode body = Json.object();
    var arr = body.putArray("namespaces");
    for (MetadefNamespace n : metadefs.list(req.context(), req.queryParam("visibility").orElse(null),
        req.queryParam("resource_types").orElse(null))) {
      arr.add(namespaceView(req, n, false));
    }
    body.put("first", "/v2/metadefs/namespaces");
    body.put("schema", "/v2/schemas/metadefs/namespaces");
    return ApiResponse.ok(body);
  }

  private ApiResponse showNamespace(ApiRequest req) {
    policy.enforce("get_metadef_namespace", req.context());
    return ApiResponse.ok(namespaceView(req, metadefs.show(req.context(), req.param("ns")), true));
  }

  private ApiResponse updateNamespace(ApiRequest req) {
    policy.enforce("modify_metadef_namespace", req.context());
    MetadefNamespace n = metadefs.update(req.context(), req.param("ns"), req.json());
    return ApiResponse.ok(namespaceView(req, n, false));
  }

  private ApiResponse deleteNamespace(ApiRequest req) {
    policy.enforce("delete_metadef_namespace", req.context());
    metadefs.delete(req.context(), req.param("ns"));
    return ApiResponse.noContent();
  }

  private ObjectNode namespaceView(ApiRequest req, MetadefNamespace n, boolean withContents) {
    ObjectNode o = Json.object();
    o.put("namespace", n.namespace());
    if (n.displayName() != null) {
      o.put("display_name", n.displayName());
    }
    if (n.description() != null) {
      o.put("description", n.description());
    }
    o.put("visibility", n.visibility());
    o.put("protected", n.isProtected());
    o.put("owner", n.owner());
    o.put("created_at", ImageViews.time(n.createdAt()));
    o.put("updated_at", ImageViews.time(n.updatedAt()));
    o.put("self", "/v2/metadefs/namespaces/" + n.namespace());
    o.put("schema", "/v2/schemas/metadefs/namespace");
    var assocs = metadefs.items(req.context(), n.namespace(), MetadefItem.RESOURCE_TYPE);
    if (!assocs.isEmpty()) {
      var arr = o.putArray("resource_type_associations");
      assocs.forEach(a -> arr.add(itemView(a)));
    }
    if (withContents) {
      var props = metadefs.items(req.context(), n.namespace(), MetadefItem.PROPERTY);
      if (!props.isEmpty()) {
        ObjectNode p = o.putObject("properties");
        props.forEach(i -> p.set(i.name(), propertyBody(i)));
      }
      var objects = metadefs.items(req.context(), n.namespace(), MetadefItem.OBJECT);
      if (!objects.isEmpty()) {
        var arr = o.putArray("objects");
        objects.forEach(i -> arr.add(i.body()));
      }
      var tags = metadefs.items(req.context(), n.namespace(), MetadefItem.TAG);
      if (!tags.isEmpty()) {
        var arr = o.putArray("tags");
        tags.forEach(i -> arr.add(i.body()));
      }
    }
    return o;
  }

  // ---- items

  private ApiResponse add(ApiRequest req, String kind, String rule) {
    policy.enforce(rule, req.context());
    MetadefItem i = metadefs.addItem(req.context(), req.param("ns"), kind, req.json());
    return ApiResponse.created(itemView(i));
  }

  private ApiResponse list(ApiRequest req, String kind, String rule) {
    policy.enforce(rule, req.context());
    var items = metadefs.items(req.context(), req.param("ns"), kind);
    ObjectNode body = Json.object();
    switch (kind) {
      case MetadefItem.PROPERTY -> {
        ObjectNode p = body.putObject("properties");
        items.forEach(i -> p.set(i.name(), propertyBody(i)));
      }
      case MetadefItem.RESOURCE_TYPE -> {
        var arr = body.putArray("resource_type_associations");
        items.forEach(i -> arr.add(itemView(i)));
      }
      default -> {
        String field = kind.equals(MetadefItem.OBJECT) ? "objects" : "tags";
        var arr = body.putArray(field);
        items.forEach(i -> arr.add(itemView(i)));
        body.put("schema", "/v2/schemas/metadefs/" + field);
      }
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req, String kind, String rule) {
    policy.enforce(rule, req.context());
    return ApiResponse.ok(itemView(metadefs.item(req.context(), req.param("ns"), kind,
        req.param("name"))));
  }

  private ApiResponse update(ApiRequest req, String kind, String rule) {
    policy.enforce(rule, req.context());
    return ApiResponse.ok(itemView(metadefs.updateItem(req.context(), req.param("ns"), kind,
        req.param("name"), req.json())));
  }

  private ApiResponse delete(ApiRequest req, String kind, String rule) {
    policy.enforce(rule, req.context());
    metadefs.deleteItem(req.context(), req.param("ns"), kind, req.param("name"));
    return ApiResponse.noContent();
  }

  private ApiResponse createTag(ApiRequest req) {
    policy.enforce("add_metadef_tag", req.context());
    ObjectNode doc = Json.object();
    doc.put("name", req.param("name"));
    MetadefItem i = metadefs.addItem(req.context(), req.param("ns"), MetadefItem.TAG, doc);
    return ApiResponse.created(itemView(i));
  }

  private ApiResponse setTags(ApiRequest req) {
    policy.enforce("add_metadef_tags", req.context());
    boolean append = "true".equalsIgnoreCase(req.header("X-Openstack-Append").orElse("false"));
    var added = metadefs.setTags(req.context(), req.param("ns"), req.json(), append);
    ObjectNode body = Json.object();
    var arr = body.putArray("tags");
    added.forEach(i -> arr.addObject().put("name", i.name()));
    return ApiResponse.created(body);
  }

  private ApiResponse deleteTags(ApiRequest req) {
    policy.enforce("delete_metadef_tags", req.context());
    metadefs.deleteAll(req.context(), req.param("ns"), MetadefItem.TAG);
    return ApiResponse.noContent();
  }

  private ApiResponse resourceTypes(ApiRequest req) {
    policy.enforce("list_metadef_resource_types", req.context());
    ObjectNode body = Json.object();
    var arr = body.putArray("resource_types");
    for (Map.Entry<String, java.time.Instant> e : metadefs.resourceTypes()) {
      arr.addObject().put("name", e.getKey())
          .put("created_at", ImageViews.time(e.getValue()))
          .put("updated_at", ImageViews.time(e.getValue()));
    }
    return ApiResponse.ok(body);
  }

  private static JsonNode propertyBody(MetadefItem i) {
    ObjectNode o = i.body().deepCopy();
    o.remove("name");
    return o;
  }

  private static ObjectNode itemView(MetadefItem i) {
    ObjectNode o = i.body().deepCopy();
    o.put("name", i.name());
    o.put("created_at", ImageViews.time(i.createdAt()));
    o.put("updated_at", ImageViews.time(i.updatedAt()));
    switch (i.kind()) {
      case MetadefItem.OBJECT -> {
        o.put("self", "/v2/metadefs/namespaces/" + i.namespace() + "/objects/" + i.name());
        o.put("schema", "/v2/schemas/metadefs/object");
      }
      case MetadefItem.PROPERTY -> {
        o.remove("created_at");
        o.remove("updated_at");
      }
      default -> { }
    }
    return o;
  }
}
