package dev.altus.image.service;

import dev.altus.common.db.DatabaseFailures;
import dev.altus.common.error.ApiException;

/**
 * What an upload answers when the image store cannot take the data, as Glance does: a full store
 * is a 413 ("Image storage media is full"), a store that refuses writes a 503, anything else a 500
 * that says what failed. The database failing on the way is a 503 like everywhere.
 */
final class StoreFailures {
  private StoreFailures() {}

  static ApiException writeFailed(Throwable e) {
    if (DatabaseFailures.isDatabaseFailure(e)) {
      return DatabaseFailures.unavailable(e);
    }
    String why = DatabaseFailures.rootMessage(e);
    String lower = why.toLowerCase();
    if (lower.contains("no space left") || lower.contains("disk quota exceeded")) {
      return ApiException.tooLarge("Image storage media is full: " + why
          + "; the image stays queued.");
    }
    if (e instanceof java.nio.file.AccessDeniedException || lower.contains("permission denied")
        || lower.contains("read-only file system")) {
      return new ApiException(503, "ServiceUnavailable", "Insufficient permissions on image"
          + " storage media: " + why + "; the image stays queued.");
    }
    return new ApiException(500, "InternalError", "The image data could not be written to the"
        + " image store: " + why + "; the image stays queued.");
  }
}
