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
import dev.altus.volume.service.TransferService;
import dev.altus.volume.store.TransferRecords.Transfer;

/**
 * Volume transfers: {@code /v3/{project_id}/os-volume-transfer} and, from 3.55, {@code
 * /volume-transfers} (with {@code no_snapshots}); 3.57 adds the source and destination projects
 * and {@code accepted} to the bodies. Create, list (summary and detail), show, delete, accept.
 */
public final class TransferResource {
  private final TransferService transfers;
  private final Access access;
  private final VolumeViews views;

  public TransferResource(TransferService transfers, Access access, VolumeViews views) {
    this.transfers = transfers;
    this.access = access;
    this.views = views;
  }

  public void routes(Router r) {
    for (String c : new String[] {"os-volume-transfer", "volume-transfers"}) {
      String base = VolumeResource.P + "/" + c;
      r.post(base, req -> create(req, c));
      r.get(base, req -> list(req, c, false));
      r.get(base + "/detail", req -> list(req, c, true));
      r.get(base + "/{id}", req -> show(req, c));
      r.delete(base + "/{id}", req -> delete(req, c));
      r.post(base + "/{id}/accept", req -> accept(req, c));
    }
  }

  private static VolumeMicroversion version(ApiRequest req, String collection) {
    VolumeMicroversion mv = VolumeMicroversion.of(req);
    if (collection.equals("volume-transfers") && !mv.atLeast(55)) {
      throw ApiException.notFound("The resource could not be found (volume-transfers needs"
          + " microversion 3.55 or later).");
    }
    return mv;
  }

  private ObjectNode summary(Transfer t, String collection) {
    ObjectNode o = Json.object();
    o.put("id", t.id());
    o.put("name", t.name());
    o.put("volume_id", t.volumeId());
    var links = o.putArray("links");
    links.addObject().put("rel", "self").put("href", views.url("/v3/" + t.projectId() + "/"
        + collection + "/" + t.id()));
    links.addObject().put("rel", "bookmark").put("href", views.url("/" + t.projectId() + "/"
        + collection + "/" + t.id()));
    return o;
  }

  private ObjectNode detail(Transfer t, String collection, VolumeMicroversion mv) {
    ObjectNode o = summary(t, collection);
    o.put("created_at", CinderTimes.format(t.createdAt()));
    if (mv.atLeast(55)) {
      o.put("no_snapshots", t.noSnapshots());
    }
    if (mv.atLeast(57)) {
      o.putNull("destination_project_id");
      o.put("source_project_id", t.projectId());
      o.put("accepted", false);
    }
    return o;
  }

  private ApiResponse create(ApiRequest req, String collection) {
    VolumeMicroversion mv = version(req, collection);
    RequestContext ctx = req.context();
    JsonNode b = req.json().path("transfer");
    if (!b.isObject()) {
      throw ApiException.badRequest("Missing required element 'transfer' in request body.");
    }
    String volumeId = CinderInput.text(b.get("volume_id"), "volume_id", 36);
    if (volumeId == null) {
      throw ApiException.badRequest("Invalid input for field/attribute volume_id. 'volume_id'"
          + " is a required property");
    }
    boolean noSnapshots = false;
    if (b.has("no_snapshots")) {
      if (!mv.atLeast(55)) {
        throw ApiException.badRequest("Invalid input received: no_snapshots needs microversion"
            + " 3.55 or later.");
      }
      noSnapshots = CinderInput.bool(b.get("no_snapshots"), "no_snapshots");
    }
    access.enforce("volume:create_transfer", ctx);
    var offer = transfers.create(ctx, volumeId, CinderInput.text(b.get("name"), "name", 255),
        noSnapshots);
    ObjectNode t = detail(offer.transfer(), collection, mv);
    t.put("auth_key", offer.authKey());
    ObjectNode out = Json.object();
    out.set("transfer", t);
    return ApiResponse.json(202, out);
  }

  private ApiResponse list(ApiRequest req, String collection, boolean detail) {
    VolumeMicroversion mv = version(req, collection);
    RequestContext ctx = req.context();
    access.enforce("volume:get_all_transfers", ctx);
    boolean all = req.queryFlag("all_tenants")
        && access.allowed("volume:get_all_for_all_tenants", ctx, Access.projectOf(ctx));
    ObjectNode out = Json.object();
    var arr = out.putArray("transfers");
    for (Transfer t : transfers.list(ctx, all)) {
      arr.add(detail ? detail(t, collection, mv) : summary(t, collection));
    }
    return ApiResponse.ok(out);
  }

  private ApiResponse show(ApiRequest req, String collection) {
    VolumeMicroversion mv = version(req, collection);
    RequestContext ctx = req.context();
    Transfer t = transfers.get(ctx, req.param("id"));
    access.enforceOn("volume:get_transfer", ctx, t.projectId());
    ObjectNode out = Json.object();
    out.set("transfer", detail(t, collection, mv));
    return ApiResponse.ok(out);
  }

  private ApiResponse delete(ApiRequest req, String collection) {
    version(req, collection);
    RequestContext ctx = req.context();
    Transfer t = transfers.get(ctx, req.param("id"));
    access.enforceOn("volume:delete_transfer", ctx, t.projectId());
    transfers.delete(ctx, t.id());
    return ApiResponse.empty(202);
  }

  private ApiResponse accept(ApiRequest req, String collection) {
    version(req, collection);
    RequestContext ctx = req.context();
    access.enforce("volume:accept_transfer", ctx);
    JsonNode b = req.json().path("accept");
    if (!b.isObject()) {
      throw ApiException.badRequest("Missing required element 'accept' in request body.");
    }
    Transfer t = transfers.accept(ctx, req.param("id"),
        CinderInput.text(b.get("auth_key"), "auth_key", 255));
    ObjectNode out = Json.object();
    out.set("transfer", summary(new Transfer(t.id(), t.volumeId(), Access.projectOf(ctx),
        t.name(), t.salt(), t.cryptHash(), t.noSnapshots(), t.createdAt()), collection));
    return ApiResponse.json(202, out);
  }
}
