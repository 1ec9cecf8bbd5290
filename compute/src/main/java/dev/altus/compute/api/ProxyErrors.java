package dev.altus.compute.api;

import dev.altus.common.error.ApiException;
import java.util.function.Supplier;

/**
 * The network service's refusals as the compute API's proxies report them: Nova turns Neutron's
 * conflicts (a rule that exists, a default group, a group in use) into 400s; 404s stay 404s.
 */
final class ProxyErrors {
  private ProxyErrors() {}

  static <T> T call(Supplier<T> s) {
    try {
      return s.get();
    } catch (ApiException e) {
      throw translate(e);
    }
  }

  static void run(Runnable r) {
    call(() -> {
      r.run();
      return null;
    });
  }

  static ApiException translate(ApiException e) {
    return switch (e.status()) {
      case 404 -> new ApiException(404, e.kind(), e.getMessage());
      case 409, 400 -> new ApiException(400, e.kind(), e.getMessage());
      case 403 -> new ApiException(403, e.kind(), e.getMessage());
      default -> e;
    };
  }

  /** The proxies exist up to 2.35; later versions get 404, as in Nova. */
  static void upTo235(dev.altus.common.http.ApiRequest req) {
    if (Microversion.of(req).atLeast(36)) {
      throw ApiException.notFound("The resource could not be found.");
    }
  }
}
