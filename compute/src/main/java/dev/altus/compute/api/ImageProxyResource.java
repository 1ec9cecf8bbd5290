package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.ImageClient.ImageDetail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v2.1/images} (up to 2.35): the image service's images in the compute API's format,
 * their user properties as metadata, and delete.
 */
public final class ImageProxyResource {
  /** Glance's own fields, never shown as metadata. */
  private static final Set<String> CORE = Set.of("name", "status", "visibility", "owner",
      "disk_format", "container_format", "size", "virtual_size", "checksum", "os_hash_algo",
      "os_hash_value", "min_disk", "min_ram", "protected", "os_hidden", "tags", "created_at",
      "updated_at", "id", "file", "self", "schema", "direct_url", "locations");
  private final ImageClient images;
  private final PolicyEngine policy;
  private final String root;
  private final int maxLimit;

  ImageProxyResource(ImageClient images, PolicyEngine policy, String root, int maxLimit) {
    this.images = images;
    this.policy = policy;
    this.root = root;
    this.maxLimit = maxLimit;
  }

  public void routes(Router r) {
    r.get("/v2.1/images", req -> list(req, false));
    r.get("/v2.1/images/detail", req -> list(req, true));
    r.get("/v2.1/images/{id}", this::show);
    r.delete("/v2.1/images/{id}", this::delete);
    r.delete("/v2.1/images", req -> {
      throw ApiException.notFound("The resource could not be found.");
    });
    r.get("/v2.1/images/{id}/metadata", this::metadata);
    r.post("/v2.1/images/{id}/metadata", req -> setMetadata(req, false));
    r.put("/v2.1/images/{id}/metadata", req -> setMetadata(req, true));
    r.get("/v2.1/images/{id}/metadata/{key}", this::showItem);
    r.put("/v2.1/images/{id}/metadata/{key}", this::setItem);
    r.delete("/v2.1/images/{id}/metadata/{key}", this::deleteItem);
  }

  private RequestContext ctx(ApiRequest req) {
    ProxyErrors.upTo235(req);
    return req.context();
  }

  private ImageDetail find(RequestContext ctx, String id) {
    return images.image(ctx, id).orElseThrow(() -> ApiException.notFound("Image not found."));
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    RequestContext ctx = ctx(req);
    var name = req.queryParam("name");
    var status = req.queryParam("status").map(s -> s.toUpperCase(Locale.ROOT));
    var since = req.queryParam("changes-since").map(t -> Times.parse("changes-since", t));
    var server = req.queryParam("server").map(s -> s.substring(s.lastIndexOf('/') + 1));
    var type = req.queryParam("type").map(s -> s.toLowerCase(Locale.ROOT));
    var minRam = intParam(req, "minRam");
    var minDisk = intParam(req, "minDisk");
    List<ImageDetail> out = new ArrayList<>();
    for (ImageDetail d : images.images(ctx)) {
      ImageClient.ImageInfo i = d.info();
      if (name.isPresent() && !name.get().equals(i.name())
          || status.isPresent() && !status.get().equals(status(i.status()))
          || since.isPresent() && d.updatedAt() < since.get()
          || server.isPresent() && !server.get().equals(i.properties().get("instance_uuid"))
          || type.isPresent() && !type.get().equals(i.properties().get("image_type"))
          || minRam.isPresent() && i.minRamMb() < minRam.get()
          || minDisk.isPresent() && i.minDiskGb() < minDisk.get()) {
        continue;
      }
      out.add(d);
    }
    int start = 0;
    var marker = req.queryParam("marker");
    if (marker.isPresent()) {
      start = -1;
      for (int k = 0; k < out.size(); k++) {
        if (out.get(k).info().id().equals(marker.get())) {
          start = k + 1;
          break;
        }
      }
      if (start < 0) {
        throw ApiException.badRequest("marker [" + marker.get() + "] not found");
      }
    }
    int limit = intParam(req, "limit").orElse(maxLimit);
    if (limit < 0) {
      throw ApiException.badRequest("limit param must be positive");
    }
    limit = Math.min(limit, maxLimit);
    int end = Math.min(out.size(), start + limit);
    List<ImageDetail> page = out.subList(Math.min(start, out.size()), end);
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("images");
    for (ImageDetail d : page) {
      if (detail) {
        list.add(view(d));
      } else {
        ObjectNode o = list.addObject();
        o.put("id", d.info().id());
        o.put("name", d.info().name());
        o.set("links", links(d.info().id()));
      }
    }
    if (req.queryParam("limit").isPresent() && !page.isEmpty() && page.size() >= limit) {
      body.putArray("images_links").addObject().put("rel", "next").put("href", root
          + "/v2.1/images" + (detail ? "/detail" : "") + "?limit=" + limit + "&marker="
          + page.get(page.size() - 1).info().id());
    }
    return ApiResponse.ok(body);
  }

  private static java.util.Optional<Integer> intParam(ApiRequest req, String name) {
    return req.queryParam(name).map(v -> {
      try {
        return Integer.valueOf(v.trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("Invalid " + name + ": " + v);
      }
    });
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = ctx(req);
    ObjectNode body = Json.object();
    body.set("image", view(find(ctx, req.param("id"))));
    return ApiResponse.ok(body);
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = ctx(req);
    String id = req.param("id");
    find(ctx, id);
    ProxyErrors.run(() -> images.delete(ctx, id));
    return ApiResponse.noContent();
  }

  private ApiResponse metadata(ApiRequest req) {
    RequestContext ctx = ctx(req);
    return ApiResponse.ok(wrap("metadata", meta(find(ctx, req.param("id")))));
  }

  private ApiResponse setMetadata(ApiRequest req, boolean replace) {
    RequestContext ctx = ctx(req);
    String id = req.param("id");
    ImageDetail d = find(ctx, id);
    JsonNode doc = req.json();
    if (!doc.isObject() || !doc.has("metadata")) {
      throw ApiException.badRequest("Malformed request body: 'metadata' is required");
    }
    Map<String, String> set = RequestChecks.metadata(doc.get("metadata"), "metadata");
    Set<String> remove = replace ? new java.util.HashSet<>(meta(d).keySet()) : Set.of();
    if (replace) {
      remove.removeAll(set.keySet());
    }
    ImageDetail after = ProxyErrors.call(() -> images.updateProperties(ctx, id, set, remove));
    return ApiResponse.ok(wrap("metadata", meta(after)));
  }

  private ApiResponse showItem(ApiRequest req) {
    RequestContext ctx = ctx(req);
    String key = req.param("key");
    String v = meta(find(ctx, req.param("id"))).get(key);
    if (v == null) {
      throw ApiException.notFound("Image metadata key " + key + " not found");
    }
    return ApiResponse.ok(wrap("meta", Map.of(key, v)));
  }

  private ApiResponse setItem(ApiRequest req) {
    RequestContext ctx = ctx(req);
    String id = req.param("id");
    String key = req.param("key");
    find(ctx, id);
    JsonNode doc = req.json();
    if (!doc.isObject() || !doc.has("meta")) {
      throw ApiException.badRequest("Malformed request body: 'meta' is required");
    }
    Map<String, String> one = RequestChecks.metadata(doc.get("meta"), "meta");
    if (one.size() != 1) {
      throw ApiException.badRequest("Request body contains too many items");
    }
    if (!one.containsKey(key)) {
      throw ApiException.badRequest("Request body and URI mismatch");
    }
    ProxyErrors.call(() -> images.updateProperties(ctx, id, one, Set.of()));
    return ApiResponse.ok(wrap("meta", one));
  }

  private ApiResponse deleteItem(ApiRequest req) {
    RequestContext ctx = ctx(req);
    String id = req.param("id");
    String key = req.param("key");
    if (!meta(find(ctx, id)).containsKey(key)) {
      throw ApiException.notFound("Image metadata key " + key + " not found");
    }
    ProxyErrors.call(() -> images.updateProperties(ctx, id, Map.of(), Set.of(key)));
    return ApiResponse.noContent();
  }

  private static Map<String, String> meta(ImageDetail d) {
    Map<String, String> out = new LinkedHashMap<>();
    d.info().properties().forEach((k, v) -> {
      if (!CORE.contains(k) && !k.startsWith("os_glance")) {
        out.put(k, v);
      }
    });
    return out;
  }

  private ObjectNode view(ImageDetail d) {
    ImageClient.ImageInfo i = d.info();
    ObjectNode o = Json.object();
    o.put("id", i.id());
    o.put("name", i.name());
    String status = status(i.status());
    o.put("status", status);
    o.put("progress", switch (status) {
      case "ACTIVE" -> 100;
      case "SAVING" -> "saving".equals(i.status()) ? 50 : 25;
      default -> 0;
    });
    o.put("minDisk", i.minDiskGb());
    o.put("minRam", i.minRamMb());
    o.put("created", Times.zulu(d.createdAt()));
    o.put("updated", Times.zulu(d.updatedAt()));
    o.put("OS-EXT-IMG-SIZE:size", i.size());
    ObjectNode meta = o.putObject("metadata");
    meta(d).forEach(meta::put);
    String server = i.properties().get("instance_uuid");
    if (server != null) {
      ObjectNode s = o.putObject("server");
      s.put("id", server);
      ArrayNode l = s.putArray("links");
      l.addObject().put("rel", "self").put("href", root + "/v2.1/servers/" + server);
      l.addObject().put("rel", "bookmark").put("href", root + "/servers/" + server);
    }
    o.set("links", links(i.id()));
    return o;
  }

  private ArrayNode links(String id) {
    ArrayNode l = Json.array();
    l.addObject().put("rel", "self").put("href", root + "/v2.1/images/" + id);
    l.addObject().put("rel", "bookmark").put("href", root + "/images/" + id);
    l.addObject().put("rel", "alternate").put("type", "application/vnd.openstack.image")
        .put("href", root + "/images/" + id);
    return l;
  }

  /** Glance's status as the compute API names it. */
  static String status(String glance) {
    return switch (glance == null ? "" : glance) {
      case "active" -> "ACTIVE";
      case "queued", "saving", "uploading", "importing" -> "SAVING";
      case "deleted", "pending_delete" -> "DELETED";
      case "killed", "deactivated" -> "ERROR";
      default -> "UNKNOWN";
    };
  }

  private static ObjectNode wrap(String key, Map<String, String> m) {
    ObjectNode body = Json.object();
    ObjectNode inner = body.putObject(key);
    m.forEach(inner::put);
    return body;
  }
}
