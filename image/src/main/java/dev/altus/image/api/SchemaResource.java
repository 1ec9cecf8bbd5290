package dev.altus.image.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import java.util.List;

/**
 * {@code /v2/schemas/...}: JSON Schema documents describing images and members, built from the
 * attributes this service accepts and renders (the configured disk and container formats included).
 */
public final class SchemaResource {
  private final List<String> diskFormats;
  private final List<String> containerFormats;

  public SchemaResource(List<String> diskFormats, List<String> containerFormats) {
    this.diskFormats = diskFormats;
    this.containerFormats = containerFormats;
  }

  public void routes(Router r) {
    r.get("/v2/schemas/image", req -> ApiResponse.ok(image()));
    r.get("/v2/schemas/images", req -> ApiResponse.ok(images()));
    r.get("/v2/schemas/member", req -> ApiResponse.ok(member()));
    r.get("/v2/schemas/members", this::members);
  }

  private ApiResponse members(ApiRequest req) {
    ObjectNode s = Json.object();
    s.put("name", "members");
    s.putObject("properties").putObject("members").put("type", "array").set("items", member());
    s.with("properties").putObject("schema").put("type", "string");
    links(s, "/v2/schemas/member");
    return ApiResponse.ok(s);
  }

  ObjectNode image() {
    ObjectNode s = Json.object();
    s.put("name", "image");
    ObjectNode p = s.putObject("properties");
    prop(p, "id", "string", "An identifier for the image", true).put("pattern",
        "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$");
    nullable(p, "name", "string", "Descriptive name for the image").put("maxLength", 255);
    enumProp(p, "status", "Status of the image", true, List.of("queued", "saving", "active",
        "killed", "deleted", "uploading", "importing", "pending_delete", "deactivated"));
    enumProp(p, "visibility", "Scope of image accessibility", false,
        List.of("community", "public", "private", "shared"));
    prop(p, "protected", "boolean", "If true, image will not be deletable.", false);
    prop(p, "os_hidden", "boolean", "If true, image will not appear in default image list"
        + " response.", false);
    nullable(p, "checksum", "string", "md5 hash of image contents.").put("readOnly", true);
    nullable(p, "os_hash_algo", "string", "Algorithm used for the secure hash.").put("readOnly", true);
    nullable(p, "os_hash_value", "string", "Secure hash of image data.").put("readOnly", true);
    nullable(p, "owner", "string", "Owner of the image").put("maxLength", 255);
    nullable(p, "size", "integer", "Size of image file in bytes").put("readOnly", true);
    nullable(p, "virtual_size", "integer", "Virtual size of image in bytes").put("readOnly", true);
    prop(p, "container_format", null, "Format of the container", false);
    ((ObjectNode) p.get("container_format")).putArray("type").add("null").add("string");
    var cf = ((ObjectNode) p.get("container_format")).putArray("enum").addNull();
    containerFormats.forEach(cf::add);
    prop(p, "disk_format", null, "Format of the disk", false);
    ((ObjectNode) p.get("disk_format")).putArray("type").add("null").add("string");
    var df = ((ObjectNode) p.get("disk_format")).putArray("enum").addNull();
    diskFormats.forEach(df::add);
    prop(p, "created_at", "string", "Date and time of image registration", true);
    prop(p, "updated_at", "string", "Date and time of the last image modification", true);
    ObjectNode tags = prop(p, "tags", "array", "List of strings related to the image", false);
    tags.putObject("items").put("type", "string").put("maxLength", 255);
    prop(p, "direct_url", "string", "URL to access the image file kept in external store", true);
    prop(p, "min_ram", "integer", "Amount of ram (in MB) required to boot image.", false);
    prop(p, "min_disk", "integer", "Amount of disk space (in GB) required to boot image.", false);
    prop(p, "self", "string", "An image self url", true);
    prop(p, "file", "string", "An image file url", true);
    prop(p, "schema", "string", "An image schema url", true);
    nullable(p, "kernel_id", "string", "ID of image stored in Glance that should be used as the"
        + " kernel when booting an AMI-style image.");
    nullable(p, "ramdisk_id", "string", "ID of image stored in Glance that should be used as the"
        + " ramdisk when booting an AMI-style image.");
    s.putObject("additionalProperties").put("type", "string");
    var links = s.putArray("links");
    links.addObject().put("rel", "self").put("href", "{self}");
    links.addObject().put("rel", "enclosure").put("href", "{file}");
    links.addObject().put("rel", "describedby").put("href", "{schema}");
    return s;
  }

  private ObjectNode images() {
    ObjectNode s = Json.object();
    s.put("name", "images");
    ObjectNode p = s.putObject("properties");
    p.putObject("images").put("type", "array").set("items", image());
    p.putObject("schema").put("type", "string");
    p.putObject("first").put("type", "string");
    p.putObject("next").put("type", "string");
    var links = s.putArray("links");
    links.addObject().put("rel", "first").put("href", "{first}");
    links.addObject().put("rel", "next").put("href", "{next}");
    links.addObject().put("rel", "describedby").put("href", "{schema}");
    return s;
  }

  private static ObjectNode member() {
    ObjectNode s = Json.object();
    s.put("name", "member");
    ObjectNode p = s.putObject("properties");
    prop(p, "created_at", "string", "Date and time of image member creation", false);
    prop(p, "image_id", "string", "An identifier for the image", false);
    prop(p, "member_id", "string", "An identifier for the image member (tenantId)", false);
    prop(p, "schema", "string", "", true);
    enumProp(p, "status", "The status of this image member", false,
        List.of("pending", "accepted", "rejected"));
    prop(p, "updated_at", "string", "Date and time of last modification of image member", false);
    return s;
  }

  private static void links(ObjectNode s, String describedBy) {
    s.putArray("links").addObject().put("rel", "describedby").put("href", "{schema}");
  }

  private static ObjectNode prop(ObjectNode p, String name, String type, String desc,
      boolean readOnly) {
    ObjectNode o = p.putObject(name);
    if (type != null) {
      o.put("type", type);
    }
    o.put("description", desc);
    if (readOnly) {
      o.put("readOnly", true);
    }
    return o;
  }

  private static ObjectNode nullable(ObjectNode p, String name, String type, String desc) {
    ObjectNode o = p.putObject(name);
    o.putArray("type").add(type).add("null");
    o.put("description", desc);
    return o;
  }

  private static void enumProp(ObjectNode p, String name, String desc, boolean readOnly,
      List<String> values) {
    ObjectNode o = prop(p, name, "string", desc, readOnly);
    var e = o.putArray("enum");
    values.forEach(e::add);
  }
}
