package dev.altus.image.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.FaultFormat;
import java.nio.charset.StandardCharsets;

/** Glance's error body: the status line, a blank line and the message, as plain text. */
public final class ImageFaults implements FaultFormat {
  @Override
  public ApiResponse render(ApiException e) {
    String line = e.status() + " " + title(e.status());
    String body = line + "\n\n" + e.getMessage() + "\n\n   ";
    ApiResponse r = ApiResponse.bytes(e.status(), "text/plain; charset=UTF-8",
        body.getBytes(StandardCharsets.UTF_8));
    if (e.status() == 401) {
      r.header("WWW-Authenticate", "Keystone uri=\"/v3\"");
    }
    return r;
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 416 -> "Requested Range Not Satisfiable";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
