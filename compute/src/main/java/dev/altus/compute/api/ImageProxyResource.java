package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.client.ImageClient.ImageRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /images}: the image service's images as compute shows them (Nova's image proxy, gone
 * from 2.36 on): list with filters, show, delete, and the images' metadata (their extra
 * properties). Every call goes to the image service with the caller's rights.
 */
public final class ImageProxyResource {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_METADATA_ITEMS = 128;

  private final ImageClient images;
  private final String root;

  public ImageProxyResource(ImageClient images, String root) {
    this.images = images;
    this.root = root;
  }

  public void routes(Router r) {
    r.get("/v2.1/images", req -> list(req, false));
    r.get("/v2.1/images/detail", req -> list(req, true));
    r.get("/v2.1/images/{image_id}", this::show);
    r.delete("/v2.1/images/{image_id}", this::delete);
    // "DELETE /images/" names the image with an empty id, which no image has
    r.delete("/v2.1/images", req -> {
      proxied(req);
      throw ApiException.notFound("Image not found.");
    });
    r.get("/v2.1/images/{image_id}/metadata", this::metadata);
    r.put("/v2.1/images/{image_id}/metadata", req -> setMetadata(req, true));
    r.post("/v2.1/images/{image_id}/metadata", req -> setMetadata(req, false));
    r.get("/v2.1/images/{image_id}/metadata/{key}", this::showItem);
    r.put("/v2.1/images/{image_id}/metadata/{key}", this::setItem);
    r.delete("/v2.1/images/{image_id}/metadata/{key}", this::deleteItem);
  }

  /** The proxy APIs end at 2.36: later versions find no such resource. */
  private static void proxied(ApiRequest req) {
    if (Microversion.of(req).atLeast(36)) {
      throw ApiException.notFound("The resource could not be found.");
    }
  }

  private ImageRecord find(ApiRequest req) {
    proxied(req);
    String id = req.param("image_id");
    return images.record(req.context(), id)
        .orElseThrow(() -> ApiException.notFound("Image not found."));
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    proxied(req);
    Map<String, List<String>> q = req.query();
    String name = first(q, "name");
    String status = first(q, "status");
    String server = first(q, "server");
    if (server != null) {
      server = server.substring(server.lastIndexOf('/') + 1);
    }
    String type = first(q, "type");
    Integer minRam = integer(q, "minRam");
    Integer minDisk = integer(q, "minDisk");
    Long since = null;
    String changes = first(q, "changes-since");
    if (changes != null) {
      try {
        since = OffsetDateTime.parse(changes).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          since = Instant.parse(changes + "Z").toEpochMilli();
        } catch (DateTimeParseException e2) {
          throw ApiException.badRequest("Invalid changes-since value");
        }
      }
    }
    Integer limit = integer(q, "limit");
    String marker = first(q, "marker");
    List<ImageRecord> out = new ArrayList<>();
    for (ImageRecord r : images.all(req.context())) {
      var i = r.info();
      if (name != null && !name.equals(i.name())
          || status != null && !status.equalsIgnoreCase(status(i.status()))
          || server != null && !server.equals(i.properties().get("instance_uuid"))
          || type != null && !type.equals(i.properties().get("image_type"))
          || minRam != null && i.minRamMb() < minRam
          || minDisk != null && i.minDiskGb() < minDisk
          || since != null && r.updatedAt() / 1000 < since / 1000) {
        continue;
      }
      out.add(r);
    }
    int from = 0;
    if (marker != null) {
      from = -1;
      for (int k = 0; k < out.size(); k++) {
        if (out.get(k).info().id().equals(marker)) {
          from = k + 1;
        }
      }
      if (from < 0) {
        throw ApiException.badRequest("marker [" + marker + "] not found");
      }
    }
    int to = limit == null ? out.size() : Math.min(out.size(), from + limit);
    ArrayNode list = Json.array();
    for (ImageRecord r : out.subList(from, Math.max(from, to))) {
      list.add(detail ? view(r) : brief(r));
    }
    ObjectNode body = Json.object();
    body.set("images", list);
    if (limit != null && to - from == limit && to > 0 && to < out.size()) {
      ArrayNode links = body.putArray("images_links");
      links.addObject().put("rel", "next").put("href", root + "/v2.1/images"
          + (detail ? "/detail" : "") + "?limit=" + limit + "&marker="
          + out.get(to - 1).info().id());
    }
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    ObjectNode body = Json.object();
    body.set("image", view(find(req)));
    return ApiResponse.ok(body);
  }

  private ApiResponse delete(ApiRequest req) {
    ImageRecord r = find(req);
    images.delete(req.context(), r.info().id());
    return ApiResponse.noContent();
  }

  private ApiResponse metadata(ApiRequest req) {
    ObjectNode body = Json.object();
    body.set("metadata", metadata(find(req)));
    return ApiResponse.ok(body);
  }

  private ApiResponse setMetadata(ApiRequest req, boolean replace) {
    ImageRecord r = find(req);
    JsonNode meta = NovaInput.body(req).get("metadata");
    if (meta == null || !meta.isObject()) {
      throw ApiException.badRequest("Malformed request body: metadata must be an object.");
    }
    Map<String, String> set = strings(meta);
    Set<String> remove = new HashSet<>();
    if (replace) {
      for (String k : r.info().properties().keySet()) {
        if (!set.containsKey(k)) {
          remove.add(k);
        }
      }
    }
    Set<String> keys = new HashSet<>(r.info().properties().keySet());
    keys.removeAll(remove);
    keys.addAll(set.keySet());
    quota(keys.size());
    ImageRecord after = images.changeProperties(req.context(), r.info().id(), set, remove);
    ObjectNode body = Json.object();
    body.set("metadata", metadata(after));
    return ApiResponse.ok(body);
  }

  private ApiResponse showItem(ApiRequest req) {
    ImageRecord r = find(req);
    String key = req.param("key");
    String v = r.info().properties().get(key);
    if (v == null) {
      throw ApiException.notFound("Image " + r.info().id() + " has no metadata with key "
          + key + ".");
    }
    ObjectNode body = Json.object();
    body.putObject("meta").put(key, v);
    return ApiResponse.ok(body);
  }

  private ApiResponse setItem(ApiRequest req) {
    ImageRecord r = find(req);
    String key = req.param("key");
    JsonNode meta = NovaInput.body(req).get("meta");
    if (meta == null || !meta.isObject()) {
      throw ApiException.badRequest("Malformed request body: meta must be an object.");
    }
    if (meta.size() != 1) {
      throw ApiException.badRequest("Request body contains too many items");
    }
    if (!meta.has(key)) {
      throw ApiException.badRequest("Request body and URI mismatch");
    }
    Map<String, String> set = strings(meta);
    Set<String> keys = new HashSet<>(r.info().properties().keySet());
    keys.add(key);
    quota(keys.size());
    images.changeProperties(req.context(), r.info().id(), set, Set.of());
    ObjectNode body = Json.object();
    body.putObject("meta").put(key, set.get(key));
    return ApiResponse.ok(body);
  }

  private ApiResponse deleteItem(ApiRequest req) {
    ImageRecord r = find(req);
    String key = req.param("key");
    if (!r.info().properties().containsKey(key)) {
      throw ApiException.notFound("Image " + r.info().id() + " has no metadata with key "
          + key + ".");
    }
    images.changeProperties(req.context(), r.info().id(), Map.of(), Set.of(key));
    return ApiResponse.noContent();
  }

  private static void quota(int items) {
    if (items > MAX_METADATA_ITEMS) {
      throw ApiException.forbidden("Quota exceeded for metadata_items: the limit is "
          + MAX_METADATA_ITEMS + ".");
    }
  }

  private static Map<String, String> strings(JsonNode meta) {
    Map<String, String> out = new LinkedHashMap<>();
    for (var it = meta.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().isEmpty() || e.getKey().length() > 255) {
        throw ApiException.badRequest("Invalid metadata key: it must be 1 to 255 characters.");
      }
      if (!e.getValue().isTextual() && !e.getValue().isNumber()
          && !e.getValue().isBoolean()) {
        throw ApiException.badRequest("Invalid metadata value for key " + e.getKey()
            + ": it must be a string.");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private ObjectNode brief(ImageRecord r) {
    ObjectNode o = Json.object();
    o.put("id", r.info().id());
    o.put("name", r.info().name());
    o.set("links", links(r.info().id()));
    return o;
  }

  private ObjectNode view(ImageRecord r) {
    var i = r.info();
    ObjectNode o = Json.object();
    o.put("id", i.id());
    o.put("name", i.name());
    String status = status(i.status());
    o.put("status", status);
    o.put("progress", switch (status) {
      case "ACTIVE" -> 100;
      case "SAVING" -> "queued".equals(i.status()) ? 25 : 50;
      default -> 0;
    });
    o.put("minDisk", i.minDiskGb());
    o.put("minRam", i.minRamMb());
    o.put("created", SECONDS.format(Instant.ofEpochMilli(r.createdAt())));
    o.put("updated", SECONDS.format(Instant.ofEpochMilli(r.updatedAt())));
    o.set("metadata", metadata(r));
    o.put("OS-EXT-IMG-SIZE:size", i.size());
    String server = i.properties().get("instance_uuid");
    if (server != null) {
      ObjectNode s = o.putObject("server");
      s.put("id", server);
      ArrayNode sl = s.putArray("links");
      sl.addObject().put("href", root + "/v2.1/servers/" + server).put("rel", "self");
      sl.addObject().put("href", root + "/servers/" + server).put("rel", "bookmark");
    }
    o.set("links", links(i.id()));
    return o;
  }

  private static ObjectNode metadata(ImageRecord r) {
    ObjectNode m = Json.object();
    r.info().properties().forEach(m::put);
    return m;
  }

  private ArrayNode links(String id) {
    ArrayNode l = Json.array();
    l.addObject().put("rel", "self").put("href", root + "/v2.1/images/" + id);
    l.addObject().put("rel", "bookmark").put("href", root + "/images/" + id);
    return l;
  }

  /** Glance's status as Nova shows it. */
  private static String status(String glance) {
    return switch (glance == null ? "" : glance) {
      case "active" -> "ACTIVE";
      case "queued", "saving", "uploading", "importing" -> "SAVING";
      case "deleted", "pending_delete" -> "DELETED";
      case "killed" -> "ERROR";
      default -> "UNKNOWN";
    };
  }

  private static String first(Map<String, List<String>> q, String k) {
    List<String> v = q.get(k);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static Integer integer(Map<String, List<String>> q, String k) {
    String v = first(q, k);
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid " + k + " value: " + v);
    }
  }

}
