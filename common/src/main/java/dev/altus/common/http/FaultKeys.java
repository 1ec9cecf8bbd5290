package dev.altus.common.http;

/**
 * The key Nova's and Cinder's fault bodies are wrapped in, by status ({@code {"itemNotFound":
 * {"code": 404, "message": ...}}}); only a server error's key differs between them.
 */
public final class FaultKeys {
  private FaultKeys() {}

  /** The key for {@code status}; {@code serverFault} for 5xx without a key of their own. */
  public static String key(int status, String serverFault) {
    return switch (status) {
      case 400 -> "badRequest";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "itemNotFound";
      case 405 -> "badMethod";
      case 406 -> "HTTPNotAcceptable";
      case 409 -> "conflictingRequest";
      case 413, 429 -> "overLimit";
      case 415 -> "badMediaType";
      case 501 -> "notImplemented";
      case 503 -> "serviceUnavailable";
      default -> status >= 500 ? serverFault : "badRequest";
    };
  }
}
