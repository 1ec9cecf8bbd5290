package dev.altus.identity.api;

import dev.altus.common.http.Router;
import java.util.Map;

/** One group of identity API resources: its routes and the default policy of each action. */
public interface IdentityResource {
  void routes(Router router);

  /** Default rules for the actions this resource enforces, in oslo.policy's language. */
  Map<String, String> policies();
}
