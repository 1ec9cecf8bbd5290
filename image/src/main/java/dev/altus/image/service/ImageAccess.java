package dev.altus.image.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.image.model.Image;
import dev.altus.image.store.MemberRecords;

/** Who may see and who may change an image, by Glance's visibility rules. */
final class ImageAccess {
  private final MemberRecords members;

  ImageAccess(MemberRecords members) {
    this.members = members;
  }

  static boolean owns(RequestContext ctx, Image i) {
    return ctx.projectId() != null && ctx.projectId().equals(i.owner());
  }

  boolean canSee(RequestContext ctx, Image i) {
    if (ctx.isAdmin() || owns(ctx, i)) {
      return true;
    }
    return switch (i.visibility()) {
      case "public", "community" -> true;
      case "shared" -> ctx.projectId() != null && members.find(i.id(), ctx.projectId()).isPresent();
      default -> false;
    };
  }

  /** The image if the caller may see it; a 404 otherwise (its existence is not revealed). */
  Image visible(RequestContext ctx, Image i) {
    if (!canSee(ctx, i)) {
      throw notFound(i.id());
    }
    return i;
  }

  /** The image if the caller may change it: 404 if invisible, 403 if only visible. */
  Image modifiable(RequestContext ctx, Image i, String what) {
    visible(ctx, i);
    if (!ctx.isAdmin() && !owns(ctx, i)) {
      throw ApiException.forbidden("You are not permitted to " + what + " image " + i.id() + ".");
    }
    return i;
  }

  static ApiException notFound(String id) {
    return ApiException.notFound("No image found with ID " + id);
  }
}
