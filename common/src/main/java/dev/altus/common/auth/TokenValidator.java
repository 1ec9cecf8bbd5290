package dev.altus.common.auth;

import dev.altus.common.context.RequestContext;
import java.util.Optional;

/**
 * Turns an {@code X-Auth-Token} into the caller, or nothing if the token is not valid (expired,
 * revoked, unknown). Every API endpoint authenticates through one of these. In the all-in-one
 * cloud it is the identity service's own validator (cached and revocation-aware); a service in
 * another process gets one that asks the identity API.
 */
@FunctionalInterface
public interface TokenValidator {
  Optional<RequestContext> validate(String token);
}
