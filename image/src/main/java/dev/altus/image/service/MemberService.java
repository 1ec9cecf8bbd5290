package dev.altus.image.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.image.model.Image;
import dev.altus.image.model.Member;
import dev.altus.image.store.MemberRecords;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Image sharing: the owner adds and removes member projects of a shared image; each member
 * accepts or rejects (or sets pending again) for itself.
 */
public final class MemberService {
  private static final Set<String> STATUSES = Set.of("pending", "accepted", "rejected");
  private static final int MAX_MEMBERS = 128;
  private final ImageService images;
  private final MemberRecords members;
  private final Clock clock;

  public MemberService(ImageService images, MemberRecords members, Clock clock) {
    this.images = images;
    this.members = members;
    this.clock = clock;
  }

  private static void sharedOnly(Image img) {
    if (!img.visibility().equals("shared")) {
      throw ApiException.forbidden("Only shared images have members.");
    }
  }

  public Member add(RequestContext ctx, String imageId, String memberId) {
    Image img = images.access().modifiable(ctx, images.find(imageId), "share");
    sharedOnly(img);
    if (memberId == null || memberId.isBlank() || memberId.length() > 255) {
      throw ApiException.badRequest("'member' must be a project id of 1 to 255 characters.");
    }
    if (members.find(imageId, memberId).isPresent()) {
      throw ApiException.conflict("Member " + memberId + " already exists for image " + imageId + ".");
    }
    if (members.count(imageId) >= MAX_MEMBERS) {
      throw ApiException.tooLarge("Maximum number of image members exceeded: an image has at most "
          + MAX_MEMBERS + " members.");
    }
    var now = clock.instant();
    Member m = new Member(imageId, memberId, "pending", now, now);
    try {
      members.insert(m);
    } catch (RuntimeException e) {
      if (members.find(imageId, memberId).isPresent()) {
        throw ApiException.conflict("Member " + memberId + " already exists for image " + imageId + ".");
      }
      throw e;
    }
    return m;
  }

  /** The owner sees every member; a member sees its own membership only. */
  public List<Member> list(RequestContext ctx, String imageId) {
    Image img = images.show(ctx, imageId);
    sharedOnly(img);
    List<Member> all = members.ofImage(imageId);
    if (ctx.isAdmin() || ImageAccess.owns(ctx, img)) {
      return all;
    }
    return all.stream().filter(m -> m.memberId().equals(ctx.projectId())).toList();
  }

  public Member show(RequestContext ctx, String imageId, String memberId) {
    Image img = images.show(ctx, imageId);
    sharedOnly(img);
    if (!ctx.isAdmin() && !ImageAccess.owns(ctx, img) && !memberId.equals(ctx.projectId())) {
      throw notFound(imageId, memberId);
    }
    return members.find(imageId, memberId).orElseThrow(() -> notFound(imageId, memberId));
  }

  public Member setStatus(RequestContext ctx, String imageId, String memberId, String status) {
    Image img = images.show(ctx, imageId);
    sharedOnly(img);
    Member m = members.find(imageId, memberId).orElseThrow(() -> notFound(imageId, memberId));
    if (!memberId.equals(ctx.projectId())) {
      throw ApiException.forbidden("Only the member project itself may change its membership"
          + " status; the image owner cannot.");
    }
    if (status == null || !STATUSES.contains(status)) {
      throw ApiException.badRequest("Invalid status: " + status
          + ". Valid values are pending, accepted and rejected.");
    }
    var now = clock.instant();
    members.updateStatus(imageId, memberId, status, now);
    return new Member(imageId, memberId, status, m.createdAt(), now);
  }

  public void remove(RequestContext ctx, String imageId, String memberId) {
    Image img = images.show(ctx, imageId);
    sharedOnly(img);
    if (!ctx.isAdmin() && !ImageAccess.owns(ctx, img)) {
      throw ApiException.forbidden("Only the image owner may remove members.");
    }
    if (!members.delete(imageId, memberId)) {
      throw notFound(imageId, memberId);
    }
  }

  private static ApiException notFound(String imageId, String memberId) {
    return ApiException.notFound("Member " + memberId + " not found for image " + imageId + ".");
  }
}
