package dev.altus.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.image.ImageConfig;
import dev.altus.image.backend.ImageStore;
import dev.altus.image.model.Image;
import dev.altus.image.model.ImageStatus;
import dev.altus.image.store.ImageRecords;
import dev.altus.image.store.MemberRecords;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Image records: create, show, change (JSON patch), delete, deactivate, tags. */
public final class ImageService {
  private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);
  private final ImageConfig config;
  private final ImageRecords images;
  private final ImageStore store;
  private final ImageStore staging;
  private final ImageAccess access;
  private final Clock clock;
  private java.util.function.BiPredicate<String, RequestContext> policy =
      (rule, ctx) -> ctx.isAdmin();

  /** Decides the attribute rules (publicize_image, communitize_image) by the policy engine. */
  public void policy(java.util.function.BiPredicate<String, RequestContext> allowed) {
    this.policy = allowed;
  }

  public ImageService(ImageConfig config, ImageRecords images, MemberRecords members,
      ImageStore store, ImageStore staging, Clock clock) {
    this.config = config;
    this.images = images;
    this.store = store;
    this.staging = staging;
    this.access = new ImageAccess(members);
    this.clock = clock;
  }

  ImageAccess access() {
    return access;
  }

  /** Creates a queued image from the attributes of a create request. */
  public Image create(RequestContext ctx, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object of image attributes.");
    }
    ImageDraft d = new ImageDraft(config, ctx, null, rule -> policy.test(rule, ctx));
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      d.set(e.getKey(), e.getValue());
    }
    if (d.id == null) {
      d.id = UUID.randomUUID().toString();
    }
    if (config.imageCountQuota() >= 0 && d.owner != null
        && images.usage(d.owner)[0] >= config.imageCountQuota()) {
      throw ApiException.tooLarge("Image count quota exceeded: project " + d.owner + " may own at"
          + " most " + config.imageCountQuota() + " images.");
    }
    if (images.idTaken(d.id)) {
      throw ApiException.conflict("An image with identifier " + d.id + " already exists");
    }
    Image img = d.build(clock.instant());
    try {
      images.insert(img);
    } catch (RuntimeException e) {
      if (images.idTaken(d.id)) {
        throw ApiException.conflict("An image with identifier " + d.id + " already exists");
      }
      throw e;
    }
    return img;
  }

  /** An image the caller may see, or 404. */
  public Image show(RequestContext ctx, String id) {
    return access.visible(ctx, find(id));
  }

  Image find(String id) {
    return images.find(id).orElseThrow(() -> ImageAccess.notFound(id));
  }

  /** Applies JSON patch operations all or nothing; compare-and-set against a concurrent change. */
  public Image patch(RequestContext ctx, String id, List<PatchOp> ops) {
    Image cur = access.modifiable(ctx, find(id), "modify");
    ImageDraft d = new ImageDraft(config, ctx, cur, rule -> policy.test(rule, ctx));
    for (PatchOp op : ops) {
      switch (op.op()) {
        case "add" -> d.set(op.attr(), op.value());
        case "replace" -> {
          if (!d.has(op.attr()) && !ImageDraft.READ_ONLY.contains(op.attr())
              && !op.attr().startsWith("os_glance") && !op.attr().equals("kernel_id")
              && !op.attr().equals("ramdisk_id")) {
            throw ApiException.conflict("Property " + op.attr() + " does not exist.");
          }
          d.set(op.attr(), op.value());
        }
        case "remove" -> d.remove(op.attr());
        default -> throw ApiException.badRequest("Unsupported patch operation '" + op.op() + "'.");
      }
    }
    Image next = d.build(clock.instant());
    if (!images.update(next, cur.status())) {
      throw ApiException.conflict("Image " + id + " changed while it was being updated; retry.");
    }
    return next;
  }

  public void delete(RequestContext ctx, String id) {
    Image img = access.modifiable(ctx, find(id), "delete");
    if (img.isProtected()) {
      throw ApiException.forbidden("Image " + id + " is protected and cannot be deleted.");
    }
    if (!images.markDeleted(id, img.status(), clock.instant())) {
      throw ApiException.conflict("Image " + id + " changed while it was being deleted; retry.");
    }
    try {
      store.delete(id);
      staging.delete(id);
    } catch (IOException e) {
      LOG.warn("image {} deleted but its data could not be removed ({}); start-up cleanup will"
          + " retry", id, e.getMessage());
    }
  }

  public void deactivate(RequestContext ctx, String id) {
    Image img = access.modifiable(ctx, find(id), "deactivate");
    if (img.status() == ImageStatus.DEACTIVATED) {
      return;
    }
    if (img.status() != ImageStatus.ACTIVE
        || !images.transition(id, ImageStatus.ACTIVE, ImageStatus.DEACTIVATED, clock.instant())) {
      throw ApiException.forbidden("Not allowed to deactivate image in status '"
          + img.status().wire() + "'");
    }
  }

  public void reactivate(RequestContext ctx, String id) {
    Image img = access.modifiable(ctx, find(id), "reactivate");
    if (img.status() == ImageStatus.ACTIVE) {
      return;
    }
    if (img.status() != ImageStatus.DEACTIVATED
        || !images.transition(id, ImageStatus.DEACTIVATED, ImageStatus.ACTIVE, clock.instant())) {
      throw ApiException.forbidden("Not allowed to reactivate image in status '"
          + img.status().wire() + "'");
    }
  }

  public void addTag(RequestContext ctx, String id, String tag) {
    Image img = access.modifiable(ctx, find(id), "modify");
    ImageDraft d = new ImageDraft(config, ctx, img, rule -> policy.test(rule, ctx));
    d.addTag(tag);
    if (!images.update(d.build(clock.instant()), img.status())) {
      throw ApiException.conflict("Image " + id + " changed while it was being updated; retry.");
    }
  }

  public void removeTag(RequestContext ctx, String id, String tag) {
    Image img = access.modifiable(ctx, find(id), "modify");
    ImageDraft d = new ImageDraft(config, ctx, img, rule -> policy.test(rule, ctx));
    if (!d.tags.remove(tag)) {
      throw ApiException.notFound("Tag " + tag + " not found on image " + id + ".");
    }
    if (!images.update(d.build(clock.instant()), img.status())) {
      throw ApiException.conflict("Image " + id + " changed while it was being updated; retry.");
    }
  }
}
