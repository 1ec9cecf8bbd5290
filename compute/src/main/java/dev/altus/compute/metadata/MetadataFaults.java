package dev.altus.compute.metadata;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.FaultFormat;
import java.nio.charset.StandardCharsets;

/**
 * The metadata service's error body, as Nova's (a WSGI service) writes it for a guest's curl:
 * plain text, the status line, a blank line and the reason.
 */
final class MetadataFaults implements FaultFormat {
  @Override
  public ApiResponse render(ApiException e) {
    String body = e.status() + " " + title(e.status()) + "\n\n" + e.getMessage() + "\n";
    return ApiResponse.bytes(e.status(), MetadataTree.TEXT, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
