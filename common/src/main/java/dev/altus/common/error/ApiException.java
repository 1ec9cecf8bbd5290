package dev.altus.common.error;

/**
 * A failure that maps to an HTTP status and a message the caller can act on. Each API renders it in
 * its own fault format (see {@link dev.altus.common.http.FaultFormat}); services throw it without
 * knowing which API called them.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String kind;

  public ApiException(int status, String kind, String message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }

  /** HTTP status code. */
  public int status() {
    return status;
  }

  /** A short machine-readable kind, e.g. {@code NetworkNotFound}; may be null. */
  public String kind() {
    return kind;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "Unauthorized", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "Forbidden", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "NotFound", message);
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "MethodNotAllowed", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "Conflict", message);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(413, "RequestEntityTooLarge", message);
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "UnsupportedMediaType", message);
  }

  public static ApiException notImplemented(String message) {
    return new ApiException(501, "NotImplemented", message);
  }
}
