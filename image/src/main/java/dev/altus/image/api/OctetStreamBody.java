package dev.altus.image.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;

/** Checks of a raw image-data request body (upload and stage): its type and declared length. */
final class OctetStreamBody {
  private OctetStreamBody() {}

  /**
   * The declared Content-Length, or null when the body is chunked; 415 unless the body is
   * application/octet-stream, 400 for a malformed length.
   */
  static Long declaredLength(ApiRequest req) {
    String type = req.header("Content-Type").orElse("");
    if (!type.toLowerCase().startsWith("application/octet-stream")) {
      throw ApiException.unsupportedMediaType("Content-Type must be application/octet-stream, not '"
          + type + "'.");
    }
    var cl = req.header("Content-Length");
    if (cl.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(cl.get().trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid Content-Length: " + cl.get());
    }
  }
}
