package dev.altus.identity;

import dev.altus.common.http.Router;
import dev.altus.identity.service.IdentityEvents;

/** Marks identity data as changed after every successful write request. */
final class WriteTrackingRouter {
  private final Router inner;
  private final IdentityEvents events;

  WriteTrackingRouter(Router inner, IdentityEvents events) {
    this.inner = inner;
    this.events = events;
  }

  Router router() {
    return inner.wrap((method, template) -> !method.equals("GET") && !method.equals("HEAD")
        && !template.equals("/v3/auth/tokens"), h -> req -> {
      var res = h.handle(req);
      if (res.status() < 400) {
        events.changed();
      }
      return res;
    });
  }
}
