package dev.altus.image.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.image.model.Image;
import dev.altus.image.service.ImageListing;
import dev.altus.image.service.ImageService;
import dev.altus.image.service.PatchOp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code /v2/images}: create, list, show, JSON-patch update, delete, (de)activate, tags. */
public final class ImageResource {
  static final String PATCH_V21 = "application/openstack-images-v2.1-json-patch";
  static final String PATCH_V20 = "application/openstack-images-v2.0-json-patch";
  private final ImageService images;
  private final ImageListing listing;
  private final PolicyEngine policy;
  private final String importMethods;

  /** {@code importMethods}: the enabled import methods, named on each created image's response. */
  public ImageResource(ImageService images, ImageListing listing, PolicyEngine policy,
      java.util.List<String> importMethods) {
    this.images = images;
    this.listing = listing;
    this.policy = policy;
    this.importMethods = String.join(",", importMethods);
  }

  public void routes(Router r) {
    r.post("/v2/images", this::create);
    r.get("/v2/images", this::list);
    r.delete("/v2/images", this::emptyId);
    r.get("/v2/images/{id}", this::show);
    r.patch("/v2/images/{id}", this::patch);
    r.delete("/v2/images/{id}", this::delete);
    r.post("/v2/images/{id}/actions/deactivate", this::deactivate);
    r.post("/v2/images/{id}/actions/reactivate", this::reactivate);
    r.put("/v2/images/{id}/tags/{tag}", this::addTag);
    r.delete("/v2/images/{id}/tags/{tag}", this::removeTag);
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("add_image", req.context());
    Image img = images.create(req.context(), req.json());
    ApiResponse r = ApiResponse.created(ImageViews.image(img))
        .header("Location", "/v2/images/" + img.id());
    // clients (openstacksdk's image create with use_import) read the methods from here
    return importMethods.isEmpty() ? r : r.header("OpenStack-image-import-methods", importMethods);
  }

  /** {@code /v2/images/} names an image with an empty id: not found, as in Glance. */
  private static void refuseEmptyId(ApiRequest req) {
    if (req.path().endsWith("/")) {
      throw ApiException.notFound("No image found with an empty ID.");
    }
  }

  private ApiResponse emptyId(ApiRequest req) {
    refuseEmptyId(req);
    throw ApiException.methodNotAllowed("The method DELETE is not allowed for /v2/images.");
  }

  private ApiResponse list(ApiRequest req) {
    refuseEmptyId(req);
    policy.enforce("get_images", req.context());
    ImageListing.Page page = listing.list(req.context(), req.query());
    ObjectNode body = Json.object();
    var arr = body.putArray("images");
    page.images().forEach(i -> arr.add(ImageViews.image(i)));
    body.put("first", "/v2/images" + query(req.query(), null));
    body.put("schema", "/v2/schemas/images");
    if (page.more() && !page.images().isEmpty()) {
      body.put("next", "/v2/images" + query(req.query(),
          page.images().get(page.images().size() - 1).id()));
    }
    return ApiResponse.ok(body);
  }

  /** The request's query without marker (and with the next marker when given). */
  private static String query(Map<String, List<String>> q, String marker) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      if (e.getKey().equals("marker")) {
        continue;
      }
      for (String v : e.getValue()) {
        sb.append(sb.isEmpty() ? '?' : '&').append(enc(e.getKey())).append('=').append(enc(v));
      }
    }
    if (marker != null) {
      sb.append(sb.isEmpty() ? '?' : '&').append("marker=").append(enc(marker));
    }
    return sb.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("get_image", req.context());
    return ApiResponse.ok(ImageViews.image(images.show(req.context(), req.param("id"))));
  }

  private ApiResponse patch(ApiRequest req) {
    policy.enforce("modify_image", req.context());
    String type = req.header("Content-Type").orElse("");
    int semi = type.indexOf(';');
    String media = (semi >= 0 ? type.substring(0, semi) : type).trim().toLowerCase();
    boolean draft10;
    if (media.equals(PATCH_V21)) {
      draft10 = false;
    } else if (media.equals(PATCH_V20)) {
      draft10 = true;
    } else {
      throw ApiException.unsupportedMediaType("Unsupported Content-Type '" + type + "': use "
          + PATCH_V21 + ".");
    }
    List<PatchOp> ops = PatchOp.parse(req.json(), draft10);
    return ApiResponse.ok(ImageViews.image(images.patch(req.context(), req.param("id"), ops)));
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("delete_image", req.context());
    images.delete(req.context(), req.param("id"));
    return ApiResponse.noContent();
  }

  private ApiResponse deactivate(ApiRequest req) {
    policy.enforce("deactivate", req.context());
    images.deactivate(req.context(), req.param("id"));
    return ApiResponse.noContent();
  }

  private ApiResponse reactivate(ApiRequest req) {
    policy.enforce("reactivate", req.context());
    images.reactivate(req.context(), req.param("id"));
    return ApiResponse.noContent();
  }

  private ApiResponse addTag(ApiRequest req) {
    policy.enforce("modify_image", req.context());
    images.addTag(req.context(), req.param("id"), req.param("tag"));
    return ApiResponse.noContent();
  }

  private ApiResponse removeTag(ApiRequest req) {
    policy.enforce("modify_image", req.context());
    images.removeTag(req.context(), req.param("id"), req.param("tag"));
    return ApiResponse.noContent();
  }
}
