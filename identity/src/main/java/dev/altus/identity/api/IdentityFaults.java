package dev.altus.identity.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.json.Json;

/** Keystone's error body: {@code {"error": {"code": 404, "message": "...", "title": "Not Found"}}}. */
public final class IdentityFaults implements FaultFormat {
  @Override
  public ApiResponse render(ApiException e) {
    var inner = Json.object();
    inner.put("code", e.status());
    inner.put("message", e.getMessage());
    inner.put("title", title(e.status()));
    var body = Json.object();
    body.set("error", inner);
    ApiResponse r = ApiResponse.json(e.status(), body);
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
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
