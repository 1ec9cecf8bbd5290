package dev.altus.compute.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.json.Json;

/**
 * Nova's error body: {@code {"itemNotFound": {"code": 404, "message": "..."}}}, the key chosen by
 * the status as Nova does (badRequest, forbidden, itemNotFound, badMethod, conflictingRequest,
 * overLimit, HTTPNotAcceptable, computeFault, notImplemented).
 */
public final class NovaFaults implements FaultFormat {
  @Override
  public ApiResponse render(ApiException e) {
    var inner = Json.object();
    inner.put("code", e.status());
    inner.put("message", e.getMessage());
    var body = Json.object();
    body.set(key(e.status()), inner);
    ApiResponse r = ApiResponse.json(e.status(), body);
    if (e.status() == 401) {
      r.header("WWW-Authenticate", "Keystone uri=\"\"");
    }
    return r;
  }

  static String key(int status) {
    return dev.altus.common.http.FaultKeys.key(status, "computeFault");
  }
}
