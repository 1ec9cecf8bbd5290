package dev.altus.volume.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Paging;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.model.Volume;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.TypeService;
import dev.altus.volume.service.VolumeDraft;
import dev.altus.volume.service.VolumeService;
import dev.altus.volume.store.VolumeRecords;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@code /v3/{project_id}/volumes}: create, list (summary and detail), show, update, delete. */
public final class VolumeResource {
  public static final String P = "/v3/{project_id}";
  private static final Set<String> CREATE_FIELDS = Set.of("size", "name", "description",
      "display_name", "display_description", "volume_type", "availability_zone", "metadata",
      "bootable", "snapshot_id", "source_volid", "imageRef", "multiattach", "consistencygroup_id",
      "scheduler_hints", "group_id", "backup_id");
  private static final Map<String, Function<Volume, Comparable<?>>> SORT_KEYS = Map.of(
      "id", Volume::id, "name", Volume::name, "status", Volume::status, "size", Volume::size,
      "created_at", Volume::createdAt, "updated_at", Volume::updatedAt,
      "availability_zone", Volume::zone, "project_id", Volume::projectId);
  private final VolumeService volumes;
  private final VolumeRecords records;
  private final TypeService types;
  private final Access access;
  private final VolumeViews views;
  private final int maxLimit;
  private final dev.altus.volume.store.ImageMetadataRecords imageMetadata;

  public VolumeResource(VolumeService volumes, VolumeRecords records, TypeService types,
      Access access, VolumeViews views, int maxLimit,
      dev.altus.volume.store.ImageMetadataRecords imageMetadata) {
    this.imageMetadata = imageMetadata;
    this.volumes = volumes;
    this.records = records;
    this.types = types;
    this.access = access;
    this.views = views;
    this.maxLimit = maxLimit;
  }

  public void routes(Router r) {
    r.post(P + "/volumes", this::create);
    r.get(P + "/volumes", req -> list(req, false));
    r.get(P + "/volumes/detail", req -> list(req, true));
    r.get(P + "/volumes/summary", this::summary);
    // a volume named by an empty id (".../volumes/"): not found, as in Cinder
    r.put(P + "/volumes", req -> {
      throw ApiException.notFound("Volume  could not be found.");
    });
    r.delete(P + "/volumes", req -> {
      throw ApiException.notFound("Volume  could not be found.");
    });
    r.get(P + "/volumes/{id}", this::show);
    r.put(P + "/volumes/{id}", this::update);
    r.delete(P + "/volumes/{id}", this::delete);
  }

  ObjectNode detail(RequestContext ctx, Volume v, VolumeMicroversion mv) {
    return detail(ctx, v, mv, true);
  }

  ObjectNode detail(RequestContext ctx, Volume v, VolumeMicroversion mv, boolean extended) {
    // an attachment only reserved or still connecting is not yet the volume's, as in Cinder
    return views.volume(v, records.attachments(v.id()).stream()
            .filter(a -> a.status().equals("attached")).toList(), types.byId(v.typeId()), mv, extended,
        access.allowed("volume_extension:volume_host_attribute", ctx, v.projectId()),
        imageMetadata.find(v.id()));
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    access.enforce("volume:create", ctx);
    JsonNode doc = req.json();
    JsonNode body = doc.path("volume");
    if (!body.isObject()) {
      throw ApiException.badRequest("Missing required element 'volume' in request body.");
    }
    var it = body.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!CREATE_FIELDS.contains(f)) {
        throw ApiException.badRequest("Invalid input for field/attribute volume. Additional"
            + " properties are not allowed ('" + f + "' was unexpected)");
      }
    }
    if (body.hasNonNull("backup_id")) {
      throw ApiException.badRequest("Invalid input received: this cloud has no volume backups.");
    }
    if (body.has("multiattach") && CinderInput.bool(body.get("multiattach"), "multiattach")) {
      throw ApiException.badRequest("Invalid input received: multiattach volumes are not"
          + " supported by the file backend.");
    }
    String name = CinderInput.text(body.has("name") ? body.get("name")
        : body.get("display_name"), "name", 255);
    String description = CinderInput.text(body.has("description") ? body.get("description")
        : body.get("display_description"), "description", 255);
    Boolean bootable = body.has("bootable") && !body.get("bootable").isNull()
        ? CinderInput.bool(body.get("bootable"), "bootable") : null;
    VolumeDraft d = new VolumeDraft(CinderInput.size(body.get("size"), "size"), name, description,
        CinderInput.text(body.get("volume_type"), "volume_type", 255),
        CinderInput.text(body.get("availability_zone"), "availability_zone", 255),
        CinderInput.metadata(body.get("metadata"), "metadata"), bootable,
        CinderInput.text(body.get("snapshot_id"), "snapshot_id", 36),
        CinderInput.text(body.get("source_volid"), "source_volid", 36),
        CinderInput.text(body.get("imageRef"), "imageRef", 255));
    if (d.size() == null && d.snapshotId() == null && d.sourceVolid() == null
        && d.imageRef() == null) {
      throw ApiException.badRequest("Invalid input for field/attribute size. 'size' is a"
          + " required property");
    }
    Volume v = volumes.create(ctx, d, req.requestId());
    VolumeMicroversion mv = VolumeMicroversion.of(req);
    ObjectNode out = Json.object();
    out.set("volume", detail(ctx, v, mv, false));
    return ApiResponse.json(202, out);
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    if (req.path().endsWith("/") && !detail) {
      throw ApiException.notFound("Volume  could not be found.");
    }
    RequestContext ctx = req.context();
    access.enforce("volume:get_all", ctx);
    boolean all = req.queryParam("all_tenants").map(s -> !s.equals("0")
        && !s.equalsIgnoreCase("false")).orElse(false);
    if (all && !access.allowed("volume:get_all_for_all_tenants", ctx, Access.projectOf(ctx))) {
      all = false;
    }
    String project = all ? req.queryParam("project_id").orElse(null) : null;
    List<Volume> found = volumes.list(ctx, all, project);
    found = filter(req, found);
    found = CinderInput.sort(found, req.queryParam("sort").orElse(null),
        req.queryParam("sort_key").orElse(null), req.queryParam("sort_dir").orElse(null),
        SORT_KEYS);
    Paging.Page<Volume> page = Paging.page(CinderInput.offset(found, req.queryParam("offset")),
        Volume::id, req, maxLimit);
    VolumeMicroversion mv = VolumeMicroversion.of(req);
    ObjectNode out = Json.object();
    var arr = out.putArray("volumes");
    for (Volume v : page.items()) {
      arr.add(detail ? detail(ctx, v, mv) : views.summary(v));
    }
    if (CinderInput.nextLink(page.more(), page.items().size(), req)) {
      String next = views.url(req.path().replaceAll("/+$", "")) + "?limit="
          + page.items().size() + "&marker="
          + page.items().get(page.items().size() - 1).id();
      out.putArray("volumes_links").addObject().put("rel", "next").put("href", next);
    }
    if (mv.atLeast(45) && req.queryFlag("with_count")) {
      out.put("count", found.size());
    }
    return ApiResponse.ok(out);
  }

  private List<Volume> filter(ApiRequest req, List<Volume> in) {
    var name = req.queryParam("name").or(() -> req.queryParam("display_name"));
    var status = req.queryParam("status");
    var zone = req.queryParam("availability_zone");
    var bootable = req.queryParam("bootable");
    Map<String, String> meta = req.queryParam("metadata").map(CinderInput::metadataFilter)
        .orElse(Map.of());
    return in.stream()
        .filter(v -> name.isEmpty() || name.get().equals(v.name()))
        .filter(v -> status.isEmpty() || status.get().equals(v.status()))
        .filter(v -> zone.isEmpty() || zone.get().equals(v.zone()))
        .filter(v -> bootable.isEmpty()
            || CinderInput.bool(com.fasterxml.jackson.databind.node.TextNode.valueOf(bootable.get()), "bootable") == v.bootable())
        .filter(v -> meta.entrySet().stream()
            .allMatch(e -> e.getValue().equals(v.metadata().get(e.getKey()))))
        .toList();
  }

  /** 3.12+: how many volumes, how many GiB, and (3.36+) every metadata key with its values. */
  private ApiResponse summary(ApiRequest req) {
    VolumeMicroversion mv = VolumeMicroversion.of(req);
    if (!mv.atLeast(12)) {
      throw ApiException.notFound("Volume summary could not be found.");
    }
    RequestContext ctx = req.context();
    access.enforce("volume:get_all", ctx);
    boolean all = req.queryParam("all_tenants").map(s -> !s.equals("0")
        && !s.equalsIgnoreCase("false")).orElse(false) && ctx.isAdmin();
    List<Volume> found = volumes.list(ctx, all, null);
    ObjectNode sum = Json.object();
    sum.put("total_size", found.stream().mapToLong(Volume::size).sum());
    sum.put("total_count", found.size());
    if (mv.atLeast(36)) {
      var meta = new java.util.TreeMap<String, java.util.TreeSet<String>>();
      for (Volume v : found) {
        v.metadata().forEach((k, val) -> meta.computeIfAbsent(k, x -> new java.util.TreeSet<>())
            .add(val));
      }
      ObjectNode m = sum.putObject("metadata");
      meta.forEach((k, vals) -> vals.forEach(m.withArray(k)::add));
    }
    ObjectNode out = Json.object();
    out.set("volume-summary", sum);
    return ApiResponse.ok(out);
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    Volume v = volumes.get(ctx, req.param("id"));
    access.enforceOn("volume:get", ctx, v.projectId());
    ObjectNode out = Json.object();
    out.set("volume", detail(ctx, v, VolumeMicroversion.of(req)));
    return ApiResponse.ok(out);
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    Volume v = volumes.get(ctx, req.param("id"));
    access.enforceOn("volume:update", ctx, v.projectId());
    JsonNode body = req.json().path("volume");
    if (!body.isObject() || body.isEmpty()) {
      throw ApiException.badRequest("Missing required element 'volume' in request body.");
    }
    boolean setName = body.has("name") || body.has("display_name");
    boolean setDescription = body.has("description") || body.has("display_description");
    String name = CinderInput.text(body.has("name") ? body.get("name")
        : body.get("display_name"), "name", 255);
    String description = CinderInput.text(body.has("description") ? body.get("description")
        : body.get("display_description"), "description", 255);
    Map<String, String> meta = CinderInput.metadata(body.get("metadata"), "metadata");
    Volume u = volumes.update(ctx, v.id(), name, description, meta, setName, setDescription);
    ObjectNode out = Json.object();
    out.set("volume", detail(ctx, u, VolumeMicroversion.of(req), false));
    return ApiResponse.ok(out);
  }

  private ApiResponse delete(ApiRequest req) {
    RequestContext ctx = req.context();
    Volume v = volumes.get(ctx, req.param("id"));
    access.enforceOn("volume:delete", ctx, v.projectId());
    boolean cascade = req.queryParam("cascade").map(s -> s.equalsIgnoreCase("true")
        || s.equals("1")).orElse(false);
    boolean force = req.queryParam("force").map(s -> s.equalsIgnoreCase("true")
        || s.equals("1")).orElse(false);
    if (force) {
      access.enforceOn("volume_extension:volume_admin_actions:force_delete", ctx, v.projectId());
    }
    volumes.delete(ctx, v.id(), cascade, force);
    return ApiResponse.empty(202);
  }
}
