package dev.altus.network.service;

import dev.altus.common.error.ApiException;

/** Neutron's error types with their HTTP status. */
public final class Errors {
  private Errors() {}

  public static ApiException badRequest(String message) {
    return new ApiException(400, "HTTPBadRequest", message);
  }

  public static ApiException invalidInput(String message) {
    return new ApiException(400, "InvalidInput", "Invalid input for operation: " + message);
  }

  public static ApiException notFound(String type, String message) {
    return new ApiException(404, type, message);
  }

  public static ApiException conflict(String type, String message) {
    return new ApiException(409, type, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "PolicyNotAuthorized", message);
  }

  public static ApiException policy(String action) {
    return forbidden("(rule:" + action + ") is disallowed by policy");
  }
}
