package dev.altus.image.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;

/** {@code /v2/schemas/metadefs/...}: JSON Schemas of the metadata definition documents. */
public final class MetadefSchemas {
  public void routes(Router r) {
    r.get("/v2/schemas/metadefs/namespace", req -> ApiResponse.ok(namespace()));
    r.get("/v2/schemas/metadefs/namespaces", req -> ApiResponse.ok(list("namespaces", namespace())));
    r.get("/v2/schemas/metadefs/resource_type", req -> ApiResponse.ok(association()));
    r.get("/v2/schemas/metadefs/resource_types",
        req -> ApiResponse.ok(list("resource_type_associations", association())));
    r.get("/v2/schemas/metadefs/object", req -> ApiResponse.ok(object()));
    r.get("/v2/schemas/metadefs/objects", req -> ApiResponse.ok(list("objects", object())));
    r.get("/v2/schemas/metadefs/property", req -> ApiResponse.ok(property()));
    r.get("/v2/schemas/metadefs/properties", req -> ApiResponse.ok(properties()));
    r.get("/v2/schemas/metadefs/tag", req -> ApiResponse.ok(tag()));
    r.get("/v2/schemas/metadefs/tags", req -> ApiResponse.ok(list("tags", tag())));
  }

  private static ObjectNode schema(String name, String... required) {
    ObjectNode s = Json.object();
    s.put("name", name);
    s.putObject("properties");
    s.put("additionalProperties", false);
    var req = s.putArray("required");
    for (String r : required) {
      req.add(r);
    }
    return s;
  }

  private static ObjectNode prop(ObjectNode s, String name, String type, String description) {
    ObjectNode p = s.with("properties").putObject(name);
    p.put("type", type);
    if (description != null) {
      p.put("description", description);
    }
    return p;
  }

  private static void times(ObjectNode s) {
    prop(s, "created_at", "string", "When the definition was created").put("format", "date-time")
        .put("readOnly", true);
    prop(s, "updated_at", "string", "When the definition last changed").put("format", "date-time")
        .put("readOnly", true);
  }

  static ObjectNode namespace() {
    ObjectNode s = schema("namespace", "namespace");
    prop(s, "namespace", "string", "The unique namespace text.").put("maxLength", 80);
    prop(s, "display_name", "string", "The user friendly name for the namespace.")
        .put("maxLength", 80);
    prop(s, "description", "string", "Provides a user friendly description of the namespace.")
        .put("maxLength", 500);
    prop(s, "visibility", "string", "Scope of namespace accessibility.").putArray("enum")
        .add("public").add("private");
    prop(s, "protected", "boolean", "If true, namespace will not be deletable.");
    prop(s, "owner", "string", "Owner of the namespace.").put("maxLength", 255);
    times(s);
    prop(s, "schema", "string", null).put("readOnly", true);
    prop(s, "self", "string", null).put("readOnly", true);
    prop(s, "resource_type_associations", "array", null).set("items", association());
    prop(s, "properties", "object", null);
    prop(s, "objects", "array", null).set("items", object());
    prop(s, "tags", "array", null).set("items", tag());
    return s;
  }

  static ObjectNode association() {
    ObjectNode s = schema("resource_type_association", "name");
    prop(s, "name", "string", "Resource type names should be aligned with Heat resource types"
        + " whenever possible.").put("maxLength", 80);
    prop(s, "prefix", "string", "Prefix applied to the properties of this namespace when they"
        + " are used on the resource type.").put("maxLength", 80);
    prop(s, "properties_target", "string", "Which part of the resource the properties apply to.")
        .put("maxLength", 80);
    times(s);
    return s;
  }

  static ObjectNode object() {
    ObjectNode s = schema("object", "name");
    prop(s, "name", "string", null).put("maxLength", 80);
    prop(s, "description", "string", null);
    prop(s, "required", "array", null).putObject("items").put("type", "string");
    prop(s, "properties", "object", null);
    prop(s, "schema", "string", null).put("readOnly", true);
    prop(s, "self", "string", null).put("readOnly", true);
    times(s);
    return s;
  }

  static ObjectNode property() {
    ObjectNode s = schema("property", "name", "title", "type");
    prop(s, "name", "string", null).put("maxLength", 255);
    prop(s, "title", "string", null);
    prop(s, "description", "string", null);
    prop(s, "operators", "array", null).putObject("items").put("type", "string");
    prop(s, "type", "string", null).putArray("enum").add("array").add("boolean").add("integer")
        .add("number").add("object").add("string");
    prop(s, "enum", "array", null);
    prop(s, "default", "string", null);
    prop(s, "readonly", "boolean", null);
    prop(s, "minimum", "number", null);
    prop(s, "maximum", "number", null);
    prop(s, "minLength", "integer", null);
    prop(s, "maxLength", "integer", null);
    prop(s, "pattern", "string", null);
    prop(s, "items", "object", null);
    return s;
  }

  private static ObjectNode properties() {
    ObjectNode s = Json.object();
    s.put("name", "properties");
    s.putObject("properties").putObject("properties").put("type", "object")
        .set("additionalProperties", property());
    s.putArray("links").addObject().put("rel", "describedby").put("href", "{schema}");
    return s;
  }

  static ObjectNode tag() {
    ObjectNode s = schema("tag", "name");
    prop(s, "name", "string", null).put("maxLength", 80);
    times(s);
    return s;
  }

  private static ObjectNode list(String name, ObjectNode item) {
    ObjectNode s = Json.object();
    s.put("name", name);
    ObjectNode p = s.putObject("properties");
    p.putObject(name).put("type", "array").set("items", item);
    p.putObject("schema").put("type", "string");
    p.putObject("first").put("type", "string");
    p.putObject("next").put("type", "string");
    var links = s.putArray("links");
    links.addObject().put("rel", "first").put("href", "{first}");
    links.addObject().put("rel", "next").put("href", "{next}");
    links.addObject().put("rel", "describedby").put("href", "{schema}");
    return s;
  }
}
