package dev.altus.network.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.json.Json;

/**
 * Neutron's error body: {@code {"NeutronError": {"type": "NetworkNotFound", "message": "...",
 * "detail": ""}}}. Errors raised by the shared kernel (malformed JSON, unknown route) get Neutron's
 * generic types for their status.
 */
public final class NeutronFaults implements FaultFormat {
  @Override
  public ApiResponse render(ApiException e) {
    var inner = Json.object();
    inner.put("type", type(e));
    inner.put("message", e.getMessage());
    inner.put("detail", "");
    var body = Json.object();
    body.set("NeutronError", inner);
    return ApiResponse.json(e.status(), body);
  }

  private static String type(ApiException e) {
    String k = e.kind();
    if (k == null || k.equals("BadRequest")) {
      return e.status() == 400 ? "HTTPBadRequest" : k == null ? "NeutronException" : k;
    }
    return switch (k) {
      case "NotFound" -> "HTTPNotFound";
      case "Forbidden" -> "HTTPForbidden";
      case "Unauthorized" -> "HTTPUnauthorized";
      case "MethodNotAllowed" -> "HTTPMethodNotAllowed";
      case "Conflict" -> "HTTPConflict";
      case "InternalError" -> "HTTPInternalServerError";
      case "RequestEntityTooLarge" -> "HTTPRequestEntityTooLarge";
      case "ServiceUnavailable" -> "HTTPServiceUnavailable";
      default -> k;
    };
  }
}
