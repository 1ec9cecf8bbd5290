package dev.altus.common.http;

import dev.altus.common.error.ApiException;

/** Renders an {@link ApiException} in one API's own error format. */
@FunctionalInterface
public interface FaultFormat {
  ApiResponse render(ApiException e);
}
