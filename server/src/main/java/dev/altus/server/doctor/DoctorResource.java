package dev.altus.server.doctor;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import java.util.function.Supplier;

/**
 * {@code GET /altus/v1/doctor} on the compute API's port: the doctor's findings for admins (403
 * for everyone else; the findings name hosts, addresses and firewall rules). The answer is
 * {@link DoctorReport#toJson}; the {@code altus doctor} command prints it.
 */
public final class DoctorResource {
  public static final String PATH = "/altus/v1/doctor";
  private final Supplier<CloudDoctor> doctor;
  private final String novncBaseUrl;

  /**
   * @param novncBaseUrl compute.novncproxy_base_url, given in the answer so that the command
   *     checks it from where the clients are
   */
  public DoctorResource(Supplier<CloudDoctor> doctor, String novncBaseUrl) {
    this.doctor = doctor;
    this.novncBaseUrl = novncBaseUrl;
  }

  public void routes(Router router) {
    router.get(PATH, req -> {
      if (!req.context().isAdmin()) {
        throw ApiException.forbidden("Policy doesn't allow altus:doctor to be performed.");
      }
      var body = doctor.get().examine().toJson();
      ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("doctor"))
          .put("novnc_base_url", novncBaseUrl);
      return ApiResponse.ok(body);
    });
  }
}
