package dev.altus.server.clients;

import dev.altus.common.context.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The context a service acts in when it does what its users may not do themselves (binding a port
 * to a host, reading an image's bytes for a boot), as Nova does with its service user. The caller's
 * project is kept so that what is created is still owned by the caller's project.
 */
final class ServiceContexts {
  private ServiceContexts() {}

  static RequestContext elevated(RequestContext caller, String serviceName) {
    return new RequestContext(serviceName, serviceName, "default",
        caller == null ? null : caller.projectId(), caller == null ? null : caller.projectName(),
        caller == null ? null : caller.projectDomainId(), null, false,
        Set.of("admin", "member", "reader", "service"), Set.of(), null, Instant.MAX, List.of(),
        null, null);
  }
}
