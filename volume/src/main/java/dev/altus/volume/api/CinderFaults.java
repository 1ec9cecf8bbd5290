package dev.altus.volume.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.json.Json;

/**
 * Cinder's error body, {@code {"itemNotFound": {"code": 404, "message": "..."}}}, keyed by the
 * status as Cinder's fault wrapper does (badRequest, forbidden, itemNotFound, badMethod,
 * conflictingRequest, overLimit, computeFault).
 */
public final class CinderFaults implements FaultFormat {
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
    if (e.status() == 406 || e.status() == 400 && "VersionNotFound".equals(e.kind())) {
      r.header("OpenStack-API-Version", "volume " + VolumeMicroversion.MIN);
    }
    return r;
  }

  static String key(int status) {
    return dev.altus.common.http.FaultKeys.key(status, "computeFault");
  }
}
